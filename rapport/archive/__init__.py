"""The Rapport archive: everything an account owns as one JSON file, and back in.

It sits above the apps it reads (contacts, meetings, agenda) and registers itself with the
contacts app (``rapport.contacts.archive.register``) when the apps are ready, so that the
import and export pages offer it without the lower layer importing this one.
"""

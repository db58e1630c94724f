"""The student's contacts and meetings on their phone: pushed to a CardDAV address book and a
CalDAV calendar of their choice, one way, by ETag, never duplicating, never overwriting an
edit made there."""

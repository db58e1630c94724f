"""A career center's advisors: they see a student's progress (counts and dates, never the
text of a note, a draft or a message) only while the student shares it with them, and every
look is written to an access log the student reads."""

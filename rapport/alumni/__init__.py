"""Alumni and friends of a career center who volunteer to talk with its students: a
directory, requests checked by the guard, answers from the e-mail, and a monthly limit."""

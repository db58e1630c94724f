"""The student's own mailbox, read over IMAP: replies, mail sent from another program, and
answers to invitations put on the timeline without typing."""

from django.urls import path

from rapport.meetings import views

urlpatterns = [
    path("contacts/<int:pk>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("contacts/<int:pk>/thank-you/", views.contact_thank_you, name="contact-thank-you"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/questions/", views.meeting_questions, name="meeting-questions"),
    path("meetings/<int:pk>/done/", views.meeting_done, name="meeting-done"),
    path("meetings/<int:pk>/invitation.ics", views.meeting_invitation, name="meeting-invitation"),
    path(
        "meetings/<int:pk>/invitation/send/",
        views.meeting_invitation_send,
        name="meeting-invitation-send",
    ),
    path("meetings/<int:pk>/prep/", views.meeting_prep, name="meeting-prep"),
    path("meetings/<int:pk>/prep.pdf", views.meeting_prep_pdf, name="meeting-prep-pdf"),
    path("meetings/<int:pk>/practice/", views.meeting_practice, name="meeting-practice"),
    path("meetings/<int:pk>/notes/", views.meeting_notes, name="meeting-notes"),
    path("meetings/<int:pk>/follow-up/", views.meeting_followup, name="meeting-followup"),
    path("meetings/<int:pk>/thank-you/", views.meeting_thank_you, name="meeting-thank-you"),
    path("meeting-questions/<int:pk>/", views.question_change, name="meeting-question-change"),
    path("suggestions/<int:pk>/", views.suggestion_status, name="suggestion-status"),
    path("skills/", views.resume_words, name="resume-words"),
    path("questions/", views.question_bank, name="question-bank"),
]

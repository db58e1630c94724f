from django.urls import include, path

urlpatterns = [
    path("", include("rapport.agenda.urls")),
    path("", include("rapport.accounts.urls")),
    path("", include("rapport.contacts.urls")),
    path("", include("rapport.outreach.urls")),
    path("", include("rapport.meetings.urls")),
    path("", include("rapport.insights.urls")),
    path("", include("rapport.api.urls")),
    path("", include("rapport.mailbox.urls")),
    path("", include("rapport.dav.urls")),
    path("", include("rapport.advising.urls")),
    path("", include("rapport.alumni.urls")),
]

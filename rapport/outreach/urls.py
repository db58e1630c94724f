from django.urls import path

from rapport.outreach import views

urlpatterns = [
    path("contacts/<int:pk>/compose/", views.compose, name="compose"),
    path("contacts/<int:pk>/compose/check/", views.check_email, name="compose-check"),
    path("contacts/<int:pk>/compose/send/", views.send, name="compose-send"),
]

from django.urls import path

from rapport.alumni import views

urlpatterns = [
    path("volunteers/", views.directory, name="volunteers"),
    path("volunteers/<int:pk>/ask/", views.ask, name="volunteer-ask"),
    path("volunteers/requests/", views.requests, name="volunteer-requests"),
    path("volunteer/answer/<str:token>/", views.answer, name="volunteer-answer"),
    path("volunteer/manage/<str:key>/", views.manage, name="volunteer-manage"),
    path("volunteer/join/<str:token>/", views.join, name="volunteer-join"),
]

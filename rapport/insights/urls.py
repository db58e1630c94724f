from django.urls import path

from rapport.insights import views

urlpatterns = [
    path("next/", views.next_page, name="next"),
    path("paths/", views.paths_page, name="paths"),
    path("dashboard/", views.dashboard, name="dashboard"),
]

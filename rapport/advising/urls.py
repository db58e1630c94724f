from django.urls import path

from rapport.advising import views

urlpatterns = [
    path("advising/", views.students, name="advising"),
    path("advising/students/<int:pk>/", views.student, name="advising-student"),
    path("advising/cohort/", views.cohort, name="advising-cohort"),
    path("profile/advisors/share/", views.share, name="advisor-share"),
    path("profile/advisors/<int:pk>/revoke/", views.revoke, name="advisor-revoke"),
]

from django.urls import path

from rapport.agenda import views

urlpatterns = [
    path("", views.home, name="home"),
    path("agenda/<int:pk>/", views.act, name="agenda-act"),
]

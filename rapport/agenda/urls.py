from django.urls import path

from rapport.agenda import views

urlpatterns = [
    path("", views.home, name="home"),
    path("agenda/<int:pk>/", views.act, name="agenda-act"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("profile/feed/regenerate/", views.regenerate_feed, name="feed-regenerate"),
]

from django.urls import path

from rapport.dav import views

urlpatterns = [
    path("phone/push/", views.push_now, name="dav-push"),
    path("phone/disconnect/", views.disconnect, name="dav-disconnect"),
]

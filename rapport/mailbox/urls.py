from django.urls import path

from rapport.mailbox import views

urlpatterns = [
    path("mailbox/sync/", views.sync_now, name="mail-sync"),
    path("mailbox/disconnect/", views.disconnect, name="mail-disconnect"),
    path("mailbox/notices/<int:pk>/dismiss/", views.dismiss, name="mail-notice-dismiss"),
]

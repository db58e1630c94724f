from django.urls import path

from rapport.api.api import api
from rapport.api.views import capture_help, extension_download, revoke

urlpatterns = [
    path("api/v1/", api.urls),
    path("profile/tokens/<int:pk>/revoke/", revoke, name="token-revoke"),
    path("capture/", capture_help, name="capture"),
    path("capture/rapport-extension.zip", extension_download, name="capture-extension"),
]

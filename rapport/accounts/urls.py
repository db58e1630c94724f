from django.contrib.auth import views as auth_views
from django.urls import path

from rapport.accounts import views

urlpatterns = [
    path("setup/", views.setup, name="setup"),
    path("signup/", views.signup, name="signup"),
    path("join/<str:token>/", views.join, name="join"),
    path("invitations/", views.invitations_page, name="invitations"),
    path(
        "login/",
        views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path(
        "profile/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password.html", success_url="/profile/"
        ),
        name="password-change",
    ),
    path("profile/delete/", views.delete_account, name="account-delete"),
]

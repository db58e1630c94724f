from django.contrib.auth import views as auth_views
from django.urls import path

from rapport.accounts import forms, views

urlpatterns = [
    path("setup/", views.setup, name="setup"),
    path("signup/", views.signup, name="signup"),
    path("join/<str:token>/", views.join, name="join"),
    path("invitations/", views.invitations_page, name="invitations"),
    path(
        "login/",
        views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=forms.LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("sso/start/", views.sso_start, name="sso-start"),
    # The name mozilla-django-oidc gives the provider as this Rapport's redirect address.
    path("sso/callback/", views.sso_callback, name="oidc_authentication_callback"),
    path("profile/", views.profile, name="profile"),
    path(
        "profile/password/",
        views.PasswordChangeView.as_view(),
        name="password-change",
    ),
    path("profile/delete/", views.delete_account, name="account-delete"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password-reset-done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url="/password-reset/done/",
            post_reset_login=False,
        ),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_done.html"
        ),
        name="password-reset-complete",
    ),
]

"""Log in and out, password change and reset: Django's own views with Klynge's templates.

The templates live in ``klynge/templates/registration/`` (the project directory), because
``django.contrib.admin`` ships templates with the same names and comes first among the apps.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from klynge.accounts import second_factor_views, views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("second-factor/setup/", second_factor_views.setup, name="second_factor_setup"),
    path("second-factor/", second_factor_views.verify, name="second_factor_verify"),
    path("second-factor/recovery-codes/", second_factor_views.recovery_codes,
         name="second_factor_recovery_codes"),
    path("invitation/<uidb64>/<token>/", views.accept_invitation, name="accept_invitation"),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]

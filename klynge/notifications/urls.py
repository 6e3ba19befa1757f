"""Under ``notifications/`` (klynge/urls.py)."""

from django.urls import path

from klynge.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/read/", views.notification_read, name="read"),
    path("read/", views.notification_read_all, name="read_all"),
    path("settings/", views.preferences, name="settings"),
    path("following/", views.following, name="following"),
    path("follow/", views.follow, name="follow"),
    path("unfollow/", views.unfollow, name="unfollow"),
]

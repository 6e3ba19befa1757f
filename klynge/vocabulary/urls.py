from django.urls import path  # noqa: F401

app_name = "vocabulary"
urlpatterns: list = []  # type: ignore[type-arg]

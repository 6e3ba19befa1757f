from django.urls import path  # noqa: F401

app_name = "hearings"
urlpatterns: list = []  # type: ignore[type-arg]

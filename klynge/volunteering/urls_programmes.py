"""The routes of the programme pages (``views.programmes``), included by ``urls``."""

from django.urls import URLPattern

programme_urlpatterns: list[URLPattern] = []

"""The FHIR interface, under ``/fhir/`` (docs/fhir.md; described in ``openapi.py``, which a
test keeps in step with these routes)."""

from django.urls import path

from klynge.volunteering.fhir import views

app_name = "fhir"
urlpatterns = [
    path("", views.transaction, name="transaction"),
    path("Task/<uuid:id>", views.read_task, name="task"),
    path("metadata", views.metadata, name="metadata"),
    path("openapi.json", views.openapi_document, name="openapi"),
]

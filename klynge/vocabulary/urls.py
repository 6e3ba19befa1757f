from django.urls import path

from klynge.vocabulary import views

app_name = "vocabulary"
urlpatterns = [
    path("c/<slug:code>/vocabulary/", views.vocabulary, name="vocabulary"),
    path("c/<slug:code>/vocabulary/new/", views.term_add, name="term_add"),
    path("vocabulary/terms/<int:pk>/edit/", views.term_edit, name="term_edit"),
    path("vocabulary/terms/<int:pk>/retire/", views.term_retire, name="term_retire"),
]

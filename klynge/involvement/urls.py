from django.urls import path

from klynge.involvement import views

app_name = "involvement"

urlpatterns = [
    path("cases/<int:pk>/involvement/", views.ledger, name="ledger"),
    path("involvement/<int:pk>/edit/", views.edit, name="edit"),
    path("involvement/<int:pk>/remove/", views.remove, name="remove"),
]

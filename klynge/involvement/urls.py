from django.urls import path

from klynge.involvement import views

app_name = "involvement"

urlpatterns = [
    path("cases/<int:pk>/involvement/", views.ledger, name="ledger"),
    path("involvement/<int:pk>/edit/", views.edit, name="edit"),
    path("involvement/<int:pk>/remove/", views.remove, name="remove"),
    path("c/<slug:code>/involvement/", views.overview, name="overview"),
    path("c/<slug:code>/involvement.csv", views.overview_export, {"fmt": "csv"},
         name="overview_csv"),
    path("c/<slug:code>/involvement.xlsx", views.overview_export, {"fmt": "xlsx"},
         name="overview_xlsx"),
    path("bodies/<int:pk>/involvement/", views.body_overview, name="body_overview"),
    path("bodies/<int:pk>/themes-followed/", views.followed, name="followed"),
    path("bodies/<int:pk>/involvement.csv", views.body_overview_export, {"fmt": "csv"},
         name="body_overview_csv"),
    path("bodies/<int:pk>/involvement.xlsx", views.body_overview_export, {"fmt": "xlsx"},
         name="body_overview_xlsx"),
]

"""The documents of the meetings app (included at the prefix "" as "meeting_documents")."""

from django.urls import path, re_path

from klynge.meetings import views_documents as views

app_name = "meeting_documents"

CSV = {"fmt": "csv"}
XLSX = {"fmt": "xlsx"}

urlpatterns = [
    path("meetings/<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("meetings/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("public/meetings/<int:pk>/minutes.pdf", views.public_minutes_pdf,
         name="public_minutes_pdf"),
    path("feeds/", views.feed_list, name="feeds"),
    path("feeds/<int:pk>/revoke/", views.feed_revoke, name="feed_revoke"),
    re_path(r"^feeds/(?P<token>[A-Za-z0-9_-]{20,128})\.ics$", views.feed, name="feed"),
    path("c/<slug:code>/decisions.csv", views.decisions, CSV, name="decisions_csv"),
    path("c/<slug:code>/decisions.xlsx", views.decisions, XLSX, name="decisions_xlsx"),
    path("c/<slug:code>/action-items.csv", views.action_items, CSV, name="action_items_csv"),
    path("c/<slug:code>/action-items.xlsx", views.action_items, XLSX,
         name="action_items_xlsx"),
    path("bodies/<int:pk>/decisions.csv", views.body_decisions, CSV,
         name="body_decisions_csv"),
    path("bodies/<int:pk>/decisions.xlsx", views.body_decisions, XLSX,
         name="body_decisions_xlsx"),
    path("bodies/<int:pk>/action-items.csv", views.body_action_items, CSV,
         name="body_action_items_csv"),
    path("bodies/<int:pk>/action-items.xlsx", views.body_action_items, XLSX,
         name="body_action_items_xlsx"),
]

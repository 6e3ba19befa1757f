from django.urls import path

from klynge.governance import views

app_name = "governance"
urlpatterns = [
    path("c/<slug:code>/", views.collaboration, name="collaboration"),
    path("c/<slug:code>/bodies/new/", views.body_create, name="body_create"),
    path("bodies/<int:pk>/", views.body, name="body"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<int:pk>/seats/new/", views.seat_add, name="seat_add"),
    path("bodies/<int:pk>/seats/people/", views.seat_people, name="seat_people"),
    path("seats/<int:pk>/end/", views.seat_end, name="seat_end"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("people/<int:pk>/", views.person, name="person"),
]

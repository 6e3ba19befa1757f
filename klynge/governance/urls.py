from django.urls import path

from klynge.governance.views import bodies, collaborations, grants, imports, people, seats
from klynge.governance.views import structure as structure_views

app_name = "governance"
urlpatterns = [
    path("c/<slug:code>/", collaborations.collaboration, name="collaboration"),
    path("c/<slug:code>/edit/", collaborations.collaboration_edit, name="collaboration_edit"),
    path("c/<slug:code>/structure/", structure_views.structure_blueprint,
         name="structure_blueprint"),
    path("c/<slug:code>/bodies/new/", collaborations.body_create, name="body_create"),
    path("c/<slug:code>/partners/new/", collaborations.partner_add, name="partner_add"),
    path("c/<slug:code>/grants/new/", grants.grant_in_collaboration,
         name="grant_in_collaboration"),
    path("c/<slug:code>/import/", imports.import_upload, name="import_upload"),
    path("c/<slug:code>/import/confirm/", imports.import_confirm, name="import_confirm"),
    path("c/<slug:code>/import/template.csv", imports.import_template, name="import_template"),
    path("partnerships/<int:pk>/end/", collaborations.partner_end, name="partner_end"),
    path("bodies/<int:pk>/", bodies.body, name="body"),
    path("bodies/<int:pk>/edit/", bodies.body_edit, name="body_edit"),
    path("bodies/<int:pk>/participations/new/", bodies.participation_add,
         name="participation_add"),
    path("participations/<int:pk>/end/", bodies.participation_end, name="participation_end"),
    path("bodies/<int:pk>/seats/new/", seats.seat_add, name="seat_add"),
    path("bodies/<int:pk>/seats/people/", seats.seat_people, name="seat_people"),
    path("seats/<int:pk>/end/", seats.seat_end, name="seat_end"),
    path("seats/<int:pk>/fill/", seats.seat_fill, name="seat_fill"),
    path("seats/<int:pk>/edit/", seats.seat_edit, name="seat_edit"),
    path("seats/<int:pk>/delete/", seats.seat_delete, name="seat_delete"),
    path("grants/<int:pk>/end/", grants.grant_end, name="grant_end"),
    path("organisations/<int:pk>/", people.organisation, name="organisation"),
    path("organisations/<int:pk>/bodies/new/", bodies.organisation_body_create,
         name="organisation_body_create"),
    path("organisations/<int:pk>/grants/new/", grants.grant_in_organisation,
         name="grant_in_organisation"),
    path("people/<int:pk>/", people.person, name="person"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/invite/", people.person_reinvite, name="person_reinvite"),
]

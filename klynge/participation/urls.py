from django.urls import path

from klynge.participation.views import events, keeping, public, voting, workshops

app_name = "participation"

urlpatterns = [
    # Public, without an account.
    path("p/", public.public_index, name="public_index"),
    path("p/<slug:code>/", public.public_page, name="public"),
    path("p/<slug:code>/contribute/", public.contribute, name="contribute"),
    path("p/<slug:code>/thanks/", public.thanks, name="thanks"),
    path("p/<slug:code>/cases/<int:pk>/", public.public_case, name="public_case"),
    path("p/<slug:code>/hearings/<int:pk>/", public.public_hearing, name="public_hearing"),
    path("p/<slug:code>/events/<int:pk>/", events.public_event, name="public_event"),
    path("p/<slug:code>/events/<int:pk>/registered/", events.registered, name="registered"),
    path("p/<slug:code>/events.ics", events.feed, name="events_feed"),
    path("cancel-registration/<str:key>/", events.cancel_registration,
         name="cancel_registration"),
    path("withdraw/<str:key>/", public.withdraw, name="withdraw"),
    path("vote/", voting.vote_entry, name="vote_entry"),
    path("vote/<str:code>/", voting.ballot, name="ballot"),
    # The secretariat's.
    path("c/<slug:code>/contributions/", keeping.moderation, name="moderation"),
    path("contributions/<int:pk>/moderate/", keeping.moderate, name="moderate"),
    path("contributions/<int:pk>/feedback/", keeping.feedback, name="feedback"),
    path("c/<slug:code>/public-page/", keeping.settings_page, name="settings"),
    path("cases/<int:pk>/public/", keeping.case_public, name="case_public"),
    path("hearings/<int:pk>/public/", keeping.hearing_public, name="hearing_public"),
    path("c/<slug:code>/workshops/", workshops.workshops, name="workshops"),
    path("workshops/<int:pk>/", workshops.workshop, name="workshop"),
    path("workshops/<int:pk>/edit/", workshops.edit, name="edit"),
    path("workshops/<int:pk>/participants/", workshops.invite, name="invite"),
    path("workshops/<int:pk>/ideas/", workshops.add_idea, name="add_idea"),
    path("workshops/<int:pk>/open/", workshops.open_voting, name="open_voting"),
    path("workshops/<int:pk>/close/", workshops.close_voting, name="close_voting"),
    path("workshops/<int:pk>/cases/", workshops.make_cases, name="make_cases"),
    path("ideas/<int:pk>/remove/", workshops.remove_idea, name="remove_idea"),
    path("c/<slug:code>/events/", events.event_list, name="events"),
    path("events/<int:pk>/", events.event, name="event"),
    path("events/<int:pk>/participants.csv", events.participants_csv,
         name="participants_csv"),
    path("events/<int:pk>/cancel/", events.cancel_event, name="cancel_event"),
    path("events/<int:pk>/involvement/", events.record_involvement,
         name="event_involvement"),
]

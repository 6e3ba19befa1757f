from django.urls import path

from klynge.hearings import views

app_name = "hearings"
urlpatterns = [
    path("c/<slug:code>/hearings/", views.hearing_list, name="list"),
    path("c/<slug:code>/hearings/new/", views.hearing_create, name="create"),
    path("hearings/<int:pk>/", views.hearing, name="hearing"),
    path("hearings/<int:pk>/edit/", views.hearing_edit, name="edit"),
    path("hearings/<int:pk>/open/", views.hearing_open, name="open"),
    path("hearings/<int:pk>/deadline/", views.hearing_deadline, name="deadline"),
    path("hearings/<int:pk>/files/new/", views.hearing_files_add, name="files_add"),
    path("hearings/<int:pk>/files/<int:att>/", views.hearing_file, name="file"),
    path("hearings/<int:pk>/files/<int:att>/remove/", views.hearing_file_remove,
         name="file_remove"),
    path("hearings/<int:pk>/parties/new/", views.party_invite, name="party_invite"),
    path("hearings/<int:pk>/respondents/new/", views.respondent_add, name="respondent_add"),
    path("hearings/<int:pk>/summary/", views.summary, name="summary"),
    path("hearings/<int:pk>/summary/edit/", views.summary_edit, name="summary_edit"),
    path("hearings/parties/<int:pk>/remove/", views.party_remove, name="party_remove"),
    path("hearings/parties/<int:pk>/answer/", views.answer, name="answer"),
    path("hearings/respondents/<int:pk>/remove/", views.respondent_remove,
         name="respondent_remove"),
    path("hearings/answers/<int:pk>/files/<int:att>/", views.answer_file, name="answer_file"),
    path("hearings/answers/<int:pk>/response/", views.answer_response, name="response"),
]

from django.urls import path

from klynge.cases import views

app_name = "cases"
urlpatterns = [
    path("c/<slug:code>/cases/", views.case_list, name="case_list"),
    path("c/<slug:code>/cases/new/", views.case_new, name="case_new"),
    path("cases/mine/", views.my_cases, name="my_cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/steps/<slug:name>/", views.case_step, name="case_step"),
    path("cases/<int:pk>/confidential/", views.case_confidential, name="case_confidential"),
    path("cases/<int:pk>/follow/", views.case_follow, name="case_follow"),
    path("cases/<int:pk>/files/", views.case_attach, name="case_attach"),
    path("cases/<int:pk>/files/<int:attachment>/", views.case_file, name="case_file"),
    path("cases/<int:pk>/files/<int:attachment>/remove/", views.case_file_remove,
         name="case_file_remove"),
]

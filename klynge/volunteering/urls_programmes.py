"""The routes of the programme pages (``views.programmes``), included by ``urls``."""

from django.urls import URLPattern, path

from klynge.volunteering.views import programmes as views

programme_urlpatterns: list[URLPattern] = [
    path("c/<slug:code>/volunteering/", views.programme_list, name="programmes"),
    path("c/<slug:code>/volunteering/new/", views.programme_new, name="programme_new"),
    path("volunteering/programmes/<int:pk>/", views.programme, name="programme"),
    path("volunteering/programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("volunteering/programmes/<int:pk>/delete/", views.programme_delete,
         name="programme_delete"),
    path("volunteering/programmes/<int:pk>/volunteers/", views.volunteer_list,
         name="volunteers"),
    path("volunteering/programmes/<int:pk>/volunteers/new/", views.volunteer_new,
         name="volunteer_new"),
    path("volunteering/programmes/<int:pk>/statistics/", views.statistics, name="statistics"),
    path("volunteering/programmes/<int:pk>/statistics/<slug:table>.<slug:fmt>",
         views.statistics_download, name="statistics_download"),
    path("volunteering/volunteers/<int:pk>/", views.volunteer, name="volunteer"),
    path("volunteering/volunteers/<int:pk>/edit/", views.volunteer_edit, name="volunteer_edit"),
    path("volunteering/volunteers/<int:pk>/certificates/new/", views.certificate_new,
         name="certificate_new"),
    path("volunteering/certificates/<int:pk>/delete/", views.certificate_delete,
         name="certificate_delete"),
]

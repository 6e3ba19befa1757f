from django.contrib import admin
from django.urls import include, path

from klynge.accounts.views import set_language

urlpatterns = [
    path("", include("klynge.web.urls")),
    path("", include("klynge.governance.urls")),
    path("", include("klynge.vocabulary.urls")),
    path("", include("klynge.cases.urls")),
    path("", include("klynge.hearings.urls")),
    path("", include("klynge.meetings.urls")),
    path("", include("klynge.meetings.urls_documents")),
    path("", include("klynge.involvement.urls")),
    path("", include("klynge.participation.urls")),
    path("", include("klynge.insights.urls")),
    path("", include("klynge.volunteering.urls")),
    path("fhir/", include("klynge.volunteering.fhir.urls")),
    path("notifications/", include("klynge.notifications.urls")),
    path("search/", include("klynge.search.urls")),
    path("accounts/", include("klynge.accounts.urls")),
    path("audit/", include("klynge.audit.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

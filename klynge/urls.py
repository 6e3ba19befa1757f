from django.contrib import admin
from django.urls import include, path

from klynge.accounts.views import set_language

urlpatterns = [
    path("", include("klynge.web.urls")),
    path("", include("klynge.governance.urls")),
    path("accounts/", include("klynge.accounts.urls")),
    path("audit/", include("klynge.audit.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

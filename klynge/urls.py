from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("klynge.web.urls")),
    path("", include("klynge.governance.urls")),
    path("accounts/", include("klynge.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

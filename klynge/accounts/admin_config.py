"""Django's admin, with Klynge's site (administrators only, ``klynge.accounts.admin``)."""

from django.contrib.admin.apps import AdminConfig


class KlyngeAdminConfig(AdminConfig):
    default_site = "klynge.accounts.admin.KlyngeAdminSite"

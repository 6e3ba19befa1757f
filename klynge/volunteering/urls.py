from django.urls import path

from klynge.volunteering.urls_programmes import programme_urlpatterns
from klynge.volunteering.views import referrals

app_name = "volunteering"
urlpatterns = [
    path("volunteering/", referrals.overview, name="overview"),
    *programme_urlpatterns,
]

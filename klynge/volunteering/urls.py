from django.urls import path

from klynge.volunteering.urls_programmes import programme_urlpatterns
from klynge.volunteering.views import referrals

app_name = "volunteering"
urlpatterns = [
    path("volunteering/", referrals.overview, name="overview"),
    path("volunteering/programmes/<int:pk>/refer/", referrals.refer, name="refer"),
    path("volunteering/programmes/<int:pk>/referrals/", referrals.referral_list,
         name="referrals"),
    path("volunteering/programmes/<int:pk>/assignment/", referrals.assignment,
         name="assignment"),
    path("volunteering/referrals/<int:pk>/", referrals.referral, name="referral"),
    path("volunteering/referrals/<int:pk>/consent/withdraw/", referrals.withdraw_consent,
         name="withdraw_consent"),
    path("volunteering/referrals/<int:pk>/match/", referrals.match, name="match"),
    path("volunteering/referrals/<int:pk>/book/", referrals.book, name="book"),
    path("volunteering/referrals/<int:pk>/bookings/<int:booking>/cancel/",
         referrals.cancel_booking, name="cancel_booking"),
    path("volunteering/referrals/<int:pk>/export/", referrals.export, name="export"),
    path("volunteering/matches/<int:pk>/contacts/", referrals.log_contact, name="log_contact"),
    # Last: the steps' names would otherwise shadow the routes above.
    path("volunteering/referrals/<int:pk>/<str:step>/", referrals.referral_step,
         name="referral_step"),
    *programme_urlpatterns,
]

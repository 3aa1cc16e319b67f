from django.urls import path

from recours.sharing import views

app_name = "sharing"
urlpatterns = [
    path("<int:case_id>/sharing/", views.case_sharing, name="case"),
    path("<int:case_id>/sharing/consents/", views.consent_add, name="consent_add"),
    path(
        "<int:case_id>/sharing/consents/<int:consent_id>/withdraw/",
        views.consent_revoke,
        name="consent_revoke",
    ),
    path("<int:case_id>/sharing/shares/", views.share_add, name="share_add"),
    path("<int:case_id>/sharing/shares/<int:share_id>/end/", views.share_end, name="share_end"),
]

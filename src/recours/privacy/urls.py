from django.urls import path

from recours.privacy import views

app_name = "privacy"
urlpatterns = [
    path("<int:case_id>/export/", views.export, name="export"),
    path("<int:case_id>/delete/", views.delete, name="delete"),
]

from django.urls import path

from recours.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.sign_in_code, name="sign_in_code"),
    path("sign-in/set-up/", views.enrol, name="enrol"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("confirm/", views.confirm, name="confirm"),
    path("password/", views.password_change, name="password_change"),
]

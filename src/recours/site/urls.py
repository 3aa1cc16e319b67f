from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("", include("recours.core.urls")),
    path("accounts/", include("recours.accounts.urls")),
    path("cases/", include("recours.cases.urls")),
    path("cases/", include("recours.sharing.urls")),
    path("cases/", include("recours.privacy.urls")),
    prefix_default_language=True,
)

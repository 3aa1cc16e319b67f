"""Session keys and helpers shared by the sign-in views, middleware and decorators."""

from django.utils.http import url_has_allowed_host_and_scheme

PENDING = "recours_pending_sign_in"
AUTH_AT = "recours_auth_at"  # when the user last proved both factors
LAST_ACTIVITY = "recours_last_activity"


def safe_next(request) -> str:
    """The ``next`` target if it stays on this site, else an empty string."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""

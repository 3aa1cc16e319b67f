"""Session rules enforced on every request: both factors, and an idle timeout."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from recours import audit
from recours.accounts.sessions import LAST_ACTIVITY
from recours.audit.models import Action

# Write the activity time at most this often, so reading pages does not write every time.
ACTIVITY_RESOLUTION_SECONDS = 30


def _to_sign_in(request):
    url = reverse("accounts:sign_in")
    if request.method == "GET" and not request.headers.get("HX-Request"):
        url += "?" + urlencode({"next": request.get_full_path()})
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def two_factor_required(get_response):
    """Defence in depth: a session that is signed in without a verified device is ended.

    The sign-in views only sign someone in after the second factor, so this catches any other
    path (a future view, a management shell session) that would skip it.
    """

    def middleware(request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            logout(request)
            return _to_sign_in(request)
        return get_response(request)

    return middleware


def idle_timeout(get_response):
    def middleware(request):
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY, 0)
            if now - last > settings.RECOURS_IDLE_TIMEOUT_MINUTES * 60:
                user = request.user
                logout(request)
                audit.record(user, Action.IDLE_TIMEOUT, obj=user)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity.")
                    % {"minutes": settings.RECOURS_IDLE_TIMEOUT_MINUTES},
                )
                return _to_sign_in(request)
            if now - last > ACTIVITY_RESOLUTION_SECONDS:
                request.session[LAST_ACTIVITY] = now
        return get_response(request)

    return middleware

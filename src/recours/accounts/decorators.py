"""``require_recent_auth``: fresh proof of identity before export, deletion and sharing."""

import functools
import time

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from recours.accounts.sessions import AUTH_AT, safe_next


def has_recent_auth(request, minutes=None) -> bool:
    minutes = settings.RECOURS_REAUTH_MINUTES if minutes is None else minutes
    return time.time() - request.session.get(AUTH_AT, 0) <= minutes * 60


def require_recent_auth(view=None, *, minutes=None):
    """Send the user to confirm password and code unless they did so within ``minutes``.

    A stolen, still-open session can read what its owner could, but cannot export, delete or
    share without the password and the authenticator. Use as ``@require_recent_auth`` or
    ``@require_recent_auth(minutes=2)``. A POST that arrives stale is not replayed: the user
    confirms and returns to the form's page, named by the form's hidden ``next`` field (the
    referrer is never sent), then submits again.
    """

    def decorate(view_func):
        @functools.wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if has_recent_auth(request, minutes):
                return view_func(request, *args, **kwargs)
            if request.headers.get("HX-Request"):
                from django.http import HttpResponse

                response = HttpResponse(status=204)
                response["HX-Redirect"] = (
                    reverse("accounts:confirm")
                    + "?"
                    + urlencode({"next": request.headers.get("HX-Current-URL", "") or request.path})
                )
                return response
            back = request.get_full_path() if request.method == "GET" else safe_next(request)
            return redirect(reverse("accounts:confirm") + "?" + urlencode({"next": back or "/"}))

        wrapper.requires_recent_auth = True
        return wrapper

    return decorate(view) if view is not None else decorate

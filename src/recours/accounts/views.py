"""Sign-in in two steps (password, then code), enrolment, sign-out and re-authentication.

The session holds only a *pending* user id between the two steps: nobody is signed in until the
second factor passes, so a view that forgets a check cannot be reached with a password alone.
Every failure shows the same message, whether the account exists, the password was wrong or
sign-in is paused, so the page never tells a stranger which user names are real.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import (
    authenticate,
    get_user_model,
    login,
    logout,
    update_session_auth_hash,
)
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from recours import audit
from recours.accounts import twofactor
from recours.accounts.forms import CodeForm, ConfirmForm, EnrolForm, SignInForm
from recours.accounts.sessions import AUTH_AT, LAST_ACTIVITY, PENDING, safe_next
from recours.audit.models import Action

PENDING_SECONDS = 300


def sign_in_failed_message():
    return _(
        "Sign-in failed. Check your user name and password. After several failed attempts, "
        "sign-in is paused for a while."
    )


def _render_sign_in(request, form, status=200):
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": safe_next(request)},
        status=status,
    )


def locked_out(request, original_response=None, credentials=None, *args, **kwargs):
    """django-axes' lockout answer: the same page and message as any failed attempt."""
    form = SignInForm(request.POST or None)
    form.is_valid()
    form.add_error(None, sign_in_failed_message())
    return _render_sign_in(request, form)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request):
    if request.user.is_authenticated:
        return redirect(safe_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is not None:
            request.session.cycle_key()
            request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "at": time.time(),
                "next": safe_next(request),
            }
            if twofactor.confirmed_totp(user) is None:
                return redirect("accounts:enrol")
            return redirect("accounts:sign_in_code")
        form.add_error(None, sign_in_failed_message())
    return _render_sign_in(request, form)


def _pending_user(request):
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


def _complete_sign_in(request, user, pending, device):
    request.session.pop(PENDING, None)
    login(request, user, backend=pending["backend"])
    otp_login(request, device)
    now = time.time()
    request.session[AUTH_AT] = now
    request.session[LAST_ACTIVITY] = now


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def sign_in_code(request):
    user, pending = _pending_user(request)
    if user is None:
        messages.info(request, _("Please sign in again."))
        return redirect("accounts:sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.match_code(user, form.cleaned_data["code"])
        if device is not None:
            if isinstance(device, StaticDevice):
                audit.record(user, Action.RECOVERY_CODE_USED, obj=user, request=request)
            next_url = pending.get("next")
            _complete_sign_in(request, user, pending, device)
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
        audit.record(None, Action.TWO_FACTOR_FAILED, obj=user)
        form.add_error("code", _("That code did not work. Wait for a new code and try again."))
    return render(request, "accounts/sign_in_code.html", {"form": form})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def enrol(request):
    """First sign-in: set up an authenticator app by typing in the secret (no QR image, since
    the site loads nothing from elsewhere and draws nothing it cannot serve itself)."""
    user, pending = _pending_user(request)
    if user is None:
        messages.info(request, _("Please sign in again."))
        return redirect("accounts:sign_in")
    if twofactor.confirmed_totp(user) is not None:
        return redirect("accounts:sign_in_code")
    device = twofactor.pending_totp(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = twofactor.new_recovery_codes(user)
            audit.record(user, Action.TWO_FACTOR_ENROL, obj=user, request=request)
            next_url = pending.get("next")
            _complete_sign_in(request, user, pending, device)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": next_url or resolve_url(settings.LOGIN_REDIRECT_URL)},
            )
        audit.record(None, Action.TWO_FACTOR_FAILED, obj=user)
        form.add_error("code", _("That code did not work. Check the secret and your clock."))
    secret = twofactor.base32_secret(device)
    return render(
        request,
        "accounts/enrol.html",
        {"form": form, "secret": twofactor.grouped(secret), "uri": device.config_url},
    )


@require_POST
@csrf_protect
def sign_out(request):
    logout(request)
    messages.info(request, _("You are signed out."))
    response = redirect("accounts:sign_in")
    # Nothing of the session may stay in this browser (a shared or seized computer).
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@sensitive_post_parameters("password", "code")
@csrf_protect
@never_cache
@login_required
def confirm(request):
    """Re-authentication before export, deletion and sharing (see ``require_recent_auth``)."""
    form = ConfirmForm(request.POST or None)
    next_url = safe_next(request)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=request.user.get_username(), password=form.cleaned_data["password"]
        )
        device = twofactor.match_code(request.user, form.cleaned_data["code"]) if user else None
        if user is not None and device is not None:
            request.session[AUTH_AT] = time.time()
            audit.record(request.user, Action.REAUTH, obj=request.user, request=request)
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
        form.add_error(None, _("That did not match. Check your password and code."))
    return render(request, "accounts/confirm.html", {"form": form, "next": next_url})


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@csrf_protect
@never_cache
@login_required
def password_change(request):
    """Change the password; every other session of this account ends (Django's session hash)."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        audit.record(user, Action.PASSWORD_CHANGE, obj=user, request=request)
        messages.success(request, _("Your password is changed. Other sessions are signed out."))
        return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form})

"""Strict readers for settings that come from the environment.

A typo in a deployment variable must stop the site at start-up, not quietly fall back to an
unsafe default: every helper raises ``ImproperlyConfigured`` naming the variable.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()


def _raw(name, environ):
    environ = os.environ if environ is None else environ
    value = environ.get(name)
    return None if value is None or value == "" else value


def env_bool(name, default=_MISSING, environ=None):
    """Read ``true`` or ``false`` (any case); anything else is an error."""
    value = _raw(name, environ)
    if value is None:
        if default is _MISSING:
            raise ImproperlyConfigured(f"{name} is required (true or false)")
        return default
    lowered = value.strip().lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default=_MISSING, environ=None, minimum=None):
    value = _raw(name, environ)
    if value is None:
        if default is _MISSING:
            raise ImproperlyConfigured(f"{name} is required (a whole number)")
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def env_str(name, default=_MISSING, environ=None):
    value = _raw(name, environ)
    if value is None:
        if default is _MISSING:
            raise ImproperlyConfigured(f"{name} is required")
        return default
    return value


def env_list(name, default=(), environ=None):
    """A comma-separated list; blank items are dropped."""
    value = _raw(name, environ)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name, default=_MISSING, environ=None):
    """A secret from ``NAME`` or from the file named by ``NAME_FILE``, never both.

    Reading from a file lets container secrets and systemd credentials stay out of the process
    environment, where they would show up in crash reports.
    """
    direct = _raw(name, environ)
    path = _raw(f"{name}_FILE", environ)
    if direct is not None and path is not None:
        raise ImproperlyConfigured(f"set {name} or {name}_FILE, not both")
    if path is not None:
        try:
            secret = Path(path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {path}: {error}") from None
        if not secret:
            raise ImproperlyConfigured(f"{name}_FILE: {path} is empty")
        return secret
    if direct is not None:
        return direct
    if default is _MISSING:
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) is required")
    return default

"""The plan section as HTML, rendered by Jinja2.

Why Jinja2 here and nowhere else: a plan has about 25 option cards and a hundred harm entries,
and the Django template engine spent about two thirds of a first visit to the plan page
resolving their variables and nested includes (every day's first visit renders afresh, since
deadlines depend on the date). Jinja2 compiles the same markup to Python functions, so the
section renders several times faster. Output follows Django's rules exactly: every value is
escaped as Django's ``conditional_escape`` does (so ``format_html`` results stay as they are),
translations come from Django's catalog, and dates are formatted per locale by Django.
"""

import html
from functools import cache
from pathlib import Path

from django.conf import settings
from django.template import defaultfilters
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

TEMPLATE_DIR = Path(__file__).parent / "jinja2"
# What the plan section reads from the page's context.
CONTEXT_KEYS = ("result", "view", "case", "jurisdiction_question", "printing")


def escape(value):
    """Django's ``conditional_escape``, without its lazy-argument checks (thousands of calls).

    Safe values (``format_html`` results) pass unchanged; the rest is escaped with
    ``html.escape`` as Django does, so the page is byte for byte what Django rendered.
    """
    if hasattr(value, "__html__"):
        return value
    if isinstance(value, Promise):
        value = str(value)
    return SafeString(html.escape(str(value)))


def join(values, separator):
    """Django's ``join`` filter with autoescaping, on the fast ``escape`` above."""
    return SafeString(escape(separator).join(escape(value) for value in values))


def interpolate(translated, **values):
    """Like Django's blocktranslate: the translation as written, the values escaped."""
    return mark_safe(  # noqa: S308 - the catalog is ours; every value is escaped here
        translated % {key: conditional_escape(value) for key, value in values.items()}
    )


def url(name, *args):
    return reverse(name, args=args)


@cache
def environment():
    from jinja2 import Environment, FileSystemLoader

    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        finalize=escape,  # Django's escaping, byte for byte
        auto_reload=settings.DEBUG,
    )
    env.globals.update(_=gettext, url=url)
    env.filters.update(
        date=defaultfilters.date,
        join=join,
        yesno=defaultfilters.yesno,
        interpolate=interpolate,
    )
    return env


def _memoised_gettext():
    """gettext for one render: the same few labels are asked for hundreds of times."""
    memo = {}

    def translate(message):
        if message not in memo:
            memo[message] = gettext(message)
        return memo[message]

    return translate


def _once():
    """Call a macro once per value object: the engine shares harm entries between options,
    and PlanView hands out one list per set of missing facts, so each renders once."""
    memo = {}

    def once(macro, value):
        key = (macro.name, id(value))  # values live as long as the view, beyond the render
        if key not in memo:
            memo[key] = macro(value)
        return memo[key]

    return once


def render_plan_body(context):
    """The plan section for a template context holding ``CONTEXT_KEYS`` (``printing`` optional)."""
    values = {key: context.get(key) for key in CONTEXT_KEYS}
    values["printing"] = bool(values["printing"])
    values["_"] = _memoised_gettext()
    values["once"] = _once()
    html = environment().get_template("cases/plan_body.html").render(values)
    return mark_safe(html)  # noqa: S308 - autoescaped by the environment above

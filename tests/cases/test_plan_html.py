"""The plan section rendered by Jinja2 escapes as Django does and keeps Django's safe HTML."""

from types import SimpleNamespace

from django.utils import translation

from recours.cases.plan_html import render_plan_body
from recours.cases.planview import PlanView

HOSTILE = "<script>alert('x')</script>"


def section(plan, printing=False):
    view = PlanView(plan, 1, "en")
    context = {
        "result": SimpleNamespace(needs_jurisdiction=False, error=None),
        "view": view,
        "case": SimpleNamespace(pk=1),
        "jurisdiction_question": "/q",
        "printing": printing,
    }
    with translation.override("en"):
        return str(render_plan_body(context))


def plan_with(text):
    return {
        "options": [
            {
                "remedy": "owp_v",
                "eligibility": "possibly",
                "label": text,
                "reasons": [{"text": text, "rule": "r.1", "sources": ["s1"]}],
                "sources": ["s1"],
            }
        ],
        "sources": [{"id": "s1", "title": text, "url": "https://example.org/?a=1&b=2"}],
        "sequence": ["owp_v"],
    }


def test_text_from_the_plan_is_escaped_as_django_escapes_it():
    html = section(plan_with(HOSTILE))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_links_built_with_format_html_are_kept_as_html():
    html = section(plan_with("Act"))
    assert '<a href="#source-s1">[s1]</a>' in html
    assert '<a href="https://example.org/?a=1&amp;b=2" rel="noreferrer noopener">Act</a>' in html


def test_the_print_view_opens_every_reason_and_drops_the_compare_boxes():
    html = section(plan_with("Act"), printing=True)
    assert "<details open>" in html and 'name="option"' not in html


def test_templates_are_compiled_once_per_process_when_not_debugging(settings):
    """Django's cached loader (the default when no loaders are configured) and Jinja2 without
    auto-reload: no template is read or parsed again on each request."""
    from django.template import engines
    from django.template.loaders.cached import Loader

    from recours.cases.plan_html import environment

    assert settings.DEBUG is False
    assert "loaders" not in settings.TEMPLATES[0]["OPTIONS"]
    assert isinstance(engines["django"].engine.template_loaders[0], Loader)
    assert environment().auto_reload is False

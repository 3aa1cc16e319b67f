"""``{% plan_body %}``: the plan section, rendered by Jinja2 (see recours.cases.plan_html)."""

from django import template

from recours.cases.plan_html import render_plan_body

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_body(context):
    return render_plan_body(context)

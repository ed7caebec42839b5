"""Figures on any page: ``{% fill_figures step.body_html region %}`` fills in a guide text's
placeholders for the page's region (None: nationally) and today; ``figure_value`` and
``figure_period`` say one figure; ``{% service region "si_hotline" %}`` names the service
that serves a region, linked."""

from django import template
from django.utils.safestring import mark_safe

from local.figures import figures_today, period, read_once, say, service_link
from local.saying import money

register = template.Library()


@register.filter
def figure_value(figure) -> str:
    return say(figure)


@register.filter
def figure_period(figure) -> str:
    return period(figure)


@register.filter
def yuan(amount) -> str:
    """An amount of money to the fen, thousands grouped: 2,558.50 (on every page alike)."""
    return f"{money(amount):,.2f}"


@register.filter
def whole(amount) -> str:
    """A number without decimals that are zero: 7,310; 7,310.5."""
    return f"{amount.normalize():,f}" if amount % 1 else f"{int(amount):,}"


@register.simple_tag(takes_context=True)
def figures_for(context, region):
    """The figures of `region` today, read once per request. (A template's render_context
    would not do without a request: each included template, such as a step's, gets its own.)"""
    request = context.get("request")
    if request is not None:
        return figures_today(request, region)
    return read_once(context.render_context.setdefault("figures", {}), region)


@register.simple_tag(takes_context=True)
def fill_figures(context, html, region):
    """`html` (already safe: rendered Markdown) with its figures filled in."""
    if "{{" not in html:
        return mark_safe(html)  # noqa: S308 - sanitised Markdown, as the template would show it
    return mark_safe(figures_for(context, region).fill(html))  # noqa: S308 - values escaped


@register.simple_tag(takes_context=True)
def service(context, region, name):
    """The service `name` that serves `region` (None: the national one), in a sentence."""
    return mark_safe(figures_for(context, region).service_html(name))  # noqa: S308 - escaped


@register.filter
def service_named(service) -> str:
    """A service as a list names it: linked, its first letter a capital."""
    return mark_safe(service_link(service, in_a_list=True))  # noqa: S308 - escaped

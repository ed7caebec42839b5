"""Template tags local rules lend to other apps' pages."""

from django import template

from local.views import regions_with_local_content
from regions.models import Region

register = template.Library()


@register.simple_tag
def regions_with_rules():
    """The regions that publish local rules, e.g. to preview a guide for each."""
    return Region.objects.filter(code__in=regions_with_local_content()).select_related("parent")

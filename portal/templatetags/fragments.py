"""``{% fragment "name" key… %}…{% endfragment %}``: a costly part of a public page, rendered
once per content generation (and day) for the key given, then shared.

``{% fixed "name" key… %}…{% endfixed %}``: a part of the layout that no content changes (the
header, the footer), rendered once per process for the page's language and the key, which
names every value the part reads from the page (its path, its region, its alternates).

The key names everything the part depends on besides content and the date (a guide, a
region, the host when the part holds absolute links). Unlike Django's ``{% cache %}``, a
shared cache that is down never fails the page: the part is rendered as if not cached.
A view that renders unpublished content (a preview) sets ``cache_fragments`` to False.
"""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from portal.cache import fragment, layout_part

register = template.Library()


class FragmentNode(template.Node):
    def __init__(
        self,
        nodelist: template.NodeList,
        parts: list[template.base.FilterExpression],
        *,
        typed: bool = False,
    ):
        self.nodelist = nodelist
        self.parts = parts
        self.typed = typed

    def render(self, context: template.Context) -> str:
        if not context.get("cache_fragments", True):
            return self.nodelist.render(context)
        key = [part.resolve(context) for part in self.parts]
        html = fragment(
            "template",
            *map(str, key),
            timezone.localdate().isoformat(),
            build=lambda: str(self.nodelist.render(context)),
            typed=self.typed,
        )
        return mark_safe(html)  # noqa: S308 - the template's own output, escaped as rendered


@register.tag("fragment")
def do_fragment(parser: template.base.Parser, token: template.base.Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'fragment' needs a name and, usually, a key")
    # A last word "typed": the key holds what a visitor sent (search words, the Host
    # header's spelling), so the part is kept in each process only: made-up searches or
    # ports cannot fill the shared cache.
    typed = bits[-1] == "typed"
    if typed:
        bits = bits[:-1]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]], typed=typed)


class FixedNode(FragmentNode):
    """A FragmentNode kept in this process until the next release, not per content generation."""

    def render(self, context: template.Context) -> str:
        key = [part.resolve(context) for part in self.parts]
        html = layout_part(*key, build=lambda: str(self.nodelist.render(context)))
        return mark_safe(html)  # noqa: S308 - the template's own output, escaped as rendered


@register.tag("fixed")
def do_fixed(parser: template.base.Parser, token: template.base.Token) -> FixedNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'fixed' needs a name and the values the part reads")
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    return FixedNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])

"""What changed in the law, for the change feeds (portal.feeds): each amendment, the day it
was adopted, with the paragraphs it gave new wordings, each linked to the article's
comparison of its wordings."""

import datetime
from itertools import groupby

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from laws.models import Amendment, Statute, Wording
from portal.feeds import FEED_LENGTH, Change, ChangesFeed


def statute_changes(*, statute: Statute | None = None, limit: int = FEED_LENGTH) -> list[Change]:
    """The amendments of every statute (or of one), newest first."""
    amendments = Amendment.objects.select_related("statute").order_by("-date")
    if statute is not None:
        amendments = amendments.filter(statute=statute)
    amendments = list(amendments[:limit])
    changed = (
        Wording.objects.filter(amendment__in=amendments)
        .select_related("paragraph__article__statute")
        .order_by("amendment_id", "paragraph__article__number", "paragraph__number")
    )
    by_amendment = {key: list(group) for key, group in groupby(changed, lambda w: w.amendment_id)}
    return [as_change(amendment, by_amendment.get(amendment.pk, [])) for amendment in amendments]


def as_change(amendment: Amendment, wordings: list[Wording]) -> Change:
    day = gettext("j F Y")  # how dates are written, as in the templates
    note = format_html(
        "<p>{}</p>",
        gettext("Adopted on %(date)s; the new wording is in force from %(in_force)s.")
        % {
            "date": date_format(amendment.date, day),
            "in_force": date_format(amendment.in_force_from, day),
        },
    )
    if wordings:
        links = format_html_join(
            "; ",
            '<a href="{}#changes">{}</a>',
            (
                (
                    wording.paragraph.article.get_absolute_url(),
                    gettext("Article %(article)s, paragraph %(paragraph)s")
                    % {
                        "article": wording.paragraph.article.number,
                        "paragraph": wording.paragraph.number,
                    },
                )
                for wording in wordings
            ),
        )
        note += format_html(
            "<p>{} {}.</p>", gettext("New wordings, each compared with the old:"), links
        )
    return Change(
        key=f"statute:{amendment.statute.slug}:amendment:{amendment.date.isoformat()}",
        title=gettext("%(statute)s: amended on %(date)s")
        % {"statute": amendment.statute.title, "date": date_format(amendment.date, day)},
        note=note,
        link=amendment.get_absolute_url(),
        updated=datetime.datetime.combine(
            amendment.date, datetime.time.min, tzinfo=timezone.get_default_timezone()
        ),
    )


class StatuteFeed(ChangesFeed):
    """/laws/<slug>/feed/: the statute's amendments."""

    def get_object(self, request, statute: str) -> Statute:
        return get_object_or_404(Statute, slug=statute)

    def title(self, obj: Statute) -> str:
        return gettext("Amendments to the %(statute)s") % {"statute": obj.title}

    def subtitle(self, obj: Statute) -> str:
        return gettext("Each amendment, with the paragraphs it changed.")

    def link(self, obj: Statute) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Statute) -> list[Change]:
        return statute_changes(statute=obj)


def feed_url(statute: Statute) -> str:
    return reverse("laws:feed", kwargs={"statute": statute.slug})

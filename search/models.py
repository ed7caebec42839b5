"""The search index: one entry per thing a result can point at."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Entry(models.Model):
    """A guide, a guide's step, a law paragraph or a local variation, as search sees it.

    Derived data, rebuilt from the content at any time (``manage.py rebuild_search_index``).
    The words to match are in ``title_terms`` and ``body_terms`` (see search.text); the
    database-specific full-text index over them is created by the migrations
    (search.backends).
    """

    class Kind(models.TextChoices):
        GUIDE = "guide", pgettext_lazy("kind of search result", "Guide")
        STEP = "step", pgettext_lazy("kind of search result", "Guide step")
        LAW = "law", pgettext_lazy("kind of search result", "Law")
        LOCAL = "local", pgettext_lazy("kind of search result", "Local rule")
        TOOL = "tool", pgettext_lazy("kind of search result", "Calculator")
        SERVICE = "service", pgettext_lazy("kind of search result", "Service")

    key = models.CharField(max_length=60, unique=True, help_text=_("e.g. step:12:en."))
    language = models.CharField(
        max_length=10, default="en", help_text=_("The page language it is shown on.")
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=300)
    context = models.CharField(max_length=300, blank=True, help_text=_("e.g. the guide's title."))
    body = models.TextField(blank=True, help_text=_("Plain text, for the snippet."))
    url = models.CharField(max_length=500)
    lang = models.CharField(max_length=10, blank=True, help_text=_("e.g. zh-Hans for law text."))
    translation = models.TextField(
        blank=True,
        help_text=_("The body's unofficial English translation (law), shown in its own language."),
    )
    guide = models.ForeignKey(
        "guides.Guide", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return self.key

    def get_absolute_url(self) -> str:
        return self.url


class Synonym(models.Model):
    """A word people type that the content says differently: 社保 for 社会保险, "late fee"
    for 滞纳金. A search for the word finds the content's words too."""

    term = models.CharField(
        max_length=60,
        unique=True,
        help_text=_("What people type, in either language: 社保, late fee."),
    )
    means = models.CharField(
        max_length=300,
        help_text=_(
            "The words the guides and the law use for it, separated by commas: "
            "社会保险, social insurance. A search for the term finds any of them."
        ),
    )
    note = models.CharField(
        max_length=200, blank=True, help_text=_("Why it is here, for the next editor.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["term"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")

    def __str__(self) -> str:
        return self.term

    def meanings(self) -> list[str]:
        return [part.strip() for part in self.means.replace("，", ",").split(",") if part.strip()]


class Term(models.Model):
    """A word of the index's Latin text, as typed (not stemmed): what a misspelt word is
    compared with ("paymnet": payment). Derived from the entries, like them."""

    word = models.CharField(max_length=60, primary_key=True)

    class Meta:
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


class MissedSearch(models.Model):
    """A search that found nothing, for editors to find what the content lacks: the words
    typed (long numbers, e-mail addresses and phone numbers taken out), the page's language,
    how often and on which days. Nothing about who searched."""

    query = models.CharField(max_length=200)
    language = models.CharField(max_length=10)
    times = models.PositiveIntegerField(default=1)
    first_searched = models.DateField()
    last_searched = models.DateField()

    class Meta:
        ordering = ["-times", "-last_searched"]
        constraints = [
            models.UniqueConstraint(fields=["query", "language"], name="one_missed_search_each")
        ]
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")

    def __str__(self) -> str:
        return self.query

"""Statutes as structured, citable, dated text.

Statute → Chapter → Article → Paragraph (款). A paragraph's words live in
Wordings, each in force for a period [in_force_from, in_force_until); the
Chinese text is authoritative, the English is an unofficial translation.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from portal.concurrency import RevisionCounted


class TitledInBothLanguages:
    """The title of a statute or chapter in the language of the page being built, as
    Region's name is: 社会保险法 on a Chinese page, Social Insurance Law on an English one.

    The Chinese title is authoritative and always there; the English one may be empty,
    and then an English page shows the Chinese title (in `title_lang`, zh-Hans).
    """

    title_zh: str
    title_en: str

    @property
    def title(self) -> str:
        return self.title_zh if _chinese() else (self.title_en or self.title_zh)

    @property
    def title_lang(self) -> str:
        """The BCP 47 language of `title`: not the page's when it has no English title."""
        return "zh-Hans" if _chinese() or not self.title_en else "en"

    @property
    def other_title(self) -> str:
        """The title in the other language, shown beside it; empty if there is none."""
        if _chinese():
            return self.title_en
        return self.title_zh if self.title_en else ""

    @property
    def other_lang(self) -> str:
        """The BCP 47 language of `other_title`."""
        return "en" if _chinese() else "zh-Hans"


def _chinese() -> bool:
    return (get_language() or "").startswith("zh")


class Statute(TitledInBothLanguages, models.Model):
    class Kind(models.TextChoices):
        # Translators: kinds of statute, as Chinese law names them: 法律 and 行政法规.
        LAW = "law", _("Law")
        ADMINISTRATIVE_REGULATION = "administrative_regulation", _("Administrative regulation")

    slug = models.SlugField(
        unique=True,
        help_text=_("Part of the statute's address, e.g. social-insurance-law. Never reuse one."),
    )
    title_zh = models.CharField(
        _("title (Chinese)"), max_length=200, help_text=_("The official, authoritative title.")
    )
    title_en = models.CharField(
        _("title (English)"), max_length=200, help_text=_("An English rendering of the title.")
    )
    kind = models.CharField(
        max_length=30,
        choices=Kind.choices,
        default=Kind.LAW,
        help_text=_("法律 (made by the National People's Congress or its Standing Committee) or "
                    "行政法规 (made by the State Council)."),
    )  # fmt: skip
    issued_by_zh = models.CharField(
        _("issued by (Chinese)"), max_length=100, blank=True, help_text=_("e.g. 国务院.")
    )
    issued_by_en = models.CharField(
        _("issued by (English)"), max_length=100, blank=True, help_text=_("e.g. State Council.")
    )
    number_zh = models.CharField(
        _("number (Chinese)"), max_length=100, blank=True, help_text=_("e.g. 国务院令第765号.")
    )
    number_en = models.CharField(
        _("number (English)"),
        max_length=100,
        blank=True,
        help_text=_("e.g. State Council Decree No. 765."),
    )
    adopted = models.DateField(help_text=_("The date the statute was adopted or promulgated."))
    adopted_by = models.CharField(
        max_length=200, blank=True, help_text=_("The body and session that adopted it (Chinese).")
    )
    in_force_from = models.DateField(help_text=_("The date the statute first came into force."))
    wording_held_from = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "The first day of the earliest wording held here, when that is later than the day "
            "the statute came into force: its wording before then is not held."
        ),
    )
    official_url = models.URLField(
        _("official source"), blank=True, help_text=_("Where the official text is published.")
    )
    history_zh = models.TextField(
        _("history (Chinese)"),
        blank=True,
        help_text=_("The adoption and amendment notes printed above the text, one per line."),
    )
    source = models.TextField(
        help_text=_("Where the text was taken from, as a citable provenance note."),
    )
    source_file = models.CharField(
        max_length=300, blank=True, help_text=_("The file the text was imported from.")
    )
    source_sha256 = models.CharField(
        _("source SHA-256"),
        max_length=64,
        blank=True,
        help_text=_("Checksum of the imported file, to show the text is the file's, unchanged."),
    )
    imported_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the text was last imported.")
    )

    class Meta:
        ordering = ["title_en"]
        verbose_name = _("statute")
        verbose_name_plural = _("statutes")

    def __str__(self) -> str:
        return self.title_en

    def get_absolute_url(self) -> str:
        return reverse("laws:statute", kwargs={"statute": self.slug})

    def in_force_on(self, date: datetime.date) -> bool:
        return date >= self.in_force_from

    def wording_held_on(self, date: datetime.date) -> bool:
        """Whether the wording in force on `date` is held here (a statute imported from a
        later consolidated text alone lacks its earlier wordings)."""
        return self.in_force_on(date) and (
            self.wording_held_from is None or date >= self.wording_held_from
        )

    # Who made it and its number, in the page's language, as `title` is (the Chinese when
    # there is no English), with the BCP 47 language each is shown in.
    @property
    def issued_by(self) -> str:
        return self.issued_by_zh if _chinese() else (self.issued_by_en or self.issued_by_zh)

    @property
    def issued_by_lang(self) -> str:
        return "zh-Hans" if _chinese() or not self.issued_by_en else "en"

    @property
    def number(self) -> str:
        return self.number_zh if _chinese() else (self.number_en or self.number_zh)

    @property
    def number_lang(self) -> str:
        return "zh-Hans" if _chinese() or not self.number_en else "en"


class Amendment(models.Model):
    statute = models.ForeignKey(Statute, on_delete=models.CASCADE, related_name="amendments")
    date = models.DateField(help_text=_("The date the amending decision was adopted."))
    in_force_from = models.DateField(help_text=_("The date the amended wording came into force."))
    title_zh = models.CharField(
        _("title (Chinese)"), max_length=300, help_text=_("The amending decision's official title.")
    )
    adopted_by = models.CharField(
        max_length=200, blank=True, help_text=_("The body and session that adopted it (Chinese).")
    )

    class Meta:
        ordering = ["statute", "date"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.UniqueConstraint(fields=["statute", "date"], name="unique_amendment_date"),
        ]

    def __str__(self) -> str:
        # Translators: a statute and the day an amendment of it was adopted (YYYY-MM-DD).
        return gettext("%(statute)s amended %(date)s") % {
            "statute": self.statute,
            "date": self.date.isoformat(),
        }

    def get_absolute_url(self) -> str:
        return self.statute.get_absolute_url() + f"#amendment-{self.date.isoformat()}"


class Chapter(TitledInBothLanguages, models.Model):
    statute = models.ForeignKey(Statute, on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveSmallIntegerField(help_text=_("The chapter's number, 1 for 第一章."))
    label_zh = models.CharField(
        _("label (Chinese)"), max_length=20, help_text=_("As printed, e.g. 第一章.")
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, help_text=_("e.g. 总则."))
    title_en = models.CharField(
        _("title (English)"),
        max_length=200,
        blank=True,
        help_text=_("An English rendering, if any."),
    )

    class Meta:
        ordering = ["statute", "number"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = [
            models.UniqueConstraint(fields=["statute", "number"], name="unique_chapter_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="chapter_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.label_zh} {self.title_zh}"

    def get_absolute_url(self) -> str:
        return reverse(
            "laws:chapter", kwargs={"statute": self.statute.slug, "chapter": self.number}
        )


class Article(models.Model):
    statute = models.ForeignKey(Statute, on_delete=models.CASCADE, related_name="articles")
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="articles")
    number = models.PositiveSmallIntegerField(help_text=_("The article's number, 60 for 第六十条."))
    label_zh = models.CharField(
        _("label (Chinese)"), max_length=20, help_text=_("As printed, e.g. 第六十条.")
    )

    class Meta:
        ordering = ["statute", "number"]
        # Translators: an article (条) of a statute.
        verbose_name = _("article")
        # Translators: articles (条) of a statute.
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(fields=["statute", "number"], name="unique_article_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="article_number_positive"),
        ]

    def __str__(self) -> str:
        # Translators: an article's number, and its number as printed, e.g. 第六十条.
        return gettext("Article %(number)s (%(label)s)") % {
            "number": self.number,
            "label": self.label_zh,
        }

    def get_absolute_url(self) -> str:
        return reverse("laws:article", kwargs={"statute": self.statute.slug, "number": self.number})

    def clean(self) -> None:
        if self.chapter_id and self.statute_id and self.chapter.statute_id != self.statute_id:
            raise ValidationError(
                {"chapter": gettext("The chapter must belong to the same statute.")}
            )


class Paragraph(RevisionCounted):
    """A 款: the unit of citation inside an article. Its words are in Wordings."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveSmallIntegerField(
        help_text=_("The paragraph's number within its article, from 1.")
    )

    class Meta:
        ordering = ["article", "number"]
        # Translators: a paragraph (款) of a statute's article.
        verbose_name = _("paragraph")
        # Translators: paragraphs (款) of a statute's article.
        verbose_name_plural = _("paragraphs")
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_paragraph_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="paragraph_number_positive"),
        ]

    def __str__(self) -> str:
        # Translators: a paragraph (款) of an article, as cited: "Article 60(2)".
        return gettext("Article %(article)s(%(paragraph)s)") % {
            "article": self.article.number,
            "paragraph": self.number,
        }

    def get_absolute_url(self) -> str:
        return self.article.get_absolute_url() + f"#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"p{self.number}"


class WordingQuerySet(models.QuerySet):
    def in_force(self, *, on: datetime.date) -> "WordingQuerySet":
        """The wordings in force on a date: from <= date < until (open-ended if no until)."""
        return self.filter(
            Q(in_force_until__isnull=True) | Q(in_force_until__gt=on), in_force_from__lte=on
        )


class Wording(models.Model):
    """The words of a paragraph for one period of validity."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="wordings")
    text_zh = models.TextField(
        _("text (Chinese)"),
        help_text=_(
            "The authoritative Chinese text. Items (（一）, （二）…) each on their own line."
        ),
    )
    text_en = models.TextField(
        _("English translation (unofficial)"),
        blank=True,
        help_text=_("An unofficial English translation of this wording, if there is one."),
    )
    translation_note = models.TextField(
        blank=True,
        help_text=_("Where the translation comes from and its known faults, shown to readers."),
    )
    in_force_from = models.DateField(help_text=_("The first day this wording is in force."))
    in_force_until = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "The day another wording replaced it (it is no longer in force on that day). "
            "Empty while it is in force."
        ),
    )
    amendment = models.ForeignKey(
        Amendment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wordings",
        help_text=_("The amendment that introduced this wording; empty for the original text."),
    )
    recorded_at = models.DateTimeField(
        default=timezone.now,
        editable=False,
        help_text=_(
            "When these words were entered here (imported, or corrected): a step citing them "
            "that an editor last checked before then is flagged for checking."
        ),
    )

    objects = WordingQuerySet.as_manager()

    class Meta:
        ordering = ["paragraph", "in_force_from"]
        verbose_name = _("wording")
        verbose_name_plural = _("wordings")
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "in_force_from"], name="unique_wording_start"
            ),
            models.UniqueConstraint(
                fields=["paragraph"],
                condition=Q(in_force_until__isnull=True),
                name="one_open_wording_per_paragraph",
            ),
            models.CheckConstraint(
                condition=Q(in_force_until__isnull=True)
                | Q(in_force_until__gt=models.F("in_force_from")),
                name="wording_period_not_empty",
            ),
            # Overlapping periods are refused by a database trigger (see the
            # migration), which neither a unique nor a check constraint can express.
        ]

    def __str__(self) -> str:
        until = self.in_force_until.isoformat() if self.in_force_until else "…"
        return f"{self.paragraph} {self.in_force_from.isoformat()} – {until}"

    def save(self, *args, **kwargs) -> None:
        # New words for a period already held (an import, or an edit in the admin): steps
        # citing them are checked again (guides.lawchanges), as for a new wording.
        if self.pk is not None:
            before = Wording.objects.filter(pk=self.pk).values_list("text_zh", flat=True).first()
            if before is not None and before != self.text_zh:
                self.recorded_at = timezone.now()
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "recorded_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.paragraph.get_absolute_url()

    def in_force_on(self, day: datetime.date) -> bool:
        """WordingQuerySet.in_force()'s rule, for a wording already read."""
        return self.in_force_from <= day and (
            self.in_force_until is None or day < self.in_force_until
        )

    @property
    def last_day(self) -> datetime.date | None:
        """The last day it was in force (the day before the next wording's first), for
        labels: "in force 1 July 2011 until 28 December 2018"."""
        return self.in_force_until - datetime.timedelta(days=1) if self.in_force_until else None

    @property
    def items_zh(self) -> list[str]:
        return self.text_zh.split("\n")

    def clean(self) -> None:
        # Overlaps with the paragraph's other wordings are checked with all of them, as they
        # are edited together (laws.admin.WordingFormSet), and by the database.
        if self.in_force_until and self.in_force_until <= self.in_force_from:
            raise ValidationError(
                {"in_force_until": gettext("A wording must be in force for at least one day.")}
            )


class TranslationDraft(models.Model):
    """An editor's unpublished English for one wording, and its notes: readers see the
    wording's published translation until an editor publishes this (laws.drafts)."""

    wording = models.OneToOneField(Wording, on_delete=models.CASCADE, related_name="draft")
    text_en = models.TextField(_("English translation (unofficial)"), blank=True)
    translation_note_en = models.TextField(_("translation note (English)"), blank=True)
    translation_note_zh_hans = models.TextField(_("translation note (Chinese)"), blank=True)
    saved_at = models.DateTimeField(default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("translation draft")
        verbose_name_plural = _("translation drafts")

    def __str__(self) -> str:
        return str(self.wording)


class TranslationVersion(models.Model):
    """One publication of a wording's English and notes, never changed: its history, to
    compare and restore. Number 1 is the translation as it was before any publication here
    (imported with the law)."""

    wording = models.ForeignKey(Wording, on_delete=models.CASCADE, related_name="translations")
    number = models.PositiveIntegerField()
    text_en = models.TextField(blank=True)
    translation_note_en = models.TextField(blank=True)
    translation_note_zh_hans = models.TextField(blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    change_note = models.TextField(blank=True)

    class Meta:
        ordering = ["wording", "-number"]
        verbose_name = _("published translation")
        verbose_name_plural = _("published translations")
        constraints = [
            models.UniqueConstraint(
                fields=["wording", "number"], name="unique_translation_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wording} ({self.number})"

"""Statutes as structured, citable, dated text.

Statute → Chapter → Article → Paragraph (款). A paragraph's words live in
Wordings, each in force for a period [in_force_from, in_force_until); the
Chinese text is authoritative, the English is an unofficial translation.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from portal.concurrency import RevisionCounted


class Statute(models.Model):
    slug = models.SlugField(
        unique=True,
        help_text="Part of the statute's address, e.g. social-insurance-law. Never reuse one.",
    )
    title_zh = models.CharField(
        "title (Chinese)", max_length=200, help_text="The official, authoritative title."
    )
    title_en = models.CharField(
        "title (English)", max_length=200, help_text="An English rendering of the title."
    )
    adopted = models.DateField(help_text="The date the statute was adopted.")
    adopted_by = models.CharField(
        max_length=200, blank=True, help_text="The body and session that adopted it (Chinese)."
    )
    in_force_from = models.DateField(help_text="The date the statute first came into force.")
    history_zh = models.TextField(
        "history (Chinese)",
        blank=True,
        help_text="The adoption and amendment notes printed above the text, one per line.",
    )
    source = models.TextField(
        help_text="Where the text was taken from, as a citable provenance note.",
    )
    source_file = models.CharField(
        max_length=300, blank=True, help_text="The file the text was imported from."
    )
    source_sha256 = models.CharField(
        "source SHA-256",
        max_length=64,
        blank=True,
        help_text="Checksum of the imported file, to show the text is the file's, unchanged.",
    )
    imported_at = models.DateTimeField(
        null=True, blank=True, help_text="When the text was last imported."
    )

    class Meta:
        ordering = ["title_en"]
        verbose_name = "statute"
        verbose_name_plural = "statutes"

    def __str__(self) -> str:
        return self.title_en

    def get_absolute_url(self) -> str:
        return reverse("laws:statute", kwargs={"statute": self.slug})

    def in_force_on(self, date: datetime.date) -> bool:
        return date >= self.in_force_from


class Amendment(models.Model):
    statute = models.ForeignKey(Statute, on_delete=models.CASCADE, related_name="amendments")
    date = models.DateField(help_text="The date the amending decision was adopted.")
    in_force_from = models.DateField(help_text="The date the amended wording came into force.")
    title_zh = models.CharField(
        "title (Chinese)", max_length=300, help_text="The amending decision's official title."
    )
    adopted_by = models.CharField(
        max_length=200, blank=True, help_text="The body and session that adopted it (Chinese)."
    )

    class Meta:
        ordering = ["statute", "date"]
        verbose_name = "amendment"
        verbose_name_plural = "amendments"
        constraints = [
            models.UniqueConstraint(fields=["statute", "date"], name="unique_amendment_date"),
        ]

    def __str__(self) -> str:
        return f"{self.statute} amended {self.date.isoformat()}"

    def get_absolute_url(self) -> str:
        return self.statute.get_absolute_url() + f"#amendment-{self.date.isoformat()}"


class Chapter(models.Model):
    statute = models.ForeignKey(Statute, on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveSmallIntegerField(help_text="The chapter's number, 1 for 第一章.")
    label_zh = models.CharField(
        "label (Chinese)", max_length=20, help_text="As printed, e.g. 第一章."
    )
    title_zh = models.CharField("title (Chinese)", max_length=200, help_text="e.g. 总则.")
    title_en = models.CharField(
        "title (English)", max_length=200, blank=True, help_text="An English rendering, if any."
    )

    class Meta:
        ordering = ["statute", "number"]
        verbose_name = "chapter"
        verbose_name_plural = "chapters"
        constraints = [
            models.UniqueConstraint(fields=["statute", "number"], name="unique_chapter_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="chapter_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.label_zh} {self.title_zh}"

    def get_absolute_url(self) -> str:
        return self.statute.get_absolute_url() + f"#chapter-{self.number}"


class Article(models.Model):
    statute = models.ForeignKey(Statute, on_delete=models.CASCADE, related_name="articles")
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="articles")
    number = models.PositiveSmallIntegerField(help_text="The article's number, 60 for 第六十条.")
    label_zh = models.CharField(
        "label (Chinese)", max_length=20, help_text="As printed, e.g. 第六十条."
    )

    class Meta:
        ordering = ["statute", "number"]
        verbose_name = "article"
        verbose_name_plural = "articles"
        constraints = [
            models.UniqueConstraint(fields=["statute", "number"], name="unique_article_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="article_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Article {self.number} ({self.label_zh})"

    def get_absolute_url(self) -> str:
        return reverse("laws:article", kwargs={"statute": self.statute.slug, "number": self.number})

    def clean(self) -> None:
        if self.chapter_id and self.statute_id and self.chapter.statute_id != self.statute_id:
            raise ValidationError({"chapter": "The chapter must belong to the same statute."})


class Paragraph(RevisionCounted):
    """A 款: the unit of citation inside an article. Its words are in Wordings."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveSmallIntegerField(
        help_text="The paragraph's number within its article, from 1."
    )

    class Meta:
        ordering = ["article", "number"]
        verbose_name = "paragraph"
        verbose_name_plural = "paragraphs"
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_paragraph_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="paragraph_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Article {self.article.number}({self.number})"

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
        "text (Chinese)",
        help_text="The authoritative Chinese text. Items (（一）, （二）…) each on their own line.",
    )
    text_en = models.TextField(
        "English translation (unofficial)",
        blank=True,
        help_text="An unofficial English translation of this wording, if there is one.",
    )
    translation_note = models.TextField(
        blank=True,
        help_text="Where the translation comes from and its known faults, shown to readers.",
    )
    in_force_from = models.DateField(help_text="The first day this wording is in force.")
    in_force_until = models.DateField(
        null=True,
        blank=True,
        help_text="The day another wording replaced it (it is no longer in force on that day). "
        "Empty while it is in force.",
    )
    amendment = models.ForeignKey(
        Amendment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wordings",
        help_text="The amendment that introduced this wording; empty for the original text.",
    )

    objects = WordingQuerySet.as_manager()

    class Meta:
        ordering = ["paragraph", "in_force_from"]
        verbose_name = "wording"
        verbose_name_plural = "wordings"
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

    def get_absolute_url(self) -> str:
        return self.paragraph.get_absolute_url()

    def in_force_on(self, day: datetime.date) -> bool:
        """WordingQuerySet.in_force()'s rule, for a wording already read."""
        return self.in_force_from <= day and (
            self.in_force_until is None or day < self.in_force_until
        )

    @property
    def items_zh(self) -> list[str]:
        return self.text_zh.split("\n")

    def clean(self) -> None:
        # Overlaps with the paragraph's other wordings are checked with all of them, as they
        # are edited together (laws.admin.WordingFormSet), and by the database.
        if self.in_force_until and self.in_force_until <= self.in_force_from:
            raise ValidationError(
                {"in_force_until": "A wording must be in force for at least one day."}
            )

"""Writes to the laws app: importing a statute and attaching translations.

Each function is atomic: it writes everything or nothing.
"""

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from laws.models import Amendment, Article, Chapter, Paragraph, Statute, Wording
from laws.parsing import (
    ParsedAmendment,
    StatuteFormatError,
    parse_amendment,
    parse_consolidated,
    parse_manifest,
    parse_seed_translation,
    read,
)


@dataclass
class ImportReport:
    """What an import created and changed, per kind of record."""

    created: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def __str__(self) -> str:
        kinds = {
            "statute": Statute,
            "amendment": Amendment,
            "chapter": Chapter,
            "article": Article,
            "paragraph": Paragraph,
            "wording": Wording,
        }
        line = gettext(
            # Translators: a line of a statute import's report, e.g.
            # "articles: 2 created, 1 changed, 95 unchanged".
            "%(kind)s: %(created)s created, %(changed)s changed, %(unchanged)s unchanged"
        )
        parts = []
        for kind, model in kinds.items():
            parts.append(
                line
                % {
                    "kind": model._meta.verbose_name_plural,
                    "created": self.created[kind],
                    "changed": self.changed[kind],
                    "unchanged": self.unchanged[kind],
                }
            )
        return "\n".join(parts)

    @property
    def nothing_changed(self) -> bool:
        return not (sum(self.created.values()) or sum(self.changed.values()))


def _sync(report: ImportReport, kind: str, model, lookup: dict, values: dict):
    """update_or_create that only writes, and only reports, real changes."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.created[kind] += 1
        return obj
    dirty = [name for name, value in values.items() if getattr(obj, name) != value]
    if dirty:
        for name in dirty:
            setattr(obj, name, values[name])
        obj.save(update_fields=dirty)
        report.changed[kind] += 1
    else:
        report.unchanged[kind] += 1
    return obj


@transaction.atomic
def import_statute(
    *,
    text_path: Path,
    amendment_paths: list[Path],
    slug: str,
    source: str,
    source_zh: str = "",
    title_en: str = "",
    about: dict | None = None,
) -> ImportReport:
    """Build or update a statute from its consolidated text and amendment files.

    The consolidated text is the wording in force now; each amendment file gives
    the wording its changed paragraphs had before. What is known about the statute (its
    kind, issuer, number and dates) is `about` (a manifest's "statute"), else the oldest
    amendment file's "statute" object. A statute whose earlier wordings are not held
    (``wording_held_from``) has its text from that day only. Raises StatuteFormatError,
    writing nothing, if a file is malformed or the files disagree.
    """
    raw = text_path.read_bytes()
    parsed = parse_consolidated(raw.decode("utf-8"), name=text_path.name)
    amendments = sorted(
        (parse_amendment(read(path), name=path.name) for path in amendment_paths),
        key=lambda amendment: amendment.in_force_from,
    )
    meta = {**(amendments[0].statute if amendments else {}), **(about or {})}
    if not meta.get("adopted") or not meta.get("in_force_from"):
        raise StatuteFormatError(
            gettext(
                "the statute's adoption and in-force dates come from its manifest's or an "
                "amendment file's 'statute' object; none was given"
            )
        )
    in_force_from = datetime.date.fromisoformat(meta["in_force_from"])
    held_from = (
        datetime.date.fromisoformat(meta["wording_held_from"])
        if meta.get("wording_held_from")
        else None
    )
    if held_from is not None and (held_from <= in_force_from or amendments):
        raise StatuteFormatError(
            gettext(
                "'wording_held_from' is for a statute whose only text held is a later "
                "consolidation: after 'in_force_from', and with no amendment files"
            )
        )
    periods = _wording_periods(parsed, amendments, held_from or in_force_from)

    report = ImportReport()
    statute = _sync(
        report,
        "statute",
        Statute,
        {"slug": slug},
        {
            "title_zh": parsed.title_zh,
            "title_en": title_en or meta.get("title_en", ""),
            "kind": meta.get("kind", Statute.Kind.LAW),
            "issued_by_zh": meta.get("issued_by_zh", ""),
            "issued_by_en": meta.get("issued_by_en", ""),
            "number_zh": meta.get("number_zh", ""),
            "number_en": meta.get("number_en", ""),
            "adopted": datetime.date.fromisoformat(meta["adopted"]),
            "adopted_by": meta.get("adopted_by", ""),
            "in_force_from": in_force_from,
            "wording_held_from": held_from,
            "official_url": meta.get("official_url", ""),
            "history_zh": "\n".join(parsed.history_zh),
            "source_en": source,
            "source_zh_hans": source_zh,
            "source_file": text_path.name,
            "source_sha256": hashlib.sha256(raw).hexdigest(),
        },
    )
    amendment_records = {
        amendment.in_force_from: _sync(
            report,
            "amendment",
            Amendment,
            {"statute": statute, "date": amendment.date},
            {
                "in_force_from": amendment.in_force_from,
                "title_zh": amendment.title_zh,
                "adopted_by": amendment.adopted_by,
            },
        )
        for amendment in amendments
    }
    for chapter in parsed.chapters:
        chapter_record = _sync(
            report,
            "chapter",
            Chapter,
            {"statute": statute, "number": chapter.number},
            {"label_zh": chapter.label_zh, "title_zh": chapter.title_zh},
        )
        for article in chapter.articles:
            article_record = _sync(
                report,
                "article",
                Article,
                {"statute": statute, "number": article.number},
                {"chapter": chapter_record, "label_zh": article.label_zh},
            )
            for number in range(1, len(article.paragraphs) + 1):
                paragraph = _sync(
                    report,
                    "paragraph",
                    Paragraph,
                    {"article": article_record, "number": number},
                    {},
                )
                _sync_wordings(
                    report, paragraph, periods[(article.number, number)], amendment_records
                )
    if not report.nothing_changed:
        statute.imported_at = timezone.now()
        statute.save(update_fields=["imported_at"])
    return report


Period = tuple[datetime.date, datetime.date | None, str]


def _wording_periods(
    parsed, amendments: list[ParsedAmendment], in_force_from: datetime.date
) -> dict[tuple[int, int], list[Period]]:
    """Every paragraph's wordings as (from, until, text), oldest first."""
    current = {
        (article.number, number): text
        for article in parsed.articles
        for number, text in enumerate(article.paragraphs, start=1)
    }
    periods: dict[tuple[int, int], list[Period]] = {key: [] for key in current}
    # Walk back from the newest amendment: each one's "after" must be the
    # wording that follows it, and its "before" is the wording that precedes it.
    following = dict(current)
    boundaries: dict[tuple[int, int], datetime.date | None] = dict.fromkeys(current)
    for amendment in reversed(amendments):
        for change in amendment.changes:
            key = (change.article, change.paragraph)
            if key not in current:
                raise StatuteFormatError(
                    gettext(
                        "amendment of %(date)s: article %(article)s has no paragraph "
                        "%(paragraph)s in the consolidated text"
                    )
                    % {
                        "date": amendment.date,
                        "article": change.article,
                        "paragraph": change.paragraph,
                    }
                )
            if following[key] != change.after:
                raise StatuteFormatError(
                    gettext(
                        "amendment of %(date)s: the 'after' wording of article %(article)s "
                        "paragraph %(paragraph)s differs from the text in force after it"
                    )
                    % {
                        "date": amendment.date,
                        "article": change.article,
                        "paragraph": change.paragraph,
                    }
                )
            periods[key].insert(0, (amendment.in_force_from, boundaries[key], change.after))
            boundaries[key] = amendment.in_force_from
            following[key] = change.before
    for key, text in following.items():
        periods[key].insert(0, (in_force_from, boundaries[key], text))
    return periods


def _sync_wordings(report, paragraph, periods: list[Period], amendments: dict) -> None:
    existing = {wording.in_force_from: wording for wording in paragraph.wordings.all()}
    wanted = {start for start, _, _ in periods}
    stale = [wording for start, wording in existing.items() if start not in wanted]
    for wording in stale:
        # A period the sources no longer have: remove it before the others
        # are stretched over its dates (the overlap trigger would refuse).
        wording.delete()
        report.changed["wording"] += 1
    # Close periods before opening new ones so no two overlap at any moment.
    for start, until, text in sorted(periods, key=lambda p: p[1] is None):
        values = {"text_zh": text, "in_force_until": until, "amendment": amendments.get(start)}
        # New words for a period already held are recorded as such (Wording.save).
        _sync(report, "wording", Wording, {"paragraph": paragraph, "in_force_from": start}, values)


@transaction.atomic
def attach_translation(
    *,
    statute: Statute,
    article_number: int,
    paragraphs: list[str],
    note: str,
    note_zh: str = "",
    on: datetime.date | None = None,
) -> int:
    """Attach an unofficial English translation to an article's wordings in force.

    Only fills translations (and the notes about them, in each language) that are empty,
    so an editor's improved wording is never overwritten. Returns how many paragraphs'
    translations were filled.
    """
    on = on or timezone.localdate()
    wordings = list(
        Wording.objects.in_force(on=on)
        .filter(paragraph__article__statute=statute, paragraph__article__number=article_number)
        .order_by("paragraph__number")
    )
    if len(wordings) != len(paragraphs):
        raise StatuteFormatError(
            ngettext(
                "article %(article)s has %(count)s paragraph in force; "
                "the translation has %(translated)s",
                "article %(article)s has %(count)s paragraphs in force; "
                "the translation has %(translated)s",
                len(wordings),
            )
            % {"article": article_number, "count": len(wordings), "translated": len(paragraphs)}
        )
    filled = 0
    for wording, english in zip(wordings, paragraphs, strict=True):
        if wording.text_en and wording.text_en != english:
            continue  # an editor's own translation: the seed's note is not about it
        empty = {
            "text_en": english,
            "translation_note_en": note,
            "translation_note_zh_hans": note_zh,
        }
        empty = {
            name: value for name, value in empty.items() if value and not getattr(wording, name)
        }
        if empty:
            for name, value in empty.items():
                setattr(wording, name, value)
            wording.save(update_fields=list(empty))
        filled += "text_en" in empty
    return filled


def import_statute_package(folder: Path) -> ImportReport:
    """Import the statute described by ``folder/statute.json`` and its translations.

    The manifest names the text, the amendment files and the provenance, so the
    shipped content is loaded from files and never retyped.
    """
    path = folder / "statute.json"
    manifest = parse_manifest(read(path), name=str(path), kinds=Statute.Kind.values)
    with transaction.atomic():
        report = import_statute(
            text_path=folder / manifest.text,
            amendment_paths=[folder / name for name in manifest.amendments],
            slug=manifest.slug,
            source=manifest.source,
            source_zh=manifest.source_zh,
            about=manifest.statute,
        )
        translations = manifest.translations
        if translations:
            statute = Statute.objects.get(slug=manifest.slug)
            seed_path = folder / translations["file"]
            seed = read(seed_path)
            for number in translations["articles"]:
                filled = attach_translation(
                    statute=statute,
                    article_number=number,
                    paragraphs=parse_seed_translation(seed, article=number, name=seed_path.name),
                    note=translations["note"],
                    note_zh=translations.get("note_zh", ""),
                )
                report.changed["wording"] += filled
    return report

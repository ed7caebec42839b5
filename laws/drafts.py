"""The law's translations under the same care as guides.

The authoritative Chinese text and its periods in force come only from ``importlaw``.
What editors write is the unofficial English of a wording and the note on where it comes
from: they save it as a draft (TranslationDraft), preview it, and publish it with a
change note. Each publication is kept (TranslationVersion, never changed), so any two can
be compared and an earlier one taken up again as the draft. Readers see the wording's
published words (Wording.text_en), so nothing an editor saves is live until published.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from laws.models import Paragraph, TranslationDraft, TranslationVersion, Wording

FIELDS = ("text_en", "translation_note_en", "translation_note_zh_hans")


class DraftError(Exception):
    """What cannot be done with a translation; the message says why, for the editor."""


def words_of(row) -> dict[str, str]:
    return {name: getattr(row, name) or "" for name in FIELDS}


def draft_or_published(wording: Wording) -> dict[str, str]:
    """What the editor works on: the draft if there is one, else the published words."""
    draft = getattr(wording, "draft", None)
    return words_of(draft) if draft is not None else words_of(wording)


def save_draft(*, wording: Wording, words: dict[str, str], user) -> bool:
    """Keep `words` as the wording's draft (none if they are what is published). Returns
    whether a draft now differs from what readers see."""
    if {name: words.get(name, "") for name in FIELDS} == words_of(wording):
        TranslationDraft.objects.filter(wording=wording).delete()
        return False
    TranslationDraft.objects.update_or_create(
        wording=wording,
        defaults={**{name: words.get(name, "") for name in FIELDS},
                  "saved_by": user, "saved_at": timezone.now()},
    )  # fmt: skip
    return True


def drafts_of(paragraph: Paragraph) -> list[TranslationDraft]:
    return list(
        TranslationDraft.objects.filter(wording__paragraph=paragraph).select_related("wording")
    )


def seen(drafts: list[TranslationDraft]) -> str:
    """Which drafts, as saved when, a page showed: publishing puts only those live."""
    return ";".join(f"{d.wording_id}@{d.saved_at.isoformat()}" for d in
                    sorted(drafts, key=lambda d: d.wording_id))  # fmt: skip


@transaction.atomic
def publish(
    *, paragraph: Paragraph, user, change_note: str, shown: str | None = None
) -> list[TranslationVersion]:
    """Put the paragraph's drafts on the site, each kept as a new version; given `shown`
    (seen()), only if they are still the drafts the editor was shown."""
    if not change_note.strip():
        raise DraftError(gettext("Write a change note: it is kept in the translation's history."))
    drafts = drafts_of(paragraph)
    if not drafts:
        raise DraftError(gettext("There is no draft translation to publish."))
    if shown is not None and shown != seen(drafts):
        raise DraftError(
            gettext(
                "A draft changed after you opened this page, so nothing was published. Look "
                "at the drafts again before you publish."
            )
        )
    published = []
    for draft in drafts:
        wording = Wording.objects.select_for_update().get(pk=draft.wording_id)
        last = wording.translations.aggregate(last=Max("number"))["last"]
        if last is None:  # the words published before any of this, kept as version 1
            TranslationVersion.objects.create(wording=wording, number=1, **words_of(wording),
                                              published_at=wording.recorded_at)  # fmt: skip
            last = 1
        for name in FIELDS:
            setattr(wording, name, getattr(draft, name))
        wording.save(update_fields=list(FIELDS))  # signals: pages and search follow
        published.append(
            TranslationVersion.objects.create(
                wording=wording,
                number=last + 1,
                **words_of(draft),
                published_by=user,
                change_note=change_note.strip(),
            )
        )
        draft.delete()
    return published


def restore(*, version: TranslationVersion, user) -> None:
    """Take up an earlier version's words again, as the draft (published only when an
    editor publishes it)."""
    save_draft(wording=version.wording, words=words_of(version), user=user)

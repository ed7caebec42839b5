"""Importing the Social Insurance Law: complete, exact, dated, atomic and idempotent."""

import datetime
import hashlib
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from laws.models import Article, Chapter, Paragraph, Statute, Wording
from laws.parsing import StatuteFormatError
from laws.services import import_statute, import_statute_package
from tests.conftest import LAW_PACKAGE, LAW_TEXT, ROOT

SHARED = ROOT.parent / "shared"
AMENDMENT = LAW_PACKAGE / "amendment-2018-12-29.json"
SOURCE_SHA256 = "a03cd8fa14bb7f37f7f652c381cb21933d1b8457a4082ac27229f4726644e2ed"


def source_articles() -> dict[int, list[str]]:
    """Each article's lines as they stand in the file, read independently of the importer."""
    text = LAW_TEXT.read_text(encoding="utf-8").split("<!-- INFO END -->", 1)[1]
    articles: dict[int, list[str]] = {}
    current = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("## "):
            continue
        if re.match(r"^第[一二三四五六七八九十百]+条 ", line):
            current = len(articles) + 1
            articles[current] = [line.split(" ", 1)[1]]
        else:
            articles[current].append(line)
    return articles


def test_shipped_files_are_the_reference_data_unchanged():
    assert hashlib.sha256(LAW_TEXT.read_bytes()).hexdigest() == SOURCE_SHA256
    if not SHARED.exists():
        pytest.skip("../shared is not beside this checkout; checksum checked above")
    pairs = [
        (LAW_TEXT, SHARED / "data/laws/social-insurance-law" / LAW_TEXT.name),
        (AMENDMENT, SHARED / "data/laws/social-insurance-law" / AMENDMENT.name),
        (
            ROOT / "fixtures/seeds/000_b3043044d092832f.txt",
            SHARED / "seeds/000_b3043044d092832f.txt",
        ),
        (ROOT / "fixtures/regions/regions.csv", SHARED / "data/regions/regions.csv"),
    ]
    for shipped, reference in pairs:
        assert shipped.read_bytes() == reference.read_bytes(), shipped


def test_the_whole_statute_is_imported(social_insurance_law):
    assert social_insurance_law.title_zh == "中华人民共和国社会保险法"
    assert social_insurance_law.in_force_from == datetime.date(2011, 7, 1)
    assert social_insurance_law.source_sha256 == SOURCE_SHA256
    assert "flk.npc.gov.cn" in social_insurance_law.source
    assert Chapter.objects.filter(statute=social_insurance_law).count() == 12
    assert Article.objects.filter(statute=social_insurance_law).count() == 98


def test_every_article_matches_the_source_paragraph_for_paragraph(social_insurance_law):
    expected = source_articles()
    assert len(expected) == 98
    today = datetime.date.today()
    current = Wording.objects.in_force(on=today).filter(
        paragraph__article__statute=social_insurance_law
    )
    imported: dict[int, list[str]] = {}
    for wording in current.order_by("paragraph__article__number", "paragraph__number"):
        number = wording.paragraph.article.number
        imported.setdefault(number, []).extend(wording.text_zh.split("\n"))
    assert imported == expected


def test_half_width_punctuation_of_the_official_text_is_kept(social_insurance_law):
    article_30 = Wording.objects.get(
        paragraph__article__statute__slug="social-insurance-law",
        paragraph__article__number=30,
        paragraph__number=1,
        in_force_until__isnull=True,
    )
    assert article_30.text_zh.startswith("下列医疗费用不纳入基本医疗保险基金支付范围:")


@pytest.mark.parametrize(("article", "paragraph"), [(57, 3), (64, 1), (66, 1)])
def test_amended_paragraphs_have_both_wordings(social_insurance_law, article, paragraph):
    change = next(
        c
        for c in json.loads(AMENDMENT.read_text())["changed_paragraphs"]
        if (c["article"], c["paragraph"]) == (article, paragraph)
    )
    wordings = Wording.objects.filter(
        paragraph__article__statute__slug="social-insurance-law",
        paragraph__article__number=article,
        paragraph__number=paragraph,
    )

    def text_on(day):
        return wordings.in_force(on=day).get().text_zh

    assert text_on(datetime.date(2011, 7, 1)) == change["before"]
    assert text_on(datetime.date(2018, 12, 28)) == change["before"]
    assert text_on(datetime.date(2018, 12, 29)) == change["after"]
    assert text_on(datetime.date.today()) == change["after"]
    assert wordings.get(in_force_until=None).amendment.date == datetime.date(2018, 12, 29)


def test_only_the_three_amended_paragraphs_changed(social_insurance_law):
    amended = Paragraph.objects.filter(wordings__amendment__isnull=False).values_list(
        "article__number", "number"
    )
    assert sorted(amended) == [(57, 3), (64, 1), (66, 1)]
    assert Wording.objects.in_force(on=datetime.date(2010, 12, 31)).count() == 0


def test_seed_english_is_attached_to_articles_60_and_63(social_insurance_law):
    translated = Wording.objects.exclude(text_en="").order_by(
        "paragraph__article__number", "paragraph__number"
    )
    assert [(w.paragraph.article.number, w.paragraph.number) for w in translated] == [
        (60, 1), (60, 2), (63, 1), (63, 2), (63, 3)
    ]  # fmt: skip
    assert "force majeure" in translated[0].text_en
    assert "告知本人" in translated[0].translation_note


def test_importing_again_changes_nothing(social_insurance_law):
    counts = (Article.objects.count(), Paragraph.objects.count(), Wording.objects.count())
    report = import_statute_package(LAW_PACKAGE)
    assert report.nothing_changed, str(report)
    assert report.unchanged["article"] == 98
    assert (Article.objects.count(), Paragraph.objects.count(), Wording.objects.count()) == counts


def test_seeding_again_keeps_an_editors_improved_translation(social_insurance_law):
    wording = Wording.objects.get(
        paragraph__article__statute__slug="social-insurance-law",
        paragraph__article__number=60,
        paragraph__number=1,
    )
    wording.text_en = "An editor's better translation."
    wording.save()
    import_statute_package(LAW_PACKAGE)
    wording.refresh_from_db()
    assert wording.text_en == "An editor's better translation."


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = LAW_TEXT.read_text(encoding="utf-8")
    assert old in text
    return write(tmp_path, "broken.md", text.replace(old, new, 1))


def test_a_malformed_file_writes_nothing(db, tmp_path):
    broken = broken_copy(tmp_path, "第五十条 ", "第五十一条 ")
    line = next(
        number
        for number, text in enumerate(broken.read_text().splitlines(), start=1)
        if text.startswith("第五十一条 ")
    )
    with pytest.raises(
        StatuteFormatError, match=f"broken.md, line {line}: article 51 follows article 49"
    ):
        import_statute(
            text_path=broken, amendment_paths=[AMENDMENT], slug="broken-law", source="test"
        )
    assert not Statute.objects.filter(slug="broken-law").exists()


def test_a_failed_reimport_leaves_the_statute_as_it_was(social_insurance_law, tmp_path):
    before = list(Wording.objects.values_list("pk", "text_zh", "in_force_until"))
    amendment = json.loads(AMENDMENT.read_text())
    amendment["changed_paragraphs"][2]["after"] = "不是修正后的文字。"
    bad = write(tmp_path, "amendment.json", json.dumps(amendment, ensure_ascii=False))
    changed_text = broken_copy(tmp_path, "本法自2011年7月1日起施行。", "本法自公布之日起施行。")
    with pytest.raises(StatuteFormatError, match="'after' wording of article 66 paragraph 1"):
        import_statute(
            text_path=changed_text,
            amendment_paths=[bad],
            slug="social-insurance-law",
            source="test",
        )
    assert list(Wording.objects.values_list("pk", "text_zh", "in_force_until")) == before


def test_importlaw_command_reports_and_refuses_bad_files(db, tmp_path):
    broken = broken_copy(tmp_path, "## 第三章 基本医疗保险", "## 第三章基本医疗保险")
    with pytest.raises(CommandError, match=r"Nothing imported\. broken.md, line 91"):
        call_command(
            "importlaw", str(broken), "--amendment", str(AMENDMENT), "--slug", "x", "--source", "t"
        )
    assert not Statute.objects.filter(slug="x").exists()


def test_importlaw_command_dry_run_writes_nothing(db, capsys):
    call_command(
        "importlaw",
        str(LAW_TEXT),
        "--amendment",
        str(AMENDMENT),
        "--slug",
        "dry-run-law",
        "--source",
        "test",
        "--dry-run",
    )
    out = capsys.readouterr().out
    assert "articles: 98 created" in out
    assert "Dry run: nothing was written." in out
    assert not Statute.objects.filter(slug="dry-run-law").exists()


def test_overlapping_wordings_are_refused_by_the_database(social_insurance_law):
    paragraph = Paragraph.objects.get(
        article__statute__slug="social-insurance-law", article__number=1, number=1
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Wording.objects.create(
            paragraph=paragraph,
            text_zh="重叠",
            in_force_from=datetime.date(2012, 1, 1),
            in_force_until=datetime.date(2013, 1, 1),
        )
    old = Paragraph.objects.get(
        article__statute__slug="social-insurance-law", article__number=64, number=1
    ).wordings.get(amendment=None)
    old.in_force_until = datetime.date(2019, 6, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        old.save()


def test_an_editors_own_translation_is_not_given_the_seeds_note(social_insurance_law):
    wording = Wording.objects.exclude(text_en="").order_by("paragraph__article__number").first()
    Wording.objects.filter(pk=wording.pk).update(
        text_en="An editor's better translation.",
        translation_note_en="",
        translation_note_zh_hans="",
    )
    import_statute_package(LAW_PACKAGE)
    wording.refresh_from_db()
    assert wording.text_en == "An editor's better translation."
    assert (wording.translation_note_en, wording.translation_note_zh_hans) == ("", "")

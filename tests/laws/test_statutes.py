"""Every statute the portal holds, imported by the one importer from its package: the law
and two State Council regulations, with their kinds, makers, numbers and dates, their text
verbatim, and only the wordings the sources hold."""

import datetime
import hashlib
import html
import json
import re
import shutil

import pytest

from laws.models import Article, Chapter, Statute, Wording
from laws.parsing import StatuteFormatError
from laws.services import import_statute_package
from tests.conftest import ROOT

LAWS = ROOT / "fixtures" / "laws"
SHARED = ROOT.parent / "shared" / "data" / "laws"
# slug: (text file, its published SHA-256, chapters, articles), from ../shared/data/README.md
PACKAGES = {
    "social-insurance-law": (
        "consolidated-2018-12-29.zh.md",
        "a03cd8fa14bb7f37f7f652c381cb21933d1b8457a4082ac27229f4726644e2ed",
        12,
        98,
    ),
    "premium-collection-interim-regulations": (
        "consolidated-2019-03-24.zh.md",
        "dd034f4f14cb2e7e7847a824cc00844655baa36c2bd6a73af5ef2a183eb6a6b6",
        5,
        31,
    ),
    "insurance-handling-regulations": (
        "original-2023-08-16.zh.md",
        "3683e976934b44d0d23b290a5e75edac17e7885a2281f0496695e57d71169bae",
        7,
        63,
    ),
}
ARTICLE_LINE = re.compile(r"^第[一二三四五六七八九十百零]+条[ \u3000]+")


@pytest.fixture
def statutes(social_insurance_law):
    for slug in PACKAGES:
        import_statute_package(LAWS / slug)
    return {statute.slug: statute for statute in Statute.objects.all()}


def source_articles(slug: str) -> dict[int, list[str]]:
    """Each article's lines as the file has them, read without the importer."""
    text = (LAWS / slug / PACKAGES[slug][0]).read_text(encoding="utf-8")
    articles: dict[int, list[str]] = {}
    for line in text.split("<!-- INFO END -->", 1)[1].splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if ARTICLE_LINE.match(line):
            articles[len(articles) + 1] = [ARTICLE_LINE.sub("", line)]
        else:
            articles[len(articles)].append(line)
    return articles


@pytest.mark.parametrize("slug", PACKAGES)
def test_each_shipped_text_is_the_reference_file_unchanged(slug):
    name, sha256, _, _ = PACKAGES[slug]
    shipped = LAWS / slug / name
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() == sha256
    if SHARED.exists():
        assert shipped.read_bytes() == (SHARED / slug / name).read_bytes()


def test_three_statutes_with_their_kinds_makers_numbers_and_dates(statutes):
    law = statutes["social-insurance-law"]
    collection = statutes["premium-collection-interim-regulations"]
    handling = statutes["insurance-handling-regulations"]
    assert (law.kind, law.issued_by_zh, law.wording_held_from) == (
        Statute.Kind.LAW,
        "全国人民代表大会常务委员会",
        None,
    )
    assert (collection.title_zh, collection.kind) == (
        "社会保险费征缴暂行条例",
        Statute.Kind.ADMINISTRATIVE_REGULATION,
    )
    assert (collection.number_zh, collection.number_en) == (
        "国务院令第259号",
        "State Council Decree No. 259",
    )
    assert (collection.adopted, collection.wording_held_from) == (
        datetime.date(1999, 1, 22),
        datetime.date(2019, 3, 24),
    )
    assert (handling.title_zh, handling.number_zh, handling.issued_by_en) == (
        "社会保险经办条例",
        "国务院令第765号",
        "State Council",
    )
    assert (handling.adopted, handling.in_force_from) == (
        datetime.date(2023, 8, 16),
        datetime.date(2023, 12, 1),
    )
    for slug, (_, sha256, chapters, articles) in PACKAGES.items():
        statute = statutes[slug]
        assert statute.source_sha256 == sha256
        assert Chapter.objects.filter(statute=statute).count() == chapters
        assert Article.objects.filter(statute=statute).count() == articles


def test_every_article_of_each_statute_is_on_its_page_verbatim(statutes, client):
    for slug in PACKAGES:
        for number, lines in source_articles(slug).items():
            page = client.get(f"/laws/{slug}/article/{number}/").content.decode()
            page = html.unescape(re.sub(r"</?a\b[^>]*>", "", page))  # references are links
            for line in lines:
                assert f"<p>{line}</p>" in page, (slug, number, line)


def test_a_day_before_the_only_wording_held_says_so_and_shows_no_text(statutes, client):
    slug = "premium-collection-interim-regulations"
    before = html.unescape(client.get(f"/laws/{slug}/article/2/2019-03-23/").content.decode())
    assert "The wording before 24 March 2019 is not held here." in before
    assert "基本养老保险费、基本医疗保险费、失业保险费" not in before
    assert "This article had no text in force" not in before
    contents = html.unescape(client.get(f"/laws/{slug}/2010-01-01/").content.decode())
    assert "The wording before 24 March 2019 is not held here." in contents
    chinese = html.unescape(
        client.get(f"/zh-hans/laws/{slug}/article/2/2019-03-23/").content.decode()
    )
    assert "本站没有收录2019年3月24日以前的文本。" in chinese
    on_the_day = html.unescape(client.get(f"/laws/{slug}/article/2/2019-03-24/").content.decode())
    assert "not held here" not in on_the_day
    assert "基本养老保险费、基本医疗保险费、失业保险费" in on_the_day
    # Before the regulations came into force at all, the page says that instead.
    older = html.unescape(client.get(f"/laws/{slug}/article/2/1998-12-31/").content.decode())
    assert "was not yet in force on 31 December 1998" in older


def test_the_pages_say_what_each_statute_is_and_link_the_official_text(statutes, client):
    listing = html.unescape(client.get("/laws/").content.decode())
    assert "Administrative regulation" in listing
    # The law first, then the regulations, oldest first.
    order = re.findall(r'<h2 id="statute-([a-z-]+)">', listing)
    assert order == [
        "social-insurance-law",
        "premium-collection-interim-regulations",
        "insurance-handling-regulations",
    ]
    assert "State Council Decree No. 765" in listing
    page = html.unescape(client.get("/laws/insurance-handling-regulations/").content.decode())
    assert '<a href="https://flk.npc.gov.cn/" rel="external">' in page
    chinese = html.unescape(client.get("/zh-hans/laws/").content.decode())
    assert '<span lang="zh-Hans">国务院令第765号</span>' in chinese
    assert "行政法规" in chinese


def test_importing_each_again_changes_nothing(statutes):
    counts = Wording.objects.count()
    for slug in PACKAGES:
        assert import_statute_package(LAWS / slug).nothing_changed, slug
    assert Wording.objects.count() == counts


def broken_package(tmp_path, slug: str, change) -> object:
    folder = tmp_path / slug
    shutil.copytree(LAWS / slug, folder)
    manifest = json.loads((folder / "statute.json").read_text(encoding="utf-8"))
    change(manifest)
    (folder / "statute.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m["statute"].update(adopted="1999-02-30"), "line 11: invalid field 'adopted'"),
        (lambda m: m["statute"].update(kind="decree"), "line 6: invalid field 'kind'"),
        (lambda m: m["statute"].update(number="259"), "line 15: unknown field 'number'"),
        (lambda m: m.pop("source"), "missing field 'source'"),
        (
            lambda m: m["statute"].update(wording_held_from="1998-01-01"),
            "'wording_held_from' is for a statute",
        ),
        (lambda m: m.update(text="missing.zh.md"), "missing.zh.md"),
    ],
)
def test_a_broken_package_is_refused_naming_the_place_and_writes_nothing(
    tmp_path, social_insurance_law, change, message
):
    import_statute_package(LAWS / "premium-collection-interim-regulations")
    statute = Statute.objects.get(slug="premium-collection-interim-regulations")
    # Refused when it replaces the statute imported before (the same checks run first for
    # a new one: nothing is read into the database until the files are).
    folder = broken_package(tmp_path, "premium-collection-interim-regulations", change)
    before = (Statute.objects.count(), Article.objects.count(), Wording.objects.count())
    with pytest.raises((StatuteFormatError, FileNotFoundError)) as refused:
        import_statute_package(folder)
    assert message in str(refused.value)
    assert (Statute.objects.count(), Article.objects.count(), Wording.objects.count()) == before
    statute.refresh_from_db()
    assert (statute.adopted, statute.kind) == (
        datetime.date(1999, 1, 22),
        Statute.Kind.ADMINISTRATIVE_REGULATION,
    )


def test_a_broken_text_is_refused_naming_its_line(tmp_path, social_insurance_law):
    import_statute_package(LAWS / "insurance-handling-regulations")
    folder = tmp_path / "insurance-handling-regulations"
    shutil.copytree(LAWS / "insurance-handling-regulations", folder)
    text = folder / "original-2023-08-16.zh.md"
    lines = text.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("第三条"))
    lines[at] = lines[at].replace("第三条", "第五条")
    text.write_text("\n".join(lines), encoding="utf-8")
    articles = Article.objects.filter(statute__slug="insurance-handling-regulations")
    wordings = Wording.objects.filter(paragraph__article__in=articles).values_list("text_zh")
    before = sorted(wordings)
    with pytest.raises(StatuteFormatError) as refused:
        import_statute_package(folder)
    assert f"line {at + 1}: article 5 follows article 2" in str(refused.value)
    assert sorted(wordings) == before


def test_a_guide_step_can_cite_a_regulation_and_the_article_lists_it(statutes, client):
    from guides.models import Citation
    from guides.publishing import publish
    from tests.factories import make_guide

    guide = make_guide(steps=1)
    article = Article.objects.get(statute__slug="premium-collection-interim-regulations", number=13)
    Citation.objects.create(
        step=guide.steps.get(position=1), article=article, paragraph=article.paragraphs.first()
    )
    publish(guide=guide, user=None, change_note="Cites the collection regulations.", major=False)
    page = html.unescape(client.get(article.get_absolute_url()).content.decode())
    cited_by = page.split('id="cited-by"', 1)[1].split("</ul>", 1)[0]
    assert " ".join(re.sub(r"<[^>]+>", "", cited_by).split()).endswith(
        "Step 1: Step 1 in A guide of 1 steps (cites paragraph 1)"
    )
    guide_page = client.get(guide.get_absolute_url()).content.decode()
    assert 'href="/laws/premium-collection-interim-regulations/article/13/#p1"' in guide_page

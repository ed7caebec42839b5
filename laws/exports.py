"""The law as open data: each statute and article, as in force on a date, in JSON (the
schema is the OpenAPI description's, ``laws.openapi``) and in Akoma Ntoso 3.0 XML, and the
schema.org ``Legislation`` that the pages carry as JSON-LD.

Both formats are built from the same reading of the text as the pages (``StatuteText``):
the Chinese is authoritative; an unofficial English translation is given where one exists,
marked as such.
"""

import datetime
from xml.etree import ElementTree as ET

from django.utils import timezone

from laws.models import Article, Statute

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
SCHEMA_VERSION = "1"


def _statute(statute: Statute, request) -> dict:
    return {
        "slug": statute.slug,
        "title_zh": statute.title_zh,
        "title_en": statute.title_en,
        "kind": statute.kind,
        "issued_by_zh": statute.issued_by_zh,
        "issued_by_en": statute.issued_by_en,
        "number_zh": statute.number_zh,
        "number_en": statute.number_en,
        "adopted": statute.adopted.isoformat(),
        "in_force_from": statute.in_force_from.isoformat(),
        "wording_held_from": (
            statute.wording_held_from.isoformat() if statute.wording_held_from else None
        ),
        "official_url": statute.official_url or None,
        "source_en": statute.source_en or "",
        "source_zh": statute.source_zh_hans or "",
        "url": request.build_absolute_uri(statute.get_absolute_url()),
    }


def _article(article: Article, request) -> dict:
    return {
        "number": article.number,
        "label_zh": article.label_zh,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "paragraphs": [
            {
                "number": view.number,
                "text_zh": view.wording.text_zh,
                "text_en_unofficial": view.wording.text_en or None,
                "in_force_from": view.wording.in_force_from.isoformat(),
                "in_force_until": (
                    view.wording.last_day.isoformat() if view.wording.in_force_until else None
                ),
            }
            for view in article.paragraph_views
        ],
    }


def as_data(statute: Statute, chapters: list, on: datetime.date, request, article=None) -> dict:
    """The statute (or one `article` of it) as in force on `on`, as JSON data."""
    found = {
        "schema_version": SCHEMA_VERSION,
        "statute": _statute(statute, request),
        "in_force_on": on.isoformat(),
        "in_force": statute.in_force_on(on),
        "wording_held": statute.wording_held_on(on),
    }
    if article is not None:
        shown = next(a for c in chapters for a in c.article_list if a.number == article)
        return {**found, "article": _article(shown, request)}
    return {
        **found,
        "chapters": [
            {
                "number": chapter.number,
                "label_zh": chapter.label_zh,
                "title_zh": chapter.title_zh,
                "title_en": chapter.title_en,
                "articles": [_article(a, request) for a in chapter.article_list],
            }
            for chapter in chapters
        ],
    }


def _work(statute: Statute) -> str:
    """The statute's Akoma Ntoso work address: /akn/cn/act/<adopted>/<slug>."""
    return f"/akn/cn/act/{statute.adopted.isoformat()}/{statute.slug}"


def as_akoma_ntoso(statute: Statute, chapters: list, on: datetime.date, article=None) -> bytes:
    """The statute (or one `article`) as in force on `on`, an Akoma Ntoso 3.0 act."""
    ET.register_namespace("", AKN)

    def el(parent, tag: str, text: str | None = None, **attributes):
        node = ET.SubElement(
            parent, f"{{{AKN}}}{tag}", {k.rstrip("_"): v for k, v in attributes.items()}
        )
        if text is not None:
            node.text = text
        return node

    root = ET.Element(f"{{{AKN}}}akomaNtoso")
    act = el(root, "act", name=statute.slug)
    meta = el(act, "meta")
    identification = el(meta, "identification", source="#portal")
    work, expression = _work(statute), f"{_work(statute)}/zho@{on.isoformat()}"
    for frbr, this, date, name in [
        ("FRBRWork", work, statute.adopted, "adoption"),
        ("FRBRExpression", expression, on, "version"),
        ("FRBRManifestation", f"{expression}.akn", timezone.localdate(), "generation"),
    ]:
        part = el(identification, frbr)
        el(part, "FRBRthis", value=f"{this}/!main" if frbr != "FRBRManifestation" else this)
        el(part, "FRBRuri", value=this)
        el(part, "FRBRdate", date=date.isoformat(), name=name)
        el(part, "FRBRauthor", href="#issuer" if frbr == "FRBRWork" else "#portal")
        if frbr == "FRBRWork":
            el(part, "FRBRcountry", value="cn")
            if statute.number_zh:
                el(part, "FRBRnumber", value=statute.number_zh)
        if frbr == "FRBRExpression":
            el(part, "FRBRlanguage", language="zho")
    lifecycle = el(meta, "lifecycle", source="#portal")
    el(lifecycle, "eventRef", eId="e_adoption", date=statute.adopted.isoformat(),
       source="#original", type="generation")  # fmt: skip
    references = el(meta, "references", source="#portal")
    el(references, "original", eId="original", href=work, showAs=statute.title_zh)
    el(references, "TLCOrganization", eId="issuer", href="/ontology/organization/cn/issuer",
       showAs=statute.issued_by_zh or statute.title_zh)  # fmt: skip
    el(references, "TLCOrganization", eId="portal", href="/ontology/organization/portal",
       showAs="Social security payment guide")  # fmt: skip
    preface = el(act, "preface")
    el(el(preface, "p", class_="title"), "docTitle", statute.title_zh)
    body = el(act, "body")
    for chapter in chapters:
        articles = [a for a in chapter.article_list if article is None or a.number == article]
        if not articles:
            continue
        chapter_node = el(body, "chapter", eId=f"chp_{chapter.number}")
        el(chapter_node, "num", chapter.label_zh)
        el(chapter_node, "heading", chapter.title_zh)
        for shown in articles:
            article_node = el(chapter_node, "article", eId=f"art_{shown.number}")
            el(article_node, "num", shown.label_zh)
            for view in shown.paragraph_views:
                paragraph = el(
                    article_node, "paragraph", eId=f"art_{shown.number}__para_{view.number}"
                )
                el(paragraph, "num", str(view.number))
                content = el(paragraph, "content")
                for line in view.lines_zh:
                    el(content, "p", line)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode()
    )


LEGISLATION_TYPES = {Statute.Kind.LAW: "法律", Statute.Kind.ADMINISTRATIVE_REGULATION: "行政法规"}


def json_ld(statute: Statute, request, on: datetime.date, article: Article | None = None) -> dict:
    """schema.org Legislation for a statute's page, or an article's (part of its statute)."""
    whole = {
        "@type": "Legislation",
        "name": statute.title_zh,
        "alternateName": statute.title_en or None,
        "legislationType": LEGISLATION_TYPES[statute.kind],
        "legislationIdentifier": statute.number_zh or None,
        "legislationDate": statute.adopted.isoformat(),
        "legislationDateVersion": on.isoformat(),
        "legislationJurisdiction": "CN",
        "legislationPassedBy": statute.issued_by_zh or None,
        "inLanguage": "zh-Hans",
        "url": request.build_absolute_uri(statute.get_absolute_url()),
        "sameAs": statute.official_url or None,
    }
    whole = {k: v for k, v in whole.items() if v is not None}
    if article is None:
        return {"@context": "https://schema.org", **whole}
    return {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": f"{statute.title_zh}{article.label_zh}",
        "legislationType": whole["legislationType"],
        "legislationDate": whole["legislationDate"],
        "legislationDateVersion": on.isoformat(),
        "inLanguage": "zh-Hans",
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "isPartOf": whole,
    }

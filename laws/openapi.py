"""The OpenAPI 3.1 description of the law's open data (laws.exports), served at
``/laws/openapi.json``: what each address gives, and the JSON's schema."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from laws.exports import SCHEMA_VERSION
from laws.models import Statute

DATE = {"type": "string", "format": "date", "example": "2015-06-01"}
TEXT = {"type": "string"}
OPTIONAL_TEXT = {"type": ["string", "null"]}

PARAGRAPH = {
    "type": "object",
    "required": ["number", "text_zh", "text_en_unofficial", "in_force_from", "in_force_until"],
    "additionalProperties": False,
    "properties": {
        "number": {"type": "integer", "minimum": 1, "description": "款: 1 for the first."},
        "text_zh": {**TEXT, "description": "The authoritative Chinese; items (项) on lines."},
        "text_en_unofficial": {
            **OPTIONAL_TEXT,
            "description": "An unofficial English translation, where one exists.",
        },
        "in_force_from": DATE,
        "in_force_until": {
            "type": ["string", "null"],
            "format": "date",
            "description": "The last day this wording was in force; null while it is.",
        },
    },
}
ARTICLE = {
    "type": "object",
    "required": ["number", "label_zh", "url", "paragraphs"],
    "additionalProperties": False,
    "properties": {
        "number": {"type": "integer", "minimum": 1},
        "label_zh": {**TEXT, "example": "第六十条"},
        "url": {"type": "string", "format": "uri"},
        "paragraphs": {"type": "array", "items": {"$ref": "#/components/schemas/Paragraph"}},
    },
}
STATUTE = {
    "type": "object",
    "required": [
        "slug",
        "title_zh",
        "title_en",
        "kind",
        "issued_by_zh",
        "issued_by_en",
        "number_zh",
        "number_en",
        "adopted",
        "in_force_from",
        "wording_held_from",
        "official_url",
        "source_en",
        "source_zh",
        "url",
    ],
    "additionalProperties": False,
    "properties": {
        "slug": TEXT,
        "title_zh": TEXT,
        "title_en": TEXT,
        "kind": {"enum": ["law", "administrative_regulation"]},
        "issued_by_zh": TEXT,
        "issued_by_en": TEXT,
        "number_zh": {**TEXT, "example": "国务院令第765号"},
        "number_en": TEXT,
        "adopted": DATE,
        "in_force_from": DATE,
        "wording_held_from": {
            "type": ["string", "null"],
            "format": "date",
            "description": "Set when the wording before this day is not held here.",
        },
        "official_url": {"type": ["string", "null"], "format": "uri"},
        "source_en": TEXT,
        "source_zh": TEXT,
        "url": {"type": "string", "format": "uri"},
    },
}
COMMON = {
    "schema_version": {"const": SCHEMA_VERSION},
    "statute": {"$ref": "#/components/schemas/Statute"},
    "in_force_on": DATE,
    "in_force": {"type": "boolean", "description": "Whether the statute was in force that day."},
    "wording_held": {
        "type": "boolean",
        "description": "Whether the wording in force that day is held here (else no text).",
    },
}
CHAPTER = {
    "type": "object",
    "required": ["number", "label_zh", "title_zh", "title_en", "articles"],
    "additionalProperties": False,
    "properties": {
        "number": {"type": "integer", "minimum": 1},
        "label_zh": TEXT,
        "title_zh": TEXT,
        "title_en": TEXT,
        "articles": {"type": "array", "items": {"$ref": "#/components/schemas/Article"}},
    },
}
STATUTE_TEXT = {
    "type": "object",
    "required": [*COMMON, "chapters"],
    "additionalProperties": False,
    "properties": {
        **COMMON,
        "chapters": {"type": "array", "items": {"$ref": "#/components/schemas/Chapter"}},
    },
}
ARTICLE_TEXT = {
    "type": "object",
    "required": [*COMMON, "article"],
    "additionalProperties": False,
    "properties": {**COMMON, "article": {"$ref": "#/components/schemas/Article"}},
}

PARAMETERS = {
    "statute": {
        "name": "statute",
        "in": "path",
        "required": True,
        "description": "The statute's address, e.g. social-insurance-law.",
        "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
    },
    "number": {
        "name": "number",
        "in": "path",
        "required": True,
        "description": "The article's number.",
        "schema": {"type": "integer", "minimum": 0, "examples": [1, 60, 64]},
    },
    "on": {
        "name": "on",
        "in": "path",
        "required": True,
        "description": "The day the text is read as in force on.",
        "schema": DATE,
    },
}
NOT_FOUND = {"description": "No such statute, article or day."}


def _operation(summary: str, parameters: list[str], schema: str, fmt: str) -> dict:
    if fmt == "json":
        content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
    else:
        content = {"application/akn+xml": {"schema": {"type": "string"}}}
    return {
        "get": {
            "summary": summary,
            "parameters": [{"$ref": f"#/components/parameters/{name}"} for name in parameters],
            "responses": {"200": {"description": summary, "content": content}, "404": NOT_FOUND},
        }
    }


def description() -> dict:
    """The description, with the statutes held as the examples of a statute's address."""
    slugs = list(Statute.objects.values_list("slug", flat=True))
    parameters = {
        **PARAMETERS,
        "statute": {
            **PARAMETERS["statute"],
            "schema": {**PARAMETERS["statute"]["schema"], "examples": slugs},
        },
    }
    paths = {}
    for fmt, what in [("json", "as JSON"), ("akn", "as Akoma Ntoso 3.0 XML")]:
        paths |= {
            f"/laws/{{statute}}/data.{fmt}": _operation(
                f"A statute as in force today, {what}", ["statute"], "StatuteText", fmt
            ),
            f"/laws/{{statute}}/{{on}}/data.{fmt}": _operation(
                f"A statute as in force on a day, {what}", ["statute", "on"], "StatuteText", fmt
            ),
            f"/laws/{{statute}}/article/{{number}}/data.{fmt}": _operation(
                f"An article as in force today, {what}", ["statute", "number"], "ArticleText", fmt
            ),
            f"/laws/{{statute}}/article/{{number}}/{{on}}/data.{fmt}": _operation(
                f"An article as in force on a day, {what}",
                ["statute", "number", "on"],
                "ArticleText",
                fmt,
            ),
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "The law, as open data",
            "version": SCHEMA_VERSION,
            "description": (
                "Each statute the portal holds, and each of its articles, as in force on any "
                "day, in JSON and in Akoma Ntoso 3.0. The Chinese text is authoritative; English "
                "translations are unofficial. Laws and administrative regulations of the PRC "
                "are not subject to copyright (Copyright Law of the PRC, Article 5)."
            ),
        },
        "paths": paths,
        "components": {
            "parameters": parameters,
            "schemas": {
                "Paragraph": PARAGRAPH,
                "Article": ARTICLE,
                "Chapter": CHAPTER,
                "Statute": STATUTE,
                "StatuteText": STATUTE_TEXT,
                "ArticleText": ARTICLE_TEXT,
            },
        },
    }


@csrf_exempt
@require_safe
def openapi(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(description(), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response

"""Every sentence of the seed page is in the guide, or in the Article 60/63 pages it links to."""

import html
import re

from tests.conftest import ROOT

SEED = ROOT / "fixtures" / "seeds" / "000_b3043044d092832f.txt"
# The seed numbers its steps and list items in words ("First,", "V.") and
# digits ("1."); the page numbers them with its own step and list numbers.
NUMBERING = re.compile(r"^(?:(?:First|Second|Third|Fourth|Fifth),\s*|[IVX]+\.\s+|\d+\.\s+)")


def seed_sentences() -> list[str]:
    sentences = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = NUMBERING.sub("", " ".join(line.split()))
        for sentence in re.split(r"(?<=[.;?!])\s+", line):
            sentence = sentence.strip(" .,;:")
            if sentence:
                sentences.append(sentence)
    return sentences


def visible_text(page: bytes) -> str:
    body = page.decode().split("<body", 1)[1]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_every_seed_sentence_is_on_the_guide_or_its_linked_articles(client, seed_guide):
    pages = [
        client.get(seed_guide.get_absolute_url()).content,
        client.get("/laws/social-insurance-law/article/60/").content,
        client.get("/laws/social-insurance-law/article/63/").content,
    ]
    text = " ".join(visible_text(page) for page in pages)
    text = re.sub(r"\s+([:,.;])", r"\1", text).casefold()
    sentences = seed_sentences()
    assert len(sentences) > 40
    missing = [s for s in sentences if " ".join(s.split()).casefold() not in text]
    assert missing == []


def test_the_guide_has_five_steps_in_the_seeds_order(client, seed_guide):
    page = client.get(seed_guide.get_absolute_url()).content.decode()
    titles = re.findall(
        r'<h3 class="c-steps__title">.*?</span>\d+</span> <span>(.*?)</span></h3>', page
    )
    assert titles == [
        "Understand the social security payment policy",
        "Prepare relevant materials",
        "Choose the payment method",
        "Go through the payment procedures",
        "Inquiring about payment records",
    ]
    assert [step.kind for step in seed_guide.steps.all()] == [
        "policy", "materials", "methods", "procedure", "records"
    ]  # fmt: skip


def test_four_materials_and_four_payment_methods_are_structured(seed_guide):
    materials = seed_guide.steps.get(kind="materials").materials.all()
    assert [m.label for m in materials] == [
        "Original and photocopy of social security card",
        "Original and photocopy of personal ID card",
        "Payment notice or relevant payment certificate (if any)",
        "Other materials that may be needed (depending on local requirements)",
    ]
    assert [(m.original, m.photocopy) for m in materials][:2] == [(True, True), (True, True)]
    methods = seed_guide.steps.get(kind="methods").payment_methods.all()
    assert [m.kind for m in methods] == ["cash", "bank_transfer", "self_service", "mobile"]

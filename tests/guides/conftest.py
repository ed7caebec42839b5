import pytest
from django.utils.timezone import now

from guides.models import Citation, Guide, Material, PaymentMethod, Step
from guides.publishing import record_version
from guides.services import load_guide_file
from laws.models import Article, Paragraph
from tests.conftest import ROOT

SEED_GUIDE = ROOT / "fixtures" / "guides" / "where-to-pay.json"


@pytest.fixture
def seed_guide(social_insurance_law):
    guide, _ = load_guide_file(SEED_GUIDE)
    return guide


def make_guide(*, steps: int, slug: str = "test-guide", published: bool = True) -> Guide:
    """A guide with `steps` steps, each with items and a paragraph citation, published
    (its first version recorded) unless told otherwise."""
    guide = Guide.objects.create(
        slug=slug, title=f"A guide of {steps} steps", short_answer="Short."
    )
    article = Article.objects.get(statute__slug="social-insurance-law", number=60)
    paragraph = Paragraph.objects.get(article=article, number=2)
    kinds = [kind for kind, _ in Step.Kind.choices]
    for position in range(1, steps + 1):
        step = Step.objects.create(
            guide=guide,
            position=position,
            kind=kinds[(position - 1) % len(kinds)],
            title=f"Step {position}",
            body=f"Body of step **{position}**.",
        )
        Material.objects.create(step=step, position=1, name=f"item {position}", original=True)
        PaymentMethod.objects.create(
            step=step,
            position=1,
            kind=PaymentMethod.Kind.CASH,
            name="Cash",
            description="pay in cash",
            where="Counter",
            you_need="Cash",
        )
        Citation.objects.create(step=step, article=article, paragraph=paragraph)
        Citation.objects.create(step=step, article=article)
    Citation.objects.create(guide=guide, article=article)
    if published:
        record_version(guide=guide, user=None, note="First published.", major=True, at=now())
    return guide


@pytest.fixture
def guide(social_insurance_law, regions):
    """A published guide of five steps (policy, materials, methods, procedure, records)."""
    return make_guide(steps=5)

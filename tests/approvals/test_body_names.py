"""An approving body's name in the page's language, as a provider's is shown."""

import pytest
from django.utils import translation

from approvals.models import ApprovingBody
from landplots import demo


@pytest.mark.django_db
def test_a_body_is_named_in_the_pages_language_english_falling_back_to_russian():
    body = ApprovingBody(code="X", kind="state_body", name_kk="Қазақша", name_ru="Русский")
    with translation.override("kk"):
        assert str(body) == "Қазақша"
    with translation.override("ru"):
        assert str(body) == "Русский"
    with translation.override("en"):
        assert str(body) == "Русский"
        body.name_en = "English"
        assert str(body) == "English"


@pytest.mark.django_db
def test_demo_bodies_have_english_names_and_an_older_seed_gets_them():
    # given a body seeded before bodies had English names
    code, kind, name_kk, name_ru, name_en, _by, _system = demo.BODIES[0]
    ApprovingBody.objects.create(code=code, kind=kind, name_kk=name_kk, name_ru=name_ru)
    # when the demo data is seeded again
    demo.seed_bodies(demo.seed_providers())
    # then every demo body has its English name
    assert ApprovingBody.objects.get(code=code).name_en == name_en
    assert not ApprovingBody.objects.filter(name_en="").exists()

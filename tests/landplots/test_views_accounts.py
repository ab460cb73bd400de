"""Sign-up and log-in of individuals (IIN) and legal entities (BIN with the representative's
IIN), log-in throttling, CSRF and the public pages."""

import pytest
from django.test import Client
from django.urls import reverse

from landplots.models import Applicant
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db

GOOD_IIN = "871008401427"
GOOD_BIN = "940140000385"


def individual(**overrides):
    data = {
        "iin": GOOD_IIN,
        "last_name": "Нұрланов",
        "first_name": "Асқар",
        "address": "Алматы, ул. Абая, 10",
        "email": "askar@example.kz",
        "password1": "Zhol-2026-plot",
        "password2": "Zhol-2026-plot",
    }
    data.update(overrides)
    return data


def test_home_answers_200_with_a_language_switcher(client):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'action="/i18n/setlang/"' in body
    for code in ("kk", "ru", "en"):
        assert f'value="{code}"' in body


def test_an_individual_signs_up_with_a_valid_iin(client):
    """Annex 1: an individual is identified by the IIN."""
    response = client.post(reverse("portal:sign_up_kind", args=["individual"]), individual())
    assert response.status_code == 302
    applicant = Applicant.objects.get()
    assert applicant.kind == "individual" and applicant.iin == GOOD_IIN
    assert applicant.user.username == GOOD_IIN
    # and is logged in
    assert client.get(reverse("portal:cabinet")).status_code == 200


def test_an_iin_with_a_wrong_check_digit_is_refused(client):
    """Annex 1 / STACK-NOTES: the IIN's 12th digit is its check digit."""
    response = client.post(
        reverse("portal:sign_up_kind", args=["individual"]), individual(iin="871008401428")
    )
    assert response.status_code == 200
    assert "check digit does not match" in response.content.decode()
    assert not Applicant.objects.exists()


def test_an_entity_signs_up_with_bin_and_representative_iin(client):
    """Annex 1: a legal entity gives its BIN and its representative's name and IIN."""
    data = {
        "bin": GOOD_BIN,
        "organisation_name": "ТОО «Жер Құрылыс»",
        "representative_name": "Серікова Айгүл",
        "representative_iin": "760212350620",
        "address": "Астана, пр. Мәңгілік Ел, 8",
        "password1": "Zhol-2026-plot",
        "password2": "Zhol-2026-plot",
    }
    response = client.post(reverse("portal:sign_up_kind", args=["entity"]), data)
    assert response.status_code == 302
    applicant = Applicant.objects.get()
    assert applicant.kind == "legal_entity" and applicant.bin == GOOD_BIN
    assert applicant.representative_iin == "760212350620"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("bin", "940140000386", "check digit does not match"),
        ("representative_iin", "821214240092", "check digit does not match"),
        ("bin", "12345", "exactly 12 digits"),
    ],
)
def test_an_entity_with_a_bad_number_is_refused(client, field, value, message):
    data = {
        "bin": GOOD_BIN,
        "organisation_name": "ТОО",
        "representative_name": "Серікова Айгүл",
        "representative_iin": "760212350620",
        "address": "Астана",
        "password1": "Zhol-2026-plot",
        "password2": "Zhol-2026-plot",
        field: value,
    }
    response = client.post(reverse("portal:sign_up_kind", args=["entity"]), data)
    assert message in response.content.decode()
    assert not Applicant.objects.exists()


def test_the_same_iin_cannot_sign_up_twice(client, db):
    client.post(reverse("portal:sign_up_kind", args=["individual"]), individual())
    other = Client()
    response = other.post(reverse("portal:sign_up_kind", args=["individual"]), individual())
    assert "already exists" in response.content.decode()
    assert Applicant.objects.count() == 1


def test_log_in_with_the_iin(client, db):
    applicant = ApplicantFactory(user__username=GOOD_IIN)
    response = client.post(
        reverse("portal:login"), {"username": GOOD_IIN, "password": "pass-12345"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:cabinet")
    assert client.session["_auth_user_id"] == str(applicant.user.pk)


def test_log_in_does_not_redirect_off_site(client, db):
    ApplicantFactory(user__username=GOOD_IIN)
    response = client.post(
        reverse("portal:login") + "?next=https://evil.example/",
        {"username": GOOD_IIN, "password": "pass-12345", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("portal:cabinet")


def test_log_in_is_throttled_after_repeated_failures(client, db):
    """Issue 5: log-in is throttled per number and address."""
    # given five failed attempts
    ApplicantFactory(user__username=GOOD_IIN)
    for _ in range(5):
        response = client.post(reverse("portal:login"), {"username": GOOD_IIN, "password": "wrong"})
        assert "wrong" in response.content.decode()
    # when the right password comes next
    response = client.post(
        reverse("portal:login"), {"username": GOOD_IIN, "password": "pass-12345"}
    )
    # then it is refused until the window passes
    assert response.status_code == 200
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # and another address is not locked out
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert (
        other.post(
            reverse("portal:login"), {"username": GOOD_IIN, "password": "pass-12345"}
        ).status_code
        == 302
    )


def test_forms_need_the_csrf_token(db, world):
    """Issue 5: CSRF on every form."""
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post(reverse("portal:login"), {"username": "x"}).status_code == 403
    csrf_client.force_login(world.applicant.user)
    app = world.application()
    for url in (
        reverse("portal:application_new"),
        reverse("portal:application_submit", args=[app.pk]),
        reverse("portal:act_agree", args=[app.pk]),
        reverse("portal:pay", args=[app.pk]),
        reverse("portal:complaint_new", args=[app.pk]),
        reverse("portal:logout"),
    ):
        assert csrf_client.post(url, {}).status_code == 403, url


def test_cabinet_needs_log_in(client, db):
    response = client.get(reverse("portal:cabinet"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def demo_style_users():
    """As `seed_demo` makes them: accounts named by a word, not by the number."""
    person = ApplicantFactory(user__username="applicant", iin=GOOD_IIN)
    entity = ApplicantFactory(
        user__username="company",
        kind=Applicant.Kind.LEGAL_ENTITY,
        iin="",
        bin=GOOD_BIN,
        representative_iin="760212350620",
    )
    return person.user, entity.user


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        (GOOD_IIN, 0),
        (" 8710 0840 1427 ", 0),
        ("applicant", 0),
        (GOOD_BIN, 1),
        ("company", 1),
    ],
)
def test_log_in_with_the_iin_or_bin_of_an_account_named_otherwise(client, db, typed, who):
    """The form asks for the IIN or BIN: the number of a demo applicant logs in as well as
    the user name does."""
    # Given applicants whose user names are not their numbers
    users = demo_style_users()

    # When one logs in with the number (or the name)
    response = client.post(reverse("portal:login"), {"username": typed, "password": "pass-12345"})

    # Then that account is logged in
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(users[who].pk)


def test_an_entity_is_not_found_by_its_representatives_iin(client, db):
    demo_style_users()
    response = client.post(
        reverse("portal:login"), {"username": "760212350620", "password": "pass-12345"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_number_and_the_user_name_share_the_throttle(client, db):
    """Typing the number or the user name in turns does not double the attempts."""
    # Given five failures, alternating the IIN and the user name of one account
    demo_style_users()
    for typed in (GOOD_IIN, "applicant") * 2 + (GOOD_IIN,):
        response = client.post(reverse("portal:login"), {"username": typed, "password": "wrong"})
        assert "The number or the password is wrong" in response.content.decode()

    # When the right password comes next, with either
    for typed in ("applicant", GOOD_IIN):
        response = client.post(
            reverse("portal:login"), {"username": typed, "password": "pass-12345"}
        )

        # Then it is refused until the window passes
        assert "Too many failed attempts" in response.content.decode()
        assert "_auth_user_id" not in client.session

"""What a user trial of the supervisors' deadline dashboard found in its API and pages: a
supervisor without back-office access still saw the figures, the API answered in Kazakh
whatever the client asked for, and the page and the API took different dates."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from tests.dashboard.conftest import workdays  # noqa: F401 (a fixture)
from tests.factories import UserFactory
from workflow.dashboard.forms import PeriodDayField
from workflow.dashboard.tables import BUCKET_TITLES
from workflow.roles import Role

API = "/api/dashboard/"
PAGE = "/dashboard/"
EXPORT = "/dashboard/export/steps.csv"
REASON = "Only supervisors see the deadline dashboards."
# Every test reads the working-day table that the refresh fills (as the pages do).
pytestmark = pytest.mark.usefixtures("workdays")
# A period within the shipped calendar that does not depend on the day the tests run.
NOVEMBER = {"date_from": "2026-11-01", "date_to": "2026-11-30"}


def in_language(language: str, text) -> str:
    with translation.override(language):
        return str(translation.gettext(text) if isinstance(text, str) else text)


# --- A supervisor whose back-office access was taken away (is_staff=False) -------------------


@pytest.fixture
def former_supervisor(world):
    """The world's country supervisor, whose back-office access an administrator removed the
    usual Django way (is_staff=False); the role and its group are still there."""
    user = world.user(Role.SUPERVISOR)
    get_user_model().objects.filter(pk=user.pk).update(is_staff=False)
    user.refresh_from_db()
    assert not user.is_staff and user.groups.filter(name=Role.SUPERVISOR).exists()
    return user


def portal_login(client, user):
    """Logs in through the applicant portal's own form, as the trial did."""
    response = client.post("/login/", {"username": user.username, "password": "pass-12345"})
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.parametrize("url", [PAGE, EXPORT])
def test_a_supervisor_without_back_office_access_is_refused_the_pages(
    client, former_supervisor, url
):
    # Given a supervisor without back-office access, logged in through the portal
    portal_login(client, former_supervisor)

    # When they open the dashboard page or an export
    response = client.get(url, NOVEMBER)

    # Then they are refused with the reason
    assert response.status_code == 403
    assert REASON in response.content.decode()


def test_a_supervisor_without_back_office_access_is_refused_the_api(former_supervisor, client_for):
    # Given a supervisor without back-office access, with an API token
    client = client_for(former_supervisor)

    # When they ask the API for the dashboard's figures
    response = client.get(API, NOVEMBER)

    # Then they are refused with the reason, in the API's error shape
    assert response.status_code == 403
    assert response.json()["error"]["message"] == REASON


def test_a_superuser_still_sees_the_dashboard(client, world, client_for):
    # Given the site's administrator (staff and superuser, no official role)
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)

    # When they open the page, an export and the API: then each answers
    assert client.get(PAGE, NOVEMBER).status_code == 200
    assert client.get(EXPORT, NOVEMBER).status_code == 200
    assert client_for(root).get(API, NOVEMBER).status_code == 200


# --- The API's language: Accept-Language, Kazakh by default ---------------------------------


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("en", "en"),
        ("ru", "ru"),
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ("de, en;q=0.5", "en"),
    ],
)
def test_the_api_speaks_the_language_the_client_asks_for(
    world, client_for, kazakh_default, header, language
):
    # Given a supervisor's API client that sends Accept-Language
    client = client_for(world.user(Role.SUPERVISOR))

    # When it asks for the dashboard's figures
    response = client.get(API, NOVEMBER, HTTP_ACCEPT_LANGUAGE=header)

    # Then the labels are in the first language it asks for that the site speaks
    assert response.status_code == 200, response.json()
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]
    body = response.json()
    assert {b["key"]: b["label"] for b in body["clock_buckets"]} == {
        key: in_language(language, title) for key, title in BUCKET_TITLES.items()
    }
    assert body["clock_buckets"][0]["label"] != in_language("kk", BUCKET_TITLES["overdue"])


@pytest.mark.parametrize("header", [None, "de", "*"])
def test_without_a_language_it_speaks_kazakh(world, client_for, kazakh_default, header):
    # Given a supervisor's API client that asks for no language we speak, and a portal
    # language cookie set to Russian (the API reads the header only)
    client = client_for(world.user(Role.SUPERVISOR))
    client.cookies["django_language"] = "ru"
    extra = {} if header is None else {"HTTP_ACCEPT_LANGUAGE": header}

    # When it asks for the dashboard's figures
    response = client.get(API, NOVEMBER, **extra)

    # Then the answer is in Kazakh, the site's default
    assert response["Content-Language"] == "kk"
    labels = [b["label"] for b in response.json()["clock_buckets"]]
    assert labels == [in_language("kk", t) for t in BUCKET_TITLES.values()]


def test_an_error_message_is_in_the_clients_language(world, client_for, kazakh_default):
    # Given a supervisor's API client that asks for Russian
    client = client_for(world.user(Role.SUPERVISOR))

    # When it asks for a period that ends before it starts
    response = client.get(
        API, {"date_from": "2026-11-30", "date_to": "2026-11-01"}, HTTP_ACCEPT_LANGUAGE="ru"
    )

    # Then the 400's message is the Russian one, not the Kazakh one
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert message == in_language("ru", "The period must start before it ends.")
    assert message != in_language("kk", "The period must start before it ends.")


def test_a_refusal_is_in_the_clients_language(world, client_for, kazakh_default):
    # Given a clerk's API client that asks for Russian; when it asks for the figures
    response = client_for(world.user(Role.CLERK)).get(API, HTTP_ACCEPT_LANGUAGE="ru")
    # Then the 403 says why in Russian
    assert response.status_code == 403
    assert response.json()["error"]["message"] == in_language("ru", REASON) != REASON


@pytest.mark.parametrize(("path", "language"), [("/", "kk"), ("/ru/", "ru"), ("/en/", "en")])
def test_the_pages_keep_the_language_of_their_address(client, db, kazakh_default, path, language):
    # When a browser that prefers another language opens a portal page
    other = "en" if language == "ru" else "ru"
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=other)

    # Then the page is in the language of its address (none: Kazakh), not the header's
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert f'<html lang="{language}"' in response.content.decode()


# --- The same days on the page and in the API ------------------------------------------------


def test_a_day_as_the_page_writes_it_is_taken_by_both(client, world, client_for):
    # Given a supervisor; when the page and the API get the first day as 01.11.2026
    supervisor = world.user(Role.SUPERVISOR)
    client.force_login(supervisor)
    period = {"date_from": "01.11.2026", "date_to": "30.11.2026"}
    page = client.get(PAGE, period)
    api = client_for(supervisor).get(API, period)

    # Then both take it: the period is 1–30 November 2026
    assert page.status_code == 200, page.content.decode()[:2000]
    assert api.status_code == 200, api.json()
    assert (api.json()["date_from"], api.json()["date_to"]) == ("2026-11-01", "2026-11-30")
    assert page.context["form"].cleaned_data["date_from"].isoformat() == "2026-11-01"


@pytest.mark.parametrize(
    "typed", ["20260101", "2026-11-01T00:00", "01.11.2026 and more", "01.11.2026" * 10]
)
def test_a_day_the_page_refuses_the_api_refuses_with_the_same_message(
    client, world, client_for, typed
):
    # Given a supervisor; when the page and the API get a first day the page cannot read
    # (a basic ISO day, a date and time, a longer text, one past the API's length bound)
    supervisor = world.user(Role.SUPERVISOR)
    client.force_login(supervisor)
    period = {"date_from": typed, "date_to": "2026-11-30"}
    page = client.get(PAGE, period)
    api = client_for(supervisor).get(API, period)

    # Then both answer 400 on the first day, with the form's own message
    invalid = str(PeriodDayField().error_messages["invalid"])
    assert page.status_code == 400
    assert page.context["form"].errors["date_from"] == [invalid]
    assert api.status_code == 400
    assert api.json()["error"]["fields"] == {"date_from": [invalid]}


def test_the_schema_documents_the_days_in_both_forms(client, db):
    # When a client reads the API's schema
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"][API]["get"]["parameters"]}
    # Then the period's days are dates, as ISO or as the page writes them
    for name in ("date_from", "date_to"):
        forms = parameters[name]["schema"]["anyOf"]
        assert {"type": "string", "format": "date"}.items() <= forms[0].items()
        assert forms[1]["example"].count(".") == 2


def test_the_schema_names_each_step_a_client_can_choose(client, db):
    # When a client reads the API's schema
    schema = client.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en").json()
    step = {p["name"]: p for p in schema["paths"][API]["get"]["parameters"]}["step"]
    # Then the scored steps are the choices, each described by what it is (§6 step 1.4)
    assert "1.4" in step["schema"]["enum"] and "1.11" not in step["schema"]["enum"]
    assert "`1.4` - Prepare the selection act and send it for approval" in step["description"]

"""What a supervisor trying the dashboards found: extreme dates, the page for non-supervisors,
list pages that do not exist, figures in the page's language, gaps in the trend, and an
official set up in the admin."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from tests.dashboard.test_dashboard import JUNE, page, table
from tests.factories import UserFactory
from workflow.dashboard.selectors import Filters, trend_periods
from workflow.roles import Role

EXTREME_PERIODS = [
    {"date_from": "9999-12-31", "date_to": "9999-12-31"},
    {"date_to": "9999-12-31"},
    {"date_from": "0001-01-01", "date_to": "0001-01-02"},
]


@pytest.mark.parametrize("period", EXTREME_PERIODS)
@pytest.mark.parametrize(
    "url", ["/dashboard/", "/dashboard/export/complaints.csv", "/dashboard/clocks/overdue/"]
)
def test_days_outside_any_record_are_a_form_error_not_a_crash(client, world, data, url, period):
    response = page(client, world.user(Role.SUPERVISOR), url, **period)
    assert response.status_code == 400
    assert "01.01.2000" in response.content.decode()


@pytest.mark.parametrize("period", EXTREME_PERIODS)
def test_the_dashboard_api_answers_400_for_such_days(client, world, data, period):
    client.force_login(world.user(Role.SUPERVISOR))
    response = client.get("/api/dashboard/", period)
    assert response.status_code == 400
    assert "error" in response.json()


def test_days_are_taken_as_the_page_writes_them(client, world, data):
    # the page shows 01.06.2025; typed back in that form it is the same day as 2025-06-01
    typed = page(client, world.user(Role.SUPERVISOR), date_from="01.06.2025", date_to="30.06.2025")
    iso = page(client, world.user(Role.SUPERVISOR), **JUNE)
    assert typed.status_code == 200
    assert table(typed, "steps") == table(iso, "steps")


@pytest.mark.parametrize("role", [Role.CLERK, Role.BODY_OFFICER])
def test_other_officials_get_a_page_that_says_why(client, world, role):
    client.force_login(world.user(role))
    with translation.override("ru"):
        response = client.get("/ru/dashboard/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Мерзімдер" not in body  # the Russian page, not the Kazakh one
    with translation.override("ru"):
        assert translation.gettext("Only supervisors see the deadline dashboards.") in body


def test_an_applicant_gets_the_same_reason(client, world):
    client.force_login(world.applicant.user)
    response = client.get("/dashboard/export/steps.csv")
    assert response.status_code == 403
    assert "Only supervisors see the deadline dashboards." in response.content.decode()


@pytest.mark.parametrize("number", ["99", "0", "-5", "abc"])
def test_a_list_page_that_does_not_exist_is_404(client, world, data, number):
    response = page(client, world.user(Role.SUPERVISOR), "/dashboard/clocks/overdue/", page=number)
    assert response.status_code == 404


def test_rates_are_written_with_the_decimal_comma_in_kazakh_and_russian(client, world, data):
    # §6 step 1.4 in June: 3 closed, 2 on time: 66.7 %
    user = world.user(Role.SUPERVISOR)
    client.force_login(user)
    with translation.override("kk"):
        kk = client.get("/kk/dashboard/", JUNE).content.decode()
    with translation.override("en"):
        en = client.get("/dashboard/", JUNE).content.decode()
    assert "<td>66,7</td>" in kk
    assert "<td>66.7</td>" in en


def test_trend_has_a_row_for_every_week_of_the_period(client, world, data):
    # June 2025 touches the weeks of Mondays 26 May to 30 June (the first counted from
    # Sunday 1 June, the period's first day); clocks closed only in the weeks of 9 June (1.4
    # of X and Z, 1.5a: all on time) and 16 June
    rows = table(page(client, world.user(Role.SUPERVISOR), **JUNE), "trend")
    assert [r["period"] for r in rows] == [
        date(2025, 6, 1),
        date(2025, 6, 2),
        date(2025, 6, 9),
        date(2025, 6, 16),
        date(2025, 6, 23),
        date(2025, 6, 30),
    ]
    by_week = {r["period"]: (r["n"], r["on_time"], r["late"], r["rate"]) for r in rows}
    assert by_week[date(2025, 6, 9)] == (3, 3, 0, 100.0)
    for empty in (date(2025, 6, 1), date(2025, 6, 2), date(2025, 6, 23), date(2025, 6, 30)):
        assert by_week[empty] == (0, 0, 0, None)


def test_trend_months_run_from_the_first_month_to_the_last():
    f = Filters(date_from=date(2025, 11, 15), date_to=date(2026, 2, 1), trend="month")
    assert trend_periods(f) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_an_official_added_in_the_admin_gets_the_role_and_can_open_the_dashboard(
    client, world, data
):
    # given a user with no group, made a regional supervisor in the admin
    person = UserFactory(username="new-supervisor")
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/admin/workflow/official/add/",
        {"user": person.pk, "role": Role.SUPERVISOR, "region": data["region_a"].pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # then they are staff, in the supervisors' group only, and see their region's dashboard
    person.refresh_from_db()
    assert person.is_staff
    assert list(person.groups.values_list("name", flat=True)) == [Role.SUPERVISOR]
    assert page(client, person, **JUNE).status_code == 200
    # and when their role changes, the old group goes
    client.force_login(admin)
    response = client.post(
        f"/admin/workflow/official/{person.official.pk}/change/",
        {"user": person.pk, "role": Role.QUALITY_REVIEWER},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(person.groups.values_list("name", flat=True)) == [Role.QUALITY_REVIEWER]
    assert Group.objects.filter(name=Role.SUPERVISOR).exists()


def test_the_admin_links_supervisors_to_the_dashboard_and_offers_the_languages(client, world):
    client.force_login(world.user(Role.SUPERVISOR))
    with translation.override("ru"):
        page_ru = client.get("/ru/admin/").content.decode()
    # the project's name in the tab, the link to the dashboards and the language choice
    assert "<title>" in page_ru and "Django" not in page_ru.split("<title>")[1].split("</title>")[0]
    assert 'href="/ru/dashboard/"' in page_ru
    assert 'name="language"' in page_ru
    # a clerk has no dashboard link
    client.force_login(world.user(Role.CLERK))
    assert "/dashboard/" not in client.get("/admin/").content.decode()


def test_an_export_refused_for_a_bad_day_names_the_field(client, world, data):
    response = page(client, world.user(Role.SUPERVISOR), "/dashboard/export/steps.csv", date_to="x")
    assert response.status_code == 400
    assert response.content.decode().startswith("last day: ")


def test_exported_clock_lists_link_to_the_case_with_the_site_address(client, world, data):
    response = page(client, world.user(Role.SUPERVISOR), "/dashboard/export/clocks-overdue.csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    url = f"http://testserver/admin/landplots/application/{data['x'].pk}/change/"
    assert lines[1].endswith(url)


def test_a_first_day_after_today_is_said_so(client, world, data):
    # only a first day is given, and it is after today
    response = page(client, world.user(Role.SUPERVISOR), date_from="2099-01-01")
    assert response.status_code == 400
    assert "The first day is after today." in response.content.decode()

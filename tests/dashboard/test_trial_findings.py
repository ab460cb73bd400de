"""What a user trial of the supervisors' deadline dashboard found: the clock-list exports did
not say a clock was overdue, the trend and the filter's days were not written in the page's
language, the open clocks' count was headed "number", a stray page number broke the drill-down
links, a regional supervisor was offered other regions' approving bodies, and the admin's own
text was English on Kazakh pages.

The June data set of ``test_dashboard`` ("now" is Friday 2025-06-20 12:00 in Almaty)."""

import csv
import io
import re
from pathlib import Path

import django.contrib.admin
import pytest
from django.conf import settings
from django.utils import translation
from openpyxl import load_workbook

from approvals.models import ApprovingBody
from config.library_msgids import ADMIN_TEMPLATE_MSGIDS
from tests.dashboard.test_dashboard import JUNE, NOW, page, supervisor, table
from workflow import clock
from workflow.roles import Role


def prefixed(url, language):
    """``url`` in ``language``: the default language has no prefix (English in the tests, so
    Kazakh takes its /kk/ prefix here)."""
    return url if language == settings.LANGUAGE_CODE else f"/{language}{url}"


def get(client, user, url, language, **params):
    """A page or export in ``language``."""
    client.force_login(user)
    with translation.override(language), clock.frozen_at(NOW):
        return client.get(prefixed(url, language), params)


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.content)).active.values)


# 1. The clock-list exports say whether a clock is overdue -----------------------------------


@pytest.mark.parametrize(("language", "yes"), [("en", "yes"), ("ru", "да"), ("kk", "иә")])
def test_the_overdue_csv_says_overdue_where_no_working_day_has_closed_yet(
    client, world, data, language, yes
):
    # given the State Corporation's conclusion, due Thursday 18:30 and still open on Friday
    # noon: no working day has closed since, so 0 working days are left
    user = world.user(Role.SUPERVISOR)
    # when the supervisor exports the overdue list in their language
    rows = csv_rows(get(client, user, "/dashboard/export/clocks-overdue.csv", language, **JUNE))
    header, body = rows[0], {r[2]: r for r in rows[1:]}
    with translation.override(language):
        overdue = header.index(translation.gettext("overdue"))
        left = header.index(translation.gettext("working days left"))
    # then the row reads 0 working days left, and says it is overdue, as the page does
    assert body["1.5a"][left] == "0"
    assert body["1.5a"][overdue] == yes
    # and the link to the case stays the last column
    assert body["1.5a"][-1].endswith(f"/admin/landplots/application/{data['x'].pk}/change/")


def test_a_clock_due_later_is_not_overdue_in_either_export(client, world, data):
    user = world.user(Role.SUPERVISOR)
    # given Z's forwarding, due by Monday's close
    # when the supervisor exports the "within one working day" list in Russian
    rows = csv_rows(get(client, user, "/dashboard/export/clocks-next_day.csv", "ru", **JUNE))
    # then it is not overdue: "нет"
    assert [(r[2], r[rows[0].index("просрочено")]) for r in rows[1:]] == [("1.2", "нет")]
    # and the spreadsheet has a true/false cell for it, and true for the overdue ones
    sheet = xlsx_rows(get(client, user, "/dashboard/export/clocks-next_day.xlsx", "ru", **JUNE))
    assert sheet[1][sheet[0].index("просрочено")] is False
    sheet = xlsx_rows(get(client, user, "/dashboard/export/clocks-overdue.xlsx", "ru", **JUNE))
    column = sheet[0].index("просрочено")
    assert [(r[2], r[column]) for r in sheet[1:]] == [("1.5a", True), ("10.head", True)]


def test_the_drill_down_page_still_says_it_in_the_working_days_cell(client, world, data):
    response = get(client, world.user(Role.SUPERVISOR), "/dashboard/clocks/overdue/", "ru", **JUNE)
    body = response.content.decode()
    # then "0 · просрочено", and no extra column heading for it on the page
    assert "<td>0 · <strong>просрочено</strong></td>" in body
    assert '<th scope="col">просрочено</th>' not in body


# 2. Days and rates as the page's language writes them -----------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_trend_chart_tooltips_use_the_page_days_and_decimal_comma(client, world, data, language):
    # given June's weeks: the week of Monday 16 June closed 3 clocks, 1 on time (33.3 %)
    response = get(client, world.user(Role.SUPERVISOR), "/dashboard/", language, **JUNE)
    titles = re.findall(r"<rect [^>]*><title>([^<]*)</title>", response.context["trend_chart"])
    # when the supervisor points at the bars
    # then the day is DD.MM.YYYY and the rate has the decimal comma, as the tables write it
    with translation.override(language):
        expected = translation.gettext("%(period)s — closed: %(n)s; on time: %(rate)s%%") % {
            "period": "16.06.2025",
            "n": 3,
            "rate": "33,3",
        }
        empty = translation.gettext("%(period)s — closed: %(n)s") % {
            "period": "01.06.2025",  # the first week counted from the period's first day
            "n": 0,
        }
    assert expected in titles
    assert "33,3" in expected and expected != "%(period)s — closed: %(n)s; on time: %(rate)s%%"
    # and a week with nothing closed has no rate rather than "—%"
    assert titles[0] == empty
    assert not any("2025-" in t or "33.3" in t or "—%" in t for t in titles)


def test_english_tooltips_keep_the_decimal_point(client, world, data):
    response = get(client, world.user(Role.SUPERVISOR), "/dashboard/", "en", **JUNE)
    assert "<title>16.06.2025 — closed: 3; on time: 33.3%</title>" in response.content.decode()


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_trend_table_writes_days_as_the_page_does(client, world, data, language):
    response = get(client, world.user(Role.SUPERVISOR), "/dashboard/", language, **JUNE)
    body = response.content.decode()
    # then the week of 16 June reads 16.06.2025 with its rate 33,3, not 2025-06-16
    assert "<tr><td>16.06.2025</td><td>3</td><td>1</td><td>2</td><td>33,3</td></tr>" in body
    assert "<td>2025-06-16</td>" not in body


def test_the_trend_export_keeps_iso_days(client, world, data):
    # the files stay machine-readable whatever the page's language: ISO days, decimal points
    user = world.user(Role.SUPERVISOR)
    rows = csv_rows(get(client, user, "/dashboard/export/trend.csv", "ru", **JUNE))
    assert rows[4] == ["2025-06-16", "3", "1", "2", "33.3"]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_days_typed_as_iso_are_shown_back_as_the_help_text_asks(client, world, data, language):
    # given a link with ISO days (as the API and old bookmarks write them)
    response = get(client, world.user(Role.SUPERVISOR), "/dashboard/", language, **JUNE)
    body = response.content.decode()
    # then the inputs show them as DD.MM.YYYY, the form the help text asks for
    assert '<input type="text" name="date_from" value="01.06.2025"' in body
    assert '<input type="text" name="date_to" value="30.06.2025"' in body
    # and typed back in that form they are the same period
    again = get(
        client,
        world.user(Role.SUPERVISOR),
        "/dashboard/",
        language,
        date_from="01.06.2025",
        date_to="30.06.2025",
    )
    assert table(again, "steps") == table(response, "steps")


def test_a_day_that_is_no_day_is_shown_as_typed_next_to_its_error(client, world, data):
    response = get(client, world.user(Role.SUPERVISOR), "/dashboard/", "ru", date_from="2025-13-01")
    assert response.status_code == 400
    assert 'value="2025-13-01"' in response.content.decode()


def test_the_drill_down_page_writes_instants_as_the_site_does(client, world, data):
    user = world.user(Role.SUPERVISOR)
    # given the State Corporation's conclusion, sent Wed 11 June 12:00, due Thu 19 June 18:30
    body = get(client, user, "/dashboard/clocks/overdue/", "kk", **JUNE).content.decode()
    # then the page writes them DD.MM.YYYY HH:MM
    assert "<td>11.06.2025 12:00</td><td>19.06.2025 18:30</td>" in body
    # and the export keeps the sortable form
    rows = csv_rows(get(client, user, "/dashboard/export/clocks-overdue.csv", "kk", **JUNE))
    assert rows[1][6:8] == ["2025-06-11 12:00", "2025-06-19 18:30"]


# 3. The open clocks' count is headed as a count ------------------------------------------------


@pytest.mark.parametrize(("language", "heading"), [("ru", "количество"), ("kk", "саны")])
def test_the_open_clocks_count_is_headed_as_a_count(client, world, data, language, heading):
    user = world.user(Role.SUPERVISOR)
    response = get(client, user, "/dashboard/", language, **JUNE)
    spec = next(spec for spec, _rows in response.context["table_rows"] if spec.key == "buckets")
    with translation.override(language):
        headings = [str(h) for _key, h in spec.columns]
    # then the page's column says how many, not an identifier (номер, нөмір)
    assert headings[1] == heading
    assert f'<th scope="col">{heading}</th>' in response.content.decode()
    # and so do the files
    assert csv_rows(get(client, user, "/dashboard/export/buckets.csv", language, **JUNE))[0][1] == (
        heading
    )
    assert (
        xlsx_rows(get(client, user, "/dashboard/export/buckets.xlsx", language, **JUNE))[0][1]
        == heading
    )


# 4. A stray page number does not follow the drill-down links ---------------------------------


def test_drill_down_links_carry_the_filters_but_never_the_page(client, world, data):
    user = world.user(Role.SUPERVISOR)
    # given the dashboard opened in Russian with a page number left in the address
    response = get(client, user, "/dashboard/", "ru", step="1.5a", page=3, **JUNE)
    assert response.status_code == 200
    links = set(re.findall(r'href="(/ru/dashboard/clocks/[^"]*)"', response.content.decode()))
    # then every drill-down link keeps the step and the period, drops the page, and opens
    assert links
    for link in links:
        link = link.replace("&amp;", "&")
        assert "page=" not in link and "step=1.5a" in link and "date_from=2025-06-01" in link
        with translation.override("ru"), clock.frozen_at(NOW):
            assert client.get(link).status_code == 200, link
    # and the overdue figure links to the overdue list
    assert any(link.startswith("/ru/dashboard/clocks/overdue/?") for link in links)


# 5. A regional supervisor picks among their region's approving bodies ------------------------


@pytest.fixture
def ecology(data, world):
    """A body only the Nauryzbay akimat (region A) consults."""
    body = ApprovingBody.objects.create(
        code="ECO-A",
        name_kk="Экология А",
        name_ru="Экология А",
        kind=ApprovingBody.Kind.STATE_BODY,
    )
    body.providers.add(world.provider)
    return body


def body_choices(response) -> set[str]:
    return {
        str(value) for value, _label in response.context["form"].fields["body"].choices if value
    }


def test_a_regional_supervisor_is_offered_only_their_regions_bodies(client, world, ecology, data):
    # given a supervisor of region B (the Medeu akimat's, which consults the three bodies of
    # the world but not region A's ecology body)
    user = supervisor(region=data["region_b"])
    user.is_staff = True  # as the admin makes every official
    user.save(update_fields=["is_staff"])
    # when they open the dashboard
    response = page(client, user, **JUNE)
    # then the menu lists the bodies Medeu consults, not ECO-A
    shared = {str(world.state_body.pk), str(world.utility.pk), str(world.state_corp.pk)}
    assert body_choices(response) == shared
    # and asking for ECO-A anyway is a form error, on the page, the list and the export
    for url in ("/dashboard/", "/dashboard/clocks/overdue/", "/dashboard/export/steps.csv"):
        assert page(client, user, url, body=ecology.pk, **JUNE).status_code == 400, url
    # while a body of their region is fine
    assert page(client, user, body=world.utility.pk, **JUNE).status_code == 200


def test_the_country_supervisor_keeps_every_body_but_not_outside_a_chosen_region(
    client, world, ecology, data
):
    user = world.user(Role.SUPERVISOR)
    # the country supervisor's menu has every body
    response = page(client, user, **JUNE)
    assert str(ecology.pk) in body_choices(response)
    assert body_choices(response) == {
        str(pk) for pk in ApprovingBody.objects.values_list("pk", flat=True)
    }
    # given region B chosen in the address, ECO-A (region A's only) is a form error
    response = page(client, user, region=data["region_b"].pk, body=ecology.pk, **JUNE)
    assert response.status_code == 400
    assert "No provider of the chosen region sends its acts to this body." in (
        response.content.decode()
    )
    response = page(
        client,
        user,
        "/dashboard/export/steps.csv",
        region=data["region_b"].pk,
        body=ecology.pk,
        **JUNE,
    )
    assert response.status_code == 400
    # but in region A, whose akimat consults it, it is a filter like any other
    assert (
        page(client, user, region=data["region_a"].pk, body=ecology.pk, **JUNE).status_code == 200
    )


# 6. The admin's own text in Kazakh -------------------------------------------------------------

ADMIN_TEMPLATES = Path(django.contrib.admin.__file__).parent / "templates" / "admin"


def test_the_marked_msgids_are_the_admin_templates_text():
    # a Django upgrade that rewords one of them would leave its translation unused
    text = "".join(
        (ADMIN_TEMPLATES / name).read_text(encoding="utf-8")
        for name in ("base.html", "color_theme_toggle.html", "nav_sidebar.html")
    )
    for msgid in ADMIN_TEMPLATE_MSGIDS:
        assert f"{{% translate '{msgid}' %}}" in text, msgid


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_project_catalogue_translates_them(language):
    with translation.override(language):
        for msgid in ADMIN_TEMPLATE_MSGIDS:
            assert translation.gettext(msgid) != msgid, (language, msgid)


KAZAKH_ADMIN_TEXT = [
    "Негізгі мазмұнға өту",
    "Безендіру тақырыбын ауыстыру (қазіргісі: автоматты)",
    "Безендіру тақырыбын ауыстыру (қазіргісі: ашық)",
    "Безендіру тақырыбын ауыстыру (қазіргісі: қараңғы)",
]


@pytest.mark.parametrize("url", ["/dashboard/", "/dashboard/clocks/overdue/"])
def test_kazakh_dashboard_pages_have_no_english_admin_text(client, world, data, url):
    body = get(client, world.user(Role.SUPERVISOR), url, "kk", **JUNE).content.decode()
    assert "Skip to main content" not in body and "Toggle theme" not in body
    assert "Breadcrumbs" not in body
    for text in KAZAKH_ADMIN_TEXT:
        assert text in body


def test_the_kazakh_403_page_has_no_english_admin_text(client, world):
    response = get(client, world.user(Role.CLERK), "/dashboard/", "kk")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Skip to main content" not in body and "Toggle theme" not in body
    assert KAZAKH_ADMIN_TEXT[0] in body

"""The kzcalendar management command: the interface outside checks and administrators use."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import ProviderFactory
from workflow import working_time

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_calendar():
    working_time.invalidate()
    yield
    working_time.invalidate()


def run(*args):
    out = StringIO()
    call_command("kzcalendar", *args, stdout=out)
    return out.getvalue()


def test_year_as_json():
    """§5: a year's production calendar as one JSON object (labour ministry 2025: 246 days)."""
    data = json.loads(run("--year", "2025", "--format", "json"))
    assert set(data) == {"year", "months", "total", "days_off", "working_weekends"}
    assert data["year"] == 2025
    assert data["months"] == {
        "1": 20, "2": 20, "3": 17, "4": 22, "5": 19, "6": 20,
        "7": 22, "8": 21, "9": 21, "10": 22, "11": 20, "12": 22,
    }  # fmt: skip
    assert data["total"] == 246
    assert data["working_weekends"] == ["2025-01-05"]
    assert data["days_off"][:4] == ["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-07"]
    assert "2025-03-24" in data["days_off"]


def test_deadline_in_days():
    """§5: 28 WD from 20 March 2025 17:05 end at the close of 5 May (Nauryz and May skipped)."""
    out = run("--deadline", "2025-03-20T17:05:00+05:00", "--days", "28")
    assert out == "2025-05-05T18:30:00+05:00\n"


def test_deadline_in_minutes():
    """§5: 15 working minutes."""
    out = run("--deadline", "2025-03-20T17:05:00+05:00", "--minutes", "15")
    assert out == "2025-03-20T17:20:00+05:00\n"


def test_deadline_same_day():
    """§5: N = 0 is the close of the day of receipt."""
    assert run("--deadline", "2025-03-20T08:00:00+05:00", "--days", "0") == (
        "2025-03-20T18:30:00+05:00\n"
    )


def test_received():
    """§5: made on Saturday inside the Nauryz block, received Wednesday at opening."""
    assert run("--received", "2025-03-22T10:00:00+05:00") == "2025-03-26T09:00:00+05:00\n"


def test_provider_hours():
    """§5: a provider's own hours."""
    provider = ProviderFactory(office_start="08:00", office_end="17:00")
    out = run("--deadline", "2025-03-20T10:00:00+05:00", "--days", "0", "--provider", provider.pk)
    assert out == "2025-03-20T17:00:00+05:00\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2031"], "no data for 2031.*kz_calendar.toml"),
        (["--deadline", "2027-12-30T10:00:00+05:00", "--days", "5"], "no data for 2028"),
        (["--deadline", "2025-03-20T17:05:00", "--days", "1"], "no UTC offset"),
        (["--deadline", "yesterday", "--days", "1"], "not an ISO 8601"),
        (["--deadline", "2025-03-20T17:05:00+05:00"], "--days N or --minutes M"),
        (["--deadline", "2025-03-20T17:05:00+05:00", "--days", "-1"], "zero or more"),
        (["--year", "2025", "--days", "1"], "go with --deadline"),
        (["--received", "2025-03-22T10:00:00+05:00", "--provider", "999999"], "no provider"),
    ],
)
def test_bad_input_is_a_clear_error(args, message):
    """§5: a year outside the shipped data, or bad input, is a clear error, not a guess."""
    with pytest.raises(CommandError, match=message):
        run(*args)

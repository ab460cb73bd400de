"""The supervisors' dashboard figures as JSON: the same selectors as the dashboard pages
(issue 7), on the pages' own hand-computed June data set, in the supervisor's scope."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from landplots.models import State
from tests.dashboard.conftest import workdays  # noqa: F401 (a fixture)
from tests.dashboard.test_dashboard import (  # noqa: F401 (data is a fixture)
    JUNE,
    NOW,
    _cases,
    data,
    supervisor,
)
from workflow import clock
from workflow.roles import Role

URL = "/api/dashboard/"


def _get(client, **params):
    with clock.frozen_at(NOW):
        return client.get(URL, params)


def test_country_supervisor_reads_the_dashboards_figures(world, data, client_for):  # noqa: F811
    # given the June data set; when the country supervisor asks for June
    response = _get(client_for(world.user(Role.SUPERVISOR)), **JUNE)
    assert response.status_code == 200, response.json()
    body = response.json()
    # then the figures are the pages': §6 step 1.4 (7 WD) closed 3 times, 2 on time, days
    # taken 1, 1, 8 (median 1, 90th percentile 8)
    steps = {r["step"]: r for r in body["steps"]}
    assert (steps["1.4"]["n"], steps["1.4"]["on_time"], steps["1.4"]["rate"]) == (3, 2, 66.7)
    assert (steps["1.4"]["median"], steps["1.4"]["p90"]) == (1, 8)
    # and open clocks by urgency: the State Corporation's overdue conclusion and the §10
    # complaint past its 5 WD; Y's final act today; Z's forwarding by Monday's close
    assert {r["key"]: r["n"] for r in body["clock_buckets"]} == {
        "overdue": 2,
        "today": 1,
        "next_day": 1,
    }
    # and providers worst first, bodies with closed clocks only, outcomes of the period
    assert [(r["code"], r["rate"]) for r in body["providers"]] == [
        ("ALM-NAU", 66.7),
        ("ALM-MED", 100.0),
    ]
    assert {r["code"] for r in body["bodies"]} == {"SES", "AZHK"}
    assert [r["n"] for r in body["outcomes"]] == [1, 0, 0, 1, 1]
    states = {r["state"]: r["n"] for r in body["cases_by_state"]}
    assert (states[State.IN_APPROVAL], states[State.REGISTERED]) == (1, 1)
    assert body["region"] is None
    assert (body["date_from"], body["date_to"]) == (JUNE["date_from"], JUNE["date_to"])


def test_regional_supervisor_sees_only_their_region(world, data, client_for):  # noqa: F811
    # given a supervisor of region B
    client = client_for(supervisor(region=data["region_b"]))
    # when they ask for region A, they are told their scope rather than given B's figures
    refused = _get(client, region=data["region_a"].pk, **JUNE)
    assert refused.status_code == 400
    assert "remove the region" in refused.json()["error"]["message"]
    # and with their own region, or none, only region B's figures come back
    assert _get(client, region=data["region_b"].pk, **JUNE).status_code == 200
    response = _get(client, **JUNE)
    body = response.json()
    assert body["region"]["code"] == "REG-B"
    assert [r["code"] for r in body["providers"]] == ["ALM-MED"]
    assert {r["key"]: r["n"] for r in body["clock_buckets"]} == {
        "overdue": 0,
        "today": 0,
        "next_day": 1,
    }
    assert [r["n"] for r in body["outcomes"]] == [0, 0, 0, 0, 1]
    # and a provider of region A is bad input for them, with the field named
    refused = _get(client, provider="ALM-NAU", **JUNE)
    assert refused.status_code == 400
    assert "provider" in refused.json()["error"]["fields"]


@pytest.mark.parametrize("role", [Role.CLERK, Role.ARCH_HEAD, Role.STATE_CORP, "applicant"])
def test_others_get_403(world, workdays, client_for, role):  # noqa: F811
    user = world.applicant.user if role == "applicant" else world.user(role)
    response = _get(client_for(user))
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Only supervisors see the deadline dashboards."


def test_anonymous_gets_401(db, client_for):
    assert client_for().get(URL).status_code == 401


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2025-06-30", "date_to": "2025-06-01"},
        {"date_from": "2020-01-01", "date_to": "2025-06-01"},
        {"date_from": "yesterday"},
        {"step": "9.9"},
        {"body": "2" * 30},
    ],
)
def test_bad_filters_are_400(world, workdays, client_for, params):  # noqa: F811
    response = _get(client_for(world.user(Role.SUPERVISOR)), **params)
    assert response.status_code == 400
    assert response.json()["error"]["message"]


def _count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, **JUNE)
    assert response.status_code == 200
    return len(queries)


def test_a_fixed_number_of_queries_whatever_the_cases(world, workdays, client_for):  # noqa: F811
    # given 2 cases with closed and open clocks, summarised by the refresh
    _cases(world, 0, 2)
    client = client_for(world.user(Role.SUPERVISOR))
    _count(client)  # the calendar settles on the first request
    two = _count(client)
    # when 18 more cases arrive
    _cases(world, 2, 20)
    twenty = _count(client)
    # then the figures cost the same queries: aggregates, never a query per case
    assert two == twenty, (two, twenty)
    assert twenty <= 20

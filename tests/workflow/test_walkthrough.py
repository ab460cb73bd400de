"""The walkthrough command: one realistic case driven through the real services on a simulated
clock that crosses Nauryz 2025 (SPEC.md §5, §6)."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from approvals.models import ApprovingBody
from landplots.models import Application, Provider, State
from workflow.dashboard.selectors import Filters, outcomes_table, steps_table
from workflow.models import ClockFact, Deadline, Official, TransitionLog


def walk(scenario: str) -> dict:
    out = io.StringIO()
    call_command("walkthrough", scenario=scenario, json=True, stdout=out)
    return json.loads(out.getvalue())  # exactly one JSON object, nothing else


def by_state(steps: list[dict]) -> dict:
    return {(s["state"], s["role"]): s for s in steps}


@pytest.mark.django_db
def test_granted_walkthrough_crosses_nauryz_with_calendar_due_instants():
    """§5 and §6 steps 1.1–2.5: filed on 20 March 2025 at 17:05, the eve of Nauryz (21–25 March
    off); every due instant is the calendar's, the late utility is shown late."""
    # When the granted scenario runs
    result = walk("granted")

    # Then it ends granted, with the shape the issue asks for
    assert result["scenario"] == "granted"
    assert result["final_state"] == State.GRANTED
    assert all(set(s) == {"state", "role", "at", "due", "on_time"} for s in result["steps"])
    steps = by_state(result["steps"])
    # §6 step 1.1: 15 working minutes from 17:05
    assert steps[("registered", "clerk")]["due"] == "2025-03-20T17:20:00+05:00"
    # §6 step 1.2: 1 WD after Thursday 20 March is Wednesday 26 March (Nauryz in between)
    assert steps[("at_architecture", "leadership")]["due"] == "2025-03-26T18:30:00+05:00"
    # §6 step 1.3: the same day
    assert steps[("act_preparation", "arch_head")]["due"] == "2025-03-26T18:30:00+05:00"
    # §6 step 1.4: 7 WD from 26 March
    assert steps[("in_approval", "arch_executor")]["due"] == "2025-04-04T18:30:00+05:00"
    # §6 step 1.5: TU 5 WD from 3 April (answered late, still counted); conclusions 12 WD
    utility = steps[("in_approval", "monopoly_officer")]
    assert utility["due"] == "2025-04-10T18:30:00+05:00" and utility["on_time"] is False
    assert steps[("in_approval", "body_officer")]["due"] == "2025-04-21T18:30:00+05:00"
    # Annex 2 row 3: stage 1 within 28 WD of receipt (step 1.9 runs inside it)
    assert steps[("awaiting_applicant", "arch_executor")]["due"] == "2025-05-05T18:30:00+05:00"
    # §6 step 2.1: 10 WD from payment on 25 April (1, 7 and 9 May are days off)
    assert steps[("cadastral_plan_approval", "state_corp")]["due"] == "2025-05-14T18:30:00+05:00"
    # §6 step 2.5: 15 working minutes
    assert steps[("granted", "clerk")]["due"] == "2025-05-20T10:15:00+05:00"
    assert [s["on_time"] for s in result["steps"]].count(False) == 1
    # and the case in the database went through the logged transitions
    case = Application.objects.get(state=State.GRANTED)
    assert TransitionLog.objects.filter(application=case).count() == 16


@pytest.mark.django_db
def test_refusal_walkthrough_ends_refused_on_ground_3():
    """§9 ground 3, §6 steps 1.7–1.8: a negative conclusion, the refusal drafted in 1 WD and
    signed in 1 WD."""
    result = walk("refusal")

    assert result["final_state"] == State.REFUSED
    steps = by_state(result["steps"])
    assert steps[("refusal_signature", "arch_executor")]["due"] == "2025-04-10T18:30:00+05:00"
    assert steps[("refused", "arch_head")]["due"] == "2025-04-11T18:30:00+05:00"
    case = Application.objects.get(state=State.REFUSED)
    assert case.refusal.ground == 3


@pytest.mark.django_db
def test_expiry_walkthrough_reuses_its_data_and_ends_act_expired():
    """§6 step 1.11: the act sent on 23 April 2025 is valid 10 WD (to 12 May; 1, 7, 9 May are
    days off); the sweep expires it then. A second run reuses the same provider and officials."""
    walk("refusal")
    result = walk("expiry")

    assert result["final_state"] == State.ACT_EXPIRED
    last = result["steps"][-1]
    assert last == {
        "state": "act_expired",
        "role": "system",
        "at": "2025-05-12T18:30:00+05:00",
        "due": "2025-05-12T18:30:00+05:00",
        "on_time": True,
    }
    assert Application.objects.filter(provider__code="ALM-NAU").count() == 2


@pytest.mark.django_db
def test_walkthrough_prints_a_readable_table():
    """§6: without --json every step is a line with its state, role, instant and due instant."""
    out = io.StringIO()
    call_command("walkthrough", scenario="refusal", stdout=out)
    text = out.getvalue()
    assert "refusal → refused" in text
    assert (
        "refusal_signature            arch_executor     2025-04-10 16:00  2025-04-10 18:30  yes"
        in text
    )


@pytest.mark.django_db
def test_every_scenario_runs_on_the_demo_database(settings, tmp_path):
    """The demo district consults about ten bodies: the walkthrough answers every request the
    dispatch opened, each as an officer of its own body, so all three scenarios end as they
    should after `seed_demo`."""
    # Given the demo data
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    consulted = set(ApprovingBody.objects.filter(providers__code="ALM-NAU"))
    assert len(consulted) > 3

    # When each scenario runs on it
    results = {scenario: walk(scenario) for scenario in ("granted", "refusal", "expiry")}

    # Then each ends in its own state
    assert {s: r["final_state"] for s, r in results.items()} == {
        "granted": State.GRANTED,
        "refusal": State.REFUSED,
        "expiry": State.ACT_EXPIRED,
    }
    # and in the granted case every body the district consults answered, through an officer
    # bound to it in its role, and the district consults no body of the walkthrough's own
    case = Application.objects.get(applicant__user__username="wt-applicant", state=State.GRANTED)
    requests = case.approval_requests.select_related("body", "answered_by__official")
    assert {r.body for r in requests} == consulted
    assert set(ApprovingBody.objects.filter(providers__code="ALM-NAU")) == consulted
    role = {"state_body": "body_officer", "natural_monopoly": "monopoly_officer"}
    for request in requests:
        official = request.answered_by.official
        assert request.answer == "positive", request.body.code
        assert official.body == request.body
        assert official.role == role.get(request.body.kind, "state_corp")
        assert request.answered_by.groups.filter(name=official.role).exists()
    # and the one late answer is still the electricity utility's technical conditions
    assert [s["on_time"] for s in results["granted"]["steps"]].count(False) == 1


@pytest.mark.django_db
def test_a_login_bound_elsewhere_stops_the_run_before_a_case_is_filed():
    """A walkthrough login that exists with another binding is reported before any case is
    filed, so a failed run leaves nothing half-driven behind."""
    # Given the walkthrough's state-body officer login bound to a provider as a clerk
    walk("refusal")
    Official.objects.filter(user__username="wt-body_officer").update(
        role="clerk", body=None, provider=Provider.objects.get(code="ALM-NAU")
    )
    cases = Application.objects.count()

    # When a scenario runs
    with pytest.raises(CommandError, match="wt-body_officer"):
        walk("granted")

    # Then no case was added
    assert Application.objects.count() == cases


@pytest.mark.django_db
def test_the_walkthroughs_cases_reach_the_dashboards_period_figures():
    """The supervisors' trial: a walkthrough case never showed in the dashboard's period
    figures, because its clocks close at simulated instants in the past and the periodic
    refresh resumes from the newest clock it copied. The walkthrough rebuilds the summary
    tables whole at its end."""
    # Given a granted walkthrough (clocks closed 20 March – 20 May 2025), in the figures
    walk("granted")
    # When a refusal walkthrough runs after it: its clocks close 20 March – 11 April, weeks
    # before the newest clock already copied (20 May), where an incremental refresh resumes
    result = walk("refusal")

    # Then every clock the refusal closed was copied, and the run says how many
    refused = Application.objects.get(state=State.REFUSED)
    closed = Deadline.objects.filter(application=refused, done_at__isnull=False)
    assert ClockFact.objects.filter(deadline__in=closed).count() == closed.count() > 0
    assert result["dashboard_refresh"]["clocks"] == closed.count()
    # and the dashboard's step figures for March–May 2025 count both cases: §6 step 1.1 and
    # 1.4 twice, the refusal's own steps 1.7 and 1.8r once, the granted case's 2.5 once, and
    # technical conditions (1.5b) twice: late in the granted case, and in the refusal closed
    # with the round by the negative conclusion of 9 April, before they were due on 10 April
    spring = Filters(date_from=date(2025, 3, 1), date_to=date(2025, 5, 31))
    figures = {r["step"]: (r["n"], r["on_time"]) for r in steps_table(spring)}
    assert figures["1.1"] == figures["1.4"] == (2, 2)
    assert figures["1.7"] == figures["1.8r"] == (1, 1)
    assert figures["2.5"] == (1, 1)
    assert figures["1.5b"] == (2, 1)
    # and the period's outcomes (granted, refused per §9 ground, act expired) hold the
    # granted case and one refusal
    outcomes = [r["n"] for r in outcomes_table(spring)]
    assert (outcomes[0], sum(outcomes[1:-1]), outcomes[-1]) == (1, 1, 0)


@pytest.mark.django_db
def test_the_readable_table_ends_with_what_the_refresh_copied():
    """Without --json the run ends with the dashboard refresh's counts in words."""
    out = io.StringIO()
    call_command("walkthrough", scenario="refusal", stdout=out)
    text = out.getvalue()
    assert "Full refresh of the dashboard's period figures:" in text
    copied = ClockFact.objects.count()
    assert f"{copied} closed clocks copied" in text and copied > 0
    assert "1 finished case copied" in text

"""The summary-table refresh: working days taken counted in SQL agree with the calendar."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from landplots.models import Refusal
from tests.factories import PDF_BYTES
from workflow import clock, working_time
from workflow.dashboard.refresh import stats_refresh
from workflow.models import CaseOutcome, ClockFact, Deadline
from workflow.roles import Role
from workflow.services import cases

ALMATY = ZoneInfo("Asia/Almaty")


def pdf():
    return ContentFile(PDF_BYTES, name="doc.pdf")


def _to_approval(world, at):
    app = world.application()
    u = world.user
    with clock.frozen_at(at):
        cases.application_submit(application_id=app.pk, actor=world.applicant.user)
        cases.application_register(application_id=app.pk, actor=u(Role.CLERK))
        cases.application_forward(application_id=app.pk, actor=u(Role.LEADERSHIP))
        cases.executor_assign(
            application_id=app.pk, actor=u(Role.ARCH_HEAD), executor=u(Role.ARCH_EXECUTOR)
        )
        cases.act_dispatch(
            application_id=app.pk,
            actor=u(Role.ARCH_EXECUTOR),
            draft_file=pdf(),
            situational_scheme=pdf(),
            apz_file=pdf(),
        )
    return app


def test_working_days_taken_in_sql_match_the_calendar(world, workdays):
    # given a case driven across a weekend, a public day off (§5: 21–23 Mar 2025, Nauryz,
    # and the 24 Mar transfer) and an after-hours conclusion, then refused on a negative one
    app = _to_approval(world, datetime(2025, 3, 20, 10, 0, tzinfo=ALMATY))
    request = app.approval_requests.filter(body=world.state_body).get()
    with clock.frozen_at(datetime(2025, 3, 28, 19, 30, tzinfo=ALMATY)):
        cases.conclusion_record(
            request_id=request.pk,
            actor=world.user(Role.BODY_OFFICER),
            answer="negative",
            reasoning="Охранная зона",
        )
    # when the summary tables are refreshed
    result = stats_refresh()
    # then every closed clock has a fact whose working days equal working_days_between
    closed = Deadline.objects.filter(done_at__isnull=False)
    assert result["clocks"] == closed.count() > 0
    for deadline in closed:
        fact = ClockFact.objects.get(deadline=deadline)
        expected = working_time.working_days_between(deadline.started_at, deadline.done_at)
        assert fact.working_days_taken == expected, deadline.step
        assert fact.on_time == (deadline.done_at <= deadline.due_at)
        assert fact.region_id == world.provider.pk
    # and the data set is not trivial: a clock spanning the holidays took several days
    assert max(ClockFact.objects.values_list("working_days_taken", flat=True)) >= 2
    # and a second refresh copies nothing twice
    assert stats_refresh() == {"working_days": 0, "clocks": 0, "outcomes": 0, "rollups": 0}


def test_outcome_records_the_section_9_ground(world, workdays):
    # given a case refused on §9 ground 3 after a negative conclusion
    app = _to_approval(world, datetime(2025, 6, 2, 10, 0, tzinfo=ALMATY))
    request = app.approval_requests.filter(body=world.state_body).get()
    u = world.user
    with clock.frozen_at(datetime(2025, 6, 3, 10, 0, tzinfo=ALMATY)):
        cases.conclusion_record(
            request_id=request.pk, actor=u(Role.BODY_OFFICER), answer="negative", reasoning="Нет"
        )
        cases.refusal_draft(application_id=app.pk, actor=u(Role.ARCH_EXECUTOR), reasoning="Нет")
        cases.refusal_sign(application_id=app.pk, actor=u(Role.ARCH_HEAD))
    # when the tables are refreshed
    stats_refresh()
    # then the outcome is a refusal on ground 3, closed on the local date
    outcome = CaseOutcome.objects.get(application=app)
    assert outcome.state == "refused"
    assert outcome.ground == Refusal.Ground.NEGATIVE_CONCLUSION
    assert str(outcome.closed_on) == "2025-06-03"

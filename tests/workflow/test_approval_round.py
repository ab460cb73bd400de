"""The approval round (§6 steps 1.4–1.7, §9 ground 3), the start of stage 2 (§6 step 1.10,
Annex 2 row 6) and the promised date (§5)."""

from datetime import date

import pytest

from landplots.models import Refusal, State
from tests.drive import ANSWERING_ROLE, T0, T1, answer_all, drive, local, pdf
from tests.factories import ApplicantFactory, ApplicationFactory, UserFactory
from workflow import clock
from workflow.models import Deadline, Notification
from workflow.roles import Role
from workflow.services import cases
from workflow.services.errors import Conflict


def test_dispatch_opens_one_request_per_body_with_its_own_limit(world):
    """§6 steps 1.4–1.5: one request per consulted body, sent at once; state bodies and the
    State Corporation answer in 12 WD, a natural monopoly gives TU in 5 WD."""
    # Given a case whose act is ready to go out
    app = drive(world, until=State.ACT_PREPARATION)

    # When the executor dispatches it on Tuesday 15 April 2025, 11:00
    with clock.frozen_at(T1):
        cases.act_dispatch(
            application_id=app.pk,
            actor=world.user(Role.ARCH_EXECUTOR),
            draft_file=pdf(),
            situational_scheme=pdf(),
            apz_file=pdf(),
        )

    # Then each body has one request, due as the calendar says (1 May is a day off)
    due = {r.body.code: r.due_at for r in app.approval_requests.select_related("body")}
    assert due == {
        "SES": local(2025, 5, 2),
        "GK": local(2025, 5, 2),
        "AZHK": local(2025, 4, 22),
    }
    clocks = Deadline.objects.filter(application=app, approval_request__isnull=False)
    assert sorted(clocks.values_list("step", flat=True)) == ["1.5a", "1.5a", "1.5b"]
    assert all(d.started_at == T1 for d in clocks)


def test_a_late_answer_is_marked_late_and_still_counts(world):
    """§6 step 1.5: an answer after the 5 WD of technical conditions is marked late, and the
    round still closes on it."""
    # Given a case in the approval round, dispatched on 14 April (TU due 21 April)
    app = drive(world, until=State.IN_APPROVAL)
    utility_request = app.approval_requests.get(body=world.utility)
    assert utility_request.due_at == local(2025, 4, 21)

    # When the utility answers on 23 April, after the state body and the State Corporation
    with clock.frozen_at(local(2025, 4, 23, 10, 0)):
        answer_all(world, app)

    # Then its answer is marked late, the others are not, and the round closed positively
    late = dict(app.approval_requests.values_list("body__code", "late"))
    assert late == {"SES": False, "GK": False, "AZHK": True}
    app.refresh_from_db()
    assert app.state == State.FINAL_ACT_PREPARATION
    clock_row = Deadline.objects.get(approval_request=utility_request)
    assert clock_row.done_at == local(2025, 4, 23, 10, 0)
    assert clock_row.on_time is False


def test_round_waits_for_every_answer(world):
    """§6 step 1.6: the final act only when every request is answered positively."""
    # Given a case in the approval round
    app = drive(world, until=State.IN_APPROVAL)
    first = app.approval_requests.select_related("body").order_by("pk").first()

    # When only one body answers positively
    cases.conclusion_record(
        request_id=first.pk,
        actor=world.user(ANSWERING_ROLE[first.body.kind]),
        answer="positive",
        technical_conditions=pdf(),
    )

    # Then the round is still open
    app.refresh_from_db()
    assert app.state == State.IN_APPROVAL
    assert Deadline.objects.filter(application=app, step="1.6").count() == 0


def test_one_negative_answer_opens_the_refusal_on_ground_3(world):
    """§9 ground 3: one negative conclusion is enough; the refusal cites it; the other bodies'
    clocks stop; a later answer is refused as the round is closed."""
    # Given a case in the approval round
    app = drive(world, until=State.IN_APPROVAL)
    state_body = app.approval_requests.get(body=world.state_body)
    utility = app.approval_requests.get(body=world.utility)

    # When the state body answers negatively
    with clock.frozen_at(T1):
        cases.conclusion_record(
            request_id=state_body.pk,
            actor=world.user(Role.BODY_OFFICER),
            answer="negative",
            reasoning="Санитарно-защитная зона",
        )

    # Then the case goes to the refusal with ground 3 and the body's reasons
    app.refresh_from_db()
    assert app.state == State.REFUSAL_PREPARATION
    assert app.refusal.ground == Refusal.Ground.NEGATIVE_CONCLUSION
    assert "Санитарно-защитная зона" in app.refusal.reasoning
    assert not Deadline.objects.filter(
        application=app, approval_request__isnull=False, done_at__isnull=True
    ).exists()
    # and the utility can no longer answer
    with pytest.raises(Conflict) as raised:
        cases.conclusion_record(
            request_id=utility.pk,
            actor=world.user(Role.MONOPOLY_OFFICER),
            answer="positive",
            technical_conditions=pdf(),
        )
    assert "approval round of this case is closed" in str(raised.value.message)
    # and the refusal path ends refused, citing ground 3
    cases.refusal_draft(
        application_id=app.pk, actor=world.user(Role.ARCH_EXECUTOR), reasoning="ЗК ст. 44-1 п.4"
    )
    cases.refusal_sign(application_id=app.pk, actor=world.user(Role.ARCH_HEAD))
    app.refresh_from_db()
    assert app.state == State.REFUSED
    assert app.refusal.ground == 3
    assert Notification.objects.filter(
        recipient=world.applicant.user, key=f"case:{app.pk}:refused"
    ).exists()


def test_answering_twice_is_a_conflict(world):
    """§6 step 1.5: one conclusion per body per case."""
    # Given a request already answered
    app = drive(world, until=State.IN_APPROVAL)
    request = app.approval_requests.get(body=world.state_body)
    cases.conclusion_record(
        request_id=request.pk, actor=world.user(Role.BODY_OFFICER), answer="positive"
    )

    # When the body answers again
    with pytest.raises(Conflict) as raised:
        cases.conclusion_record(
            request_id=request.pk,
            actor=world.user(Role.BODY_OFFICER),
            answer="negative",
            reasoning="передумали",
        )

    # Then it is refused
    assert "already been answered" in str(raised.value.message)


def test_stage_two_needs_agreement_and_payment(world):
    """§6 step 1.10, stage 2: agreement alone or payment alone does not start stage 2; the
    18 WD run from the later of the two."""
    # Given the act and invoice in the cabinet
    app = drive(world, until=State.AWAITING_APPLICANT)

    # When the applicant agrees but has not paid
    with clock.frozen_at(T1):
        cases.act_agree(application_id=app.pk, actor=world.applicant.user)
    app.refresh_from_db()
    # Then the case still waits on them
    assert app.state == State.AWAITING_APPLICANT
    assert app.act_agreed_at == T1

    # When the payment arrives two days later
    paid = local(2025, 4, 17, 12, 0)
    with clock.frozen_at(paid):
        cases.invoice_settle(application_id=app.pk, reference="KASPI-1")

    # Then stage 2 starts at the payment, with 18 WD (7 and 9 May are days off)
    app.refresh_from_db()
    assert app.state == State.CADASTRAL_PLAN_PREPARATION
    assert app.stage_two_started_at == paid
    assert app.promised_at == local(2025, 5, 16)


def test_payment_without_agreement_does_not_start_stage_two(world):
    """§6 step 1.10: paying is not agreeing."""
    # Given the act in the cabinet
    app = drive(world, until=State.AWAITING_APPLICANT)

    # When the applicant pays without agreeing
    cases.invoice_settle(application_id=app.pk, reference="KASPI-2")

    # Then nothing starts
    app.refresh_from_db()
    assert app.state == State.AWAITING_APPLICANT
    assert not Deadline.objects.filter(application=app, step="stage2").exists()


def test_orphan_under_18_is_exempt_and_agreement_alone_starts_stage_two(world):
    """Annex 2 row 6: an orphan or a child without parental care under 18 gets the cadastral
    plan free; agreeing the act is then enough to start stage 2."""
    # Given an applicant born 10 June 2008, without parental care (16 in April 2025)
    orphan = ApplicantFactory(
        user=UserFactory(username="orphan"), iin="080610650016", without_parental_care=True
    )
    assert orphan.age_on(date(2025, 4, 14)) == 16
    app = drive(
        world, ApplicationFactory(applicant=orphan, provider=world.provider), until=State.ACT_SIGNED
    )

    # When the State Corporation issues the invoice and the act is sent
    with clock.frozen_at(T0):
        invoice = cases.invoice_issue(application_id=app.pk, actor=world.user(Role.STATE_CORP))
        cases.act_send(application_id=app.pk, actor=world.user(Role.ARCH_EXECUTOR))

    # Then the invoice is free
    assert invoice.exempt and invoice.amount == 0

    # When the applicant agrees
    with clock.frozen_at(T1):
        cases.act_agree(application_id=app.pk, actor=orphan.user)

    # Then stage 2 starts at once, without a payment
    app.refresh_from_db()
    assert app.state == State.CADASTRAL_PLAN_PREPARATION
    assert app.stage_two_started_at == T1


def test_adult_orphan_pays_the_tariff(world):
    """Annex 2 row 6: the exemption ends at 18."""
    # Given an applicant without parental care who turned 18 (born 10 June 2006)
    adult = ApplicantFactory(
        user=UserFactory(username="adult"), iin="060610650012", without_parental_care=True
    )
    app = drive(
        world, ApplicationFactory(applicant=adult, provider=world.provider), until=State.ACT_SIGNED
    )

    # When the invoice is issued
    with clock.frozen_at(T1):
        invoice = cases.invoice_issue(application_id=app.pk, actor=world.user(Role.STATE_CORP))

    # Then the tariff for plots up to 0.25 ha applies
    assert not invoice.exempt and invoice.amount == 45000


def test_promised_date_is_stored_and_told_on_acceptance(world):
    """§5: on acceptance the cabinet gets the status and the date by which the service will be
    provided; an application made after hours counts from the next working day."""
    # Given a draft filed on Thursday 20 March 2025 at 18:45, after hours, before Nauryz
    app = world.application()

    # When the applicant submits it
    with clock.frozen_at(local(2025, 3, 20, 18, 45)):
        cases.application_submit(application_id=app.pk, actor=world.applicant.user)

    # Then it counts as received on Wednesday 26 March at 09:00 (21–25 March are days off)
    app.refresh_from_db()
    assert app.received_at == local(2025, 3, 26, 9, 0)
    # and the promise is 28 WD from then, stored on the case and told to the applicant
    stage = Deadline.objects.get(application=app, step="stage1")
    assert app.promised_at == stage.due_at == local(2025, 5, 6)
    notice = Notification.objects.get(recipient=world.applicant.user, key=f"case:{app.pk}:accepted")
    assert "06.05.2025 18:30" in notice.body
    # and step 1.1 runs 15 working minutes from receipt
    register = Deadline.objects.get(application=app, step="1.1")
    assert register.due_at == local(2025, 3, 26, 9, 15)

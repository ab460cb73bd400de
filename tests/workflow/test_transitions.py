"""Every transition of the application's state machine (SPEC.md §6): the allowed case with its
log row, clocks, monitoring event and after-commit task, and the refused cases."""

from dataclasses import dataclass, field

import pytest

from landplots.models import Application, Refusal, State
from tests.drive import T1, answer_all, drive, local, pdf
from workflow import clock
from workflow.models import Deadline, StageEvent, TransitionLog
from workflow.roles import Role
from workflow.services import cases
from workflow.services.errors import Conflict, InvalidInput, NotFound, NotPermitted
from workflow.tasks import stage_events_deliver

NOT_OPEN = "this step is not open now"
ROLE_MAY_NOT = "Your role may not carry out this step."


def _answer_last_positive(w, app):
    answer_all(w, app)


def _answer_negative(w, app):
    answer_all(w, app, negative_kind="natural_monopoly")


def _agree_and_pay(w, app):
    cases.act_agree(application_id=app.pk, actor=w.applicant.user)
    cases.invoice_settle(application_id=app.pk, reference="PAY-77")


@dataclass
class Allowed:
    name: str
    paragraph: str
    source: str
    call: object
    role: str | None  # None: the system runs it by itself
    target: str
    opened: dict = field(default_factory=dict)
    closed: tuple = ()
    stage: int = 1
    refuse_from: str | None = None
    at: object = T1


STAGE_ONE_DUE_FROM_T0 = local(2025, 5, 27)  # 28 WD after Monday 14 April 2025

ALLOWED = [
    Allowed(
        "submit",
        "§5, Annex 1",
        State.DRAFT,
        lambda w, a: cases.application_submit(application_id=a.pk, actor=w.applicant.user),
        Role.APPLICANT,
        State.SUBMITTED,
        # §6 step 1.1: 15 working minutes; stage 1: 28 WD (Annex 2 row 3).
        {"1.1": local(2025, 4, 15, 11, 15), "stage1": local(2025, 5, 28)},
    ),
    Allowed(
        "register",
        "§6 step 1.1",
        State.SUBMITTED,
        lambda w, a: cases.application_register(application_id=a.pk, actor=w.user(Role.CLERK)),
        Role.CLERK,
        State.REGISTERED,
        {"1.2": local(2025, 4, 16)},
        ("1.1",),
    ),
    Allowed(
        "forward",
        "§6 step 1.2",
        State.REGISTERED,
        lambda w, a: cases.application_forward(application_id=a.pk, actor=w.user(Role.LEADERSHIP)),
        Role.LEADERSHIP,
        State.AT_ARCHITECTURE,
        {"1.3": local(2025, 4, 15)},  # the same day
        ("1.2",),
    ),
    Allowed(
        "assign_executor",
        "§6 step 1.3",
        State.AT_ARCHITECTURE,
        lambda w, a: cases.executor_assign(
            application_id=a.pk, actor=w.user(Role.ARCH_HEAD), executor=w.user(Role.ARCH_EXECUTOR)
        ),
        Role.ARCH_HEAD,
        State.ACT_PREPARATION,
        {"1.4": local(2025, 4, 24)},  # 7 WD
        ("1.3",),
    ),
    Allowed(
        "dispatch",
        "§6 step 1.4",
        State.ACT_PREPARATION,
        lambda w, a: cases.act_dispatch(
            application_id=a.pk,
            actor=w.user(Role.ARCH_EXECUTOR),
            draft_file=pdf(),
            situational_scheme=pdf(),
            apz_file=pdf(),
        ),
        Role.ARCH_EXECUTOR,
        State.IN_APPROVAL,
        # §6 step 1.5: 12 WD for conclusions (1 May is a day off), 5 WD for TU.
        {"1.5a": local(2025, 5, 2), "1.5b": local(2025, 4, 22)},
        ("1.4",),
    ),
    Allowed(
        "close_round_positive",
        "§6 step 1.6",
        State.IN_APPROVAL,
        _answer_last_positive,
        None,
        State.FINAL_ACT_PREPARATION,
        {"1.6": local(2025, 4, 22)},
        ("1.5a", "1.5b"),
    ),
    Allowed(
        "close_round_negative",
        "§6 step 1.7, §9 ground 3",
        State.IN_APPROVAL,
        _answer_negative,
        None,
        State.REFUSAL_PREPARATION,
        {"1.7": local(2025, 4, 16)},
        ("1.5a", "1.5b"),
    ),
    Allowed(
        "prepare_final_act",
        "§6 step 1.6",
        State.FINAL_ACT_PREPARATION,
        lambda w, a: cases.final_act_prepare(
            application_id=a.pk, actor=w.user(Role.ARCH_EXECUTOR), final_file=pdf()
        ),
        Role.ARCH_EXECUTOR,
        State.HEAD_SIGNATURE,
        {"1.8": local(2025, 4, 16)},
        ("1.6",),
    ),
    Allowed(
        "open_refusal",
        "§9 grounds 1–2",
        State.AT_ARCHITECTURE,
        lambda w, a: cases.refusal_open(
            application_id=a.pk,
            actor=w.user(Role.ARCH_HEAD),
            ground=Refusal.Ground.UNTRUE_DOCUMENTS,
            reasoning="Схема не совпадает с кадастром",
        ),
        Role.ARCH_HEAD,
        State.REFUSAL_PREPARATION,
        {"1.7": local(2025, 4, 16)},
        ("1.3",),
    ),
    Allowed(
        "draft_refusal",
        "§6 step 1.7",
        State.REFUSAL_PREPARATION,
        lambda w, a: cases.refusal_draft(
            application_id=a.pk, actor=w.user(Role.ARCH_EXECUTOR), reasoning="ЗК ст. 43"
        ),
        Role.ARCH_EXECUTOR,
        State.REFUSAL_SIGNATURE,
        {"1.8r": local(2025, 4, 16)},
        ("1.7",),
        refuse_from=State.REGISTERED,
    ),
    Allowed(
        "sign_final_act",
        "§6 step 1.8",
        State.HEAD_SIGNATURE,
        lambda w, a: cases.final_act_sign(application_id=a.pk, actor=w.user(Role.ARCH_HEAD)),
        Role.ARCH_HEAD,
        State.ACT_SIGNED,
        {"1.9": STAGE_ONE_DUE_FROM_T0},  # step 1.9 runs within the stage's 28 WD
        ("1.8",),
    ),
    Allowed(
        "sign_refusal",
        "§6 steps 1.8–1.9",
        State.REFUSAL_SIGNATURE,
        lambda w, a: cases.refusal_sign(application_id=a.pk, actor=w.user(Role.ARCH_HEAD)),
        Role.ARCH_HEAD,
        State.REFUSED,
        {},
        ("1.8r", "stage1"),
        refuse_from=State.REGISTERED,
    ),
    Allowed(
        "send_to_applicant",
        "§6 step 1.9",
        State.ACT_SIGNED,
        lambda w, a: (
            cases.invoice_issue(application_id=a.pk, actor=w.user(Role.STATE_CORP)),
            cases.act_send(application_id=a.pk, actor=w.user(Role.ARCH_EXECUTOR)),
        ),
        Role.ARCH_EXECUTOR,
        State.AWAITING_APPLICANT,
        # §6 steps 1.10 (3 WD) and 1.11 (10 WD); the provider's stage-1 clock stops (§5).
        {"1.10": local(2025, 4, 18), "1.11": local(2025, 4, 29)},
        ("1.9", "stage1"),
    ),
    Allowed(
        "expire_act",
        "§6 step 1.11",
        State.AWAITING_APPLICANT,
        lambda w, a: cases.act_expire(application_id=a.pk, actor=w.user(Role.STATE_CORP)),
        Role.STATE_CORP,
        State.ACT_EXPIRED,
        {},
        ("1.10", "1.11"),
        at=local(2025, 4, 29, 9, 0),  # the act was sent on 14 April: valid until 28 April
    ),
    Allowed(
        "begin_stage_two",
        "§6 step 1.10, stage 2",
        State.AWAITING_APPLICANT,
        _agree_and_pay,
        None,
        State.CADASTRAL_PLAN_PREPARATION,
        # §6 step 2.1: 10 WD; stage 2: 18 WD (7 and 9 May are days off).
        {"2.1": local(2025, 4, 29), "stage2": local(2025, 5, 14)},
        ("1.10", "1.11"),
        stage=2,
    ),
    Allowed(
        "submit_cadastral_plan",
        "§6 step 2.1",
        State.CADASTRAL_PLAN_PREPARATION,
        lambda w, a: cases.cadastral_plan_submit(
            application_id=a.pk, actor=w.user(Role.STATE_CORP), file=pdf()
        ),
        Role.STATE_CORP,
        State.CADASTRAL_PLAN_APPROVAL,
        {"2.2": local(2025, 4, 18)},
        ("2.1",),
        stage=2,
    ),
    Allowed(
        "approve_cadastral_plan",
        "§6 step 2.2",
        State.CADASTRAL_PLAN_APPROVAL,
        lambda w, a: cases.cadastral_plan_approve(
            application_id=a.pk, actor=w.user(Role.LAND_HEAD), executor=w.user(Role.LAND_EXECUTOR)
        ),
        Role.LAND_HEAD,
        State.DECISION_DRAFTING,
        {"2.3": local(2025, 4, 18)},
        ("2.2",),
        stage=2,
    ),
    Allowed(
        "draft_decision",
        "§6 step 2.3",
        State.DECISION_DRAFTING,
        lambda w, a: cases.decision_draft(
            application_id=a.pk, actor=w.user(Role.LAND_EXECUTOR), text="Решение акима"
        ),
        Role.LAND_EXECUTOR,
        State.DECISION_SIGNING,
        {"2.4": local(2025, 4, 16)},
        ("2.3",),
        stage=2,
    ),
    Allowed(
        "sign_decision",
        "§6 step 2.4",
        State.DECISION_SIGNING,
        lambda w, a: cases.decision_sign(application_id=a.pk, actor=w.user(Role.LEADERSHIP)),
        Role.LEADERSHIP,
        State.DECISION_REGISTRATION,
        {"2.5": local(2025, 4, 15, 11, 15)},
        ("2.4",),
        stage=2,
    ),
    Allowed(
        "register_decision",
        "§6 step 2.5",
        State.DECISION_REGISTRATION,
        lambda w, a: cases.decision_register(application_id=a.pk, actor=w.user(Role.CLERK)),
        Role.CLERK,
        State.GRANTED,
        {},
        ("2.5", "stage2"),
        stage=2,
    ),
]


def _transition_names() -> set[str]:
    return {name for name in dir(Application) if hasattr(getattr(Application, name), "_django_fsm")}


def test_every_transition_of_the_state_machine_has_an_allowed_and_a_refused_case():
    """§6: the tables of this module cover every transition of the application model."""
    assert _transition_names() == {a.name for a in ALLOWED}
    assert len(REFUSED) >= len(ALLOWED)


@pytest.mark.parametrize("case", ALLOWED, ids=lambda c: c.name)
def test_transition_allowed(world, django_capture_on_commit_callbacks, case):
    """§6 (each row cites its step): the allowed move writes the log row, closes the clocks
    of the step left, opens those of the step entered with due instants from the calendar,
    writes the §7 monitoring event and queues its delivery after commit."""
    # Given a case in the source state
    app = drive(world, until=case.source, refuse_from=case.refuse_from)
    actor = world.user(case.role) if case.role not in (None, Role.APPLICANT) else None
    if case.role == Role.APPLICANT:
        actor = world.applicant.user

    # When the owner of the step takes it
    with django_capture_on_commit_callbacks() as callbacks, clock.frozen_at(case.at):
        case.call(world, app)

    # Then the case is in the target state
    app.refresh_from_db()
    assert app.state == case.target, case.paragraph
    # and the log names the actor, the role, the source and the target
    log = TransitionLog.objects.filter(application=app, transition=case.name).get()
    assert (log.actor, log.role, log.source, log.target, log.at) == (
        actor,
        case.role or Role.SYSTEM,
        case.source,
        case.target,
        case.at,
    )
    # and the clocks of the step left are closed at that instant
    for step in case.closed:
        closed = Deadline.objects.filter(application=app, step=step)
        assert closed.exists(), step
        assert all(d.done_at is not None for d in closed), step
        assert any(d.done_at == case.at for d in closed), step
    # and the clocks of the step entered are open with their statutory due instants
    for step, due in case.opened.items():
        opened = Deadline.objects.filter(application=app, step=step, done_at__isnull=True)
        assert opened.exists(), step
        for deadline in opened:
            assert deadline.started_at == case.at, step
            assert deadline.due_at == due, step
    if case.target in (State.GRANTED, State.REFUSED, State.ACT_EXPIRED):
        assert not app.deadlines.filter(done_at__isnull=True).exists()
    # and the monitoring system gets the stage event, delivered after commit
    event = StageEvent.objects.filter(application=app).latest("pk")
    assert (event.state, event.stage, event.occurred_at) == (case.target, case.stage, case.at)
    assert any(getattr(cb, "func", None) == stage_events_deliver.delay for cb in callbacks)


@dataclass
class Refused:
    id: str
    paragraph: str
    source: str
    call: object
    error: type
    message: str
    refuse_from: str | None = None


REFUSED = [
    # --- wrong role --------------------------------------------------------------------
    Refused(
        "register-by-leadership",
        "§6 step 1.1",
        State.SUBMITTED,
        lambda w, a: cases.application_register(application_id=a.pk, actor=w.user(Role.LEADERSHIP)),
        NotPermitted,
        ROLE_MAY_NOT,
    ),
    Refused(
        "forward-by-clerk",
        "§6 step 1.2",
        State.REGISTERED,
        lambda w, a: cases.application_forward(application_id=a.pk, actor=w.user(Role.CLERK)),
        NotPermitted,
        ROLE_MAY_NOT,
    ),
    Refused(
        "assign-by-executor",
        "§6 step 1.3",
        State.AT_ARCHITECTURE,
        lambda w, a: cases.executor_assign(
            application_id=a.pk,
            actor=w.user(Role.ARCH_EXECUTOR),
            executor=w.user(Role.ARCH_EXECUTOR),
        ),
        NotPermitted,
        ROLE_MAY_NOT,
    ),
    Refused(
        "dispatch-by-head",
        "§6 step 1.4",
        State.ACT_PREPARATION,
        lambda w, a: cases.act_dispatch(
            application_id=a.pk,
            actor=w.user(Role.ARCH_HEAD),
            draft_file=pdf(),
            situational_scheme=pdf(),
            apz_file=pdf(),
        ),
        NotPermitted,
        ROLE_MAY_NOT,
    ),
    Refused(
        "conclusion-by-a-provider-official",
        "§6 step 1.5",
        State.IN_APPROVAL,
        lambda w, a: cases.conclusion_record(
            request_id=a.approval_requests.first().pk,
            actor=w.user(Role.ARCH_HEAD),
            answer="positive",
            technical_conditions=pdf(),
        ),
        NotPermitted,
        ROLE_MAY_NOT,
    ),
    Refused(
        "final-act-by-head",
        "§6 step 1.6",
        State.FINAL_ACT_PREPARATION,
        lambda w, a: cases.final_act_prepare(
            application_id=a.pk, actor=w.user(Role.ARCH_HEAD), final_file=pdf()
        ),
        NotPermitted,
        ROLE_MAY_NOT,
    ),
    Refused(
        "open-refusal-by-clerk",
        "§9 grounds 1–2",
        State.REGISTERED,
        lambda w, a: cases.refusal_open(
            application_id=a.pk, actor=w.user(Role.CLERK), ground=1, reasoning="x"
        ),
        NotPermitted,
        ROLE_MAY_NOT,
    ),
    Refused(
        "draft-refusal-by-leadership",
        "§6 step 1.7",
        State.REFUSAL_PREPARATION,
        lambda w, a: cases.refusal_draft(
            application_id=a.pk, actor=w.user(Role.LEADERSHIP), reasoning="x"
        ),
        NotPermitted,
        ROLE_MAY_NOT,
        refuse_from=State.REGISTERED,
    ),
    Refused(
        "sign-act-by-executor",
        "§6 step 1.8",
        State.HEAD_SIGNATURE,
        lambda w, a: cases.final_act_sign(application_id=a.pk, actor=w.user(Role.ARCH_EXECUTOR)),
        NotPermitted,
        ROLE_MAY_NOT,
    ),
    Refused(
        "sign-refusal-by-executor",
        "§6 step 1.8",
        State.REFUSAL_SIGNATURE,
        lambda w, a: cases.refusal_sign(application_id=a.pk, actor=w.user(Role.ARCH_EXECUTOR)),
        NotPermitted,
        ROLE_MAY_NOT,
        refuse_from=State.REGISTERED,
    ),
    Refused(
        "send-act-by-clerk",
        "§6 step 1.9",
        State.ACT_SIGNED,
        lambda w, a: cases.act_send(application_id=a.pk, actor=w.user(Role.CLERK)),
        NotPermitted,
        ROLE_MAY_NOT,
    ),
    Refused(
        "expire-act-by-architecture",
        "§6 step 1.11",
        State.AWAITING_APPLICANT,
        lambda w, a: cases.act_expire(application_id=a.pk, actor=w.user(Role.ARCH_EXECUTOR)),
        NotPermitted,
        ROLE_MAY_NOT,
    ),
    Refused(
        "stage-two-by-hand",
        "§6 stage 2",
        State.AWAITING_APPLICANT,
        lambda w, a: cases.run_transition(
            application_id=a.pk, name="begin_stage_two", actor=w.user(Role.LEADERSHIP)
        ),
        NotPermitted,
        "This step happens by itself",
    ),
    Refused(
        "plan-by-land-head",
        "§6 step 2.1",
        State.CADASTRAL_PLAN_PREPARATION,
        lambda w, a: cases.cadastral_plan_submit(
            application_id=a.pk, actor=w.user(Role.LAND_HEAD), file=pdf()
        ),
        NotPermitted,
        ROLE_MAY_NOT,
    ),
    Refused(
        "approve-plan-by-executor",
        "§6 step 2.2",
        State.CADASTRAL_PLAN_APPROVAL,
        lambda w, a: cases.cadastral_plan_approve(
            application_id=a.pk,
            actor=w.user(Role.LAND_EXECUTOR),
            executor=w.user(Role.LAND_EXECUTOR),
        ),
        NotPermitted,
        ROLE_MAY_NOT,
    ),
    Refused(
        "draft-decision-by-head",
        "§6 step 2.3",
        State.DECISION_DRAFTING,
        lambda w, a: cases.decision_draft(
            application_id=a.pk, actor=w.user(Role.LAND_HEAD), text="x"
        ),
        NotPermitted,
        ROLE_MAY_NOT,
    ),
    Refused(
        "sign-decision-by-clerk",
        "§6 step 2.4",
        State.DECISION_SIGNING,
        lambda w, a: cases.decision_sign(application_id=a.pk, actor=w.user(Role.CLERK)),
        NotPermitted,
        ROLE_MAY_NOT,
    ),
    Refused(
        "register-decision-by-leadership",
        "§6 step 2.5",
        State.DECISION_REGISTRATION,
        lambda w, a: cases.decision_register(application_id=a.pk, actor=w.user(Role.LEADERSHIP)),
        NotPermitted,
        ROLE_MAY_NOT,
    ),
    Refused(
        "submit-by-someone-else",
        "Annex 1",
        State.DRAFT,
        lambda w, a: cases.application_submit(application_id=a.pk, actor=w.user(Role.CLERK)),
        NotFound,  # only the applicant signs; a draft is not even visible to officials
        "No such case in your scope.",
    ),
    # --- out of scope ------------------------------------------------------------------
    Refused(
        "register-by-another-providers-clerk",
        "§6 step 1.1 (scope)",
        State.SUBMITTED,
        lambda w, a: cases.application_register(application_id=a.pk, actor=_other_clerk(w)),
        NotFound,
        "No such case in your scope.",
    ),
    # --- wrong state -------------------------------------------------------------------
    Refused(
        "register-twice",
        "§6 step 1.1",
        State.REGISTERED,
        lambda w, a: cases.application_register(application_id=a.pk, actor=w.user(Role.CLERK)),
        Conflict,
        NOT_OPEN,
    ),
    Refused(
        "forward-before-registration",
        "§6 step 1.2",
        State.SUBMITTED,
        lambda w, a: cases.application_forward(application_id=a.pk, actor=w.user(Role.LEADERSHIP)),
        Conflict,
        NOT_OPEN,
    ),
    Refused(
        "dispatch-twice",
        "§6 step 1.4",
        State.IN_APPROVAL,
        lambda w, a: cases.act_dispatch(
            application_id=a.pk,
            actor=w.user(Role.ARCH_EXECUTOR),
            draft_file=pdf(),
            situational_scheme=pdf(),
            apz_file=pdf(),
        ),
        Conflict,
        NOT_OPEN,
    ),
    Refused(
        "refusal-ground-1-from-approval",
        "§9: grounds 1–2 only from review steps",
        State.IN_APPROVAL,
        lambda w, a: cases.refusal_open(
            application_id=a.pk, actor=w.user(Role.ARCH_EXECUTOR), ground=1, reasoning="x"
        ),
        Conflict,
        NOT_OPEN,
    ),
    Refused(
        "refusal-ground-2-from-final-act",
        "§9: grounds 1–2 only from review steps",
        State.FINAL_ACT_PREPARATION,
        lambda w, a: cases.refusal_open(
            application_id=a.pk, actor=w.user(Role.ARCH_EXECUTOR), ground=2, reasoning="x"
        ),
        Conflict,
        NOT_OPEN,
    ),
    Refused(
        "sign-act-before-final-act",
        "§6 step 1.8",
        State.FINAL_ACT_PREPARATION,
        lambda w, a: cases.final_act_sign(application_id=a.pk, actor=w.user(Role.ARCH_HEAD)),
        Conflict,
        NOT_OPEN,
    ),
    Refused(
        "plan-before-stage-two",
        "§6 step 2.1",
        State.AWAITING_APPLICANT,
        lambda w, a: cases.cadastral_plan_submit(
            application_id=a.pk, actor=w.user(Role.STATE_CORP), file=pdf()
        ),
        Conflict,
        NOT_OPEN,
    ),
    Refused(
        "sign-decision-before-draft",
        "§6 step 2.4",
        State.DECISION_DRAFTING,
        lambda w, a: cases.decision_sign(application_id=a.pk, actor=w.user(Role.LEADERSHIP)),
        Conflict,
        NOT_OPEN,
    ),
    Refused(
        "register-decision-before-signature",
        "§6 step 2.5",
        State.DECISION_SIGNING,
        lambda w, a: cases.decision_register(application_id=a.pk, actor=w.user(Role.CLERK)),
        Conflict,
        NOT_OPEN,
    ),
    # --- unmet condition ---------------------------------------------------------------
    Refused(
        "dispatch-without-the-apz",
        "§6 step 1.4: act, scheme and APZ together",
        State.ACT_PREPARATION,
        lambda w, a: cases.act_dispatch(
            application_id=a.pk,
            actor=w.user(Role.ARCH_EXECUTOR),
            draft_file=pdf(),
            situational_scheme=pdf(),
            apz_file=None,
        ),
        InvalidInput,
        "Some of the data is missing",
    ),
    Refused(
        "assign-a-non-executor",
        "§6 step 1.3",
        State.AT_ARCHITECTURE,
        lambda w, a: cases.executor_assign(
            application_id=a.pk, actor=w.user(Role.ARCH_HEAD), executor=w.user(Role.CLERK)
        ),
        InvalidInput,
        "Some of the data is missing",
    ),
    Refused(
        "send-act-without-invoice",
        "§6 step 1.9: act and invoice together",
        State.ACT_SIGNED,
        lambda w, a: cases.act_send(application_id=a.pk, actor=w.user(Role.ARCH_EXECUTOR)),
        Conflict,
        "The step cannot be taken yet: §6 step 1.9: the cadastral-works invoice is not issued",
    ),
    Refused(
        "expire-a-valid-act",
        "§6 step 1.11: only after 10 WD",
        State.AWAITING_APPLICANT,
        lambda w, a: cases.act_expire(application_id=a.pk, actor=w.user(Role.STATE_CORP)),
        Conflict,
        "§6 step 1.11: the act is still valid",
    ),
    Refused(
        "refusal-ground-3-at-a-review-step",
        "§9 ground 3 comes only from the approval round",
        State.REGISTERED,
        lambda w, a: cases.refusal_open(
            application_id=a.pk, actor=w.user(Role.LEADERSHIP), ground=3, reasoning="x"
        ),
        InvalidInput,
        "Some of the data is missing",
    ),
    Refused(
        "refusal-without-reasons",
        "§6 step 1.7: a motivated refusal",
        State.REFUSAL_PREPARATION,
        lambda w, a: cases.refusal_draft(
            application_id=a.pk, actor=w.user(Role.ARCH_EXECUTOR), reasoning="  "
        ),
        InvalidInput,
        "Some of the data is missing",
        refuse_from=State.REGISTERED,
    ),
    Refused(
        "final-act-without-file",
        "§6 step 1.6",
        State.FINAL_ACT_PREPARATION,
        lambda w, a: cases.final_act_prepare(
            application_id=a.pk, actor=w.user(Role.ARCH_EXECUTOR), final_file=None
        ),
        InvalidInput,
        "Some of the data is missing",
    ),
    Refused(
        "plan-without-file",
        "§6 step 2.1",
        State.CADASTRAL_PLAN_PREPARATION,
        lambda w, a: cases.cadastral_plan_submit(
            application_id=a.pk, actor=w.user(Role.STATE_CORP), file=None
        ),
        InvalidInput,
        "Some of the data is missing",
    ),
    Refused(
        "approve-plan-with-a-non-executor",
        "§6 step 2.2",
        State.CADASTRAL_PLAN_APPROVAL,
        lambda w, a: cases.cadastral_plan_approve(
            application_id=a.pk, actor=w.user(Role.LAND_HEAD), executor=w.user(Role.CLERK)
        ),
        InvalidInput,
        "Some of the data is missing",
    ),
    Refused(
        "empty-decision",
        "§6 step 2.3",
        State.DECISION_DRAFTING,
        lambda w, a: cases.decision_draft(
            application_id=a.pk, actor=w.user(Role.LAND_EXECUTOR), text=""
        ),
        InvalidInput,
        "Some of the data is missing",
    ),
]


def _other_clerk(w):
    from tests.world import official

    return official(Role.CLERK, provider=w.other_provider)


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.id)
def test_transition_refused(world, django_capture_on_commit_callbacks, case):
    """§6 (each row cites its step): a wrong role gets 403, a wrong state or an unmet rule
    409, missing input 400; nothing is written and nothing is queued."""
    # Given a case in the source state
    app = drive(world, until=case.source, refuse_from=case.refuse_from)
    logs_before = TransitionLog.objects.filter(application=app).count()
    events_before = StageEvent.objects.filter(application=app).count()

    # When the step is attempted
    with (
        django_capture_on_commit_callbacks() as callbacks,
        clock.frozen_at(T1),
        pytest.raises(case.error) as raised,
    ):
        case.call(world, app)

    # Then the error says why, for a person
    assert case.message in str(raised.value.message), case.paragraph
    # and the case has not moved and nothing was written or queued
    app.refresh_from_db()
    assert app.state == case.source
    assert TransitionLog.objects.filter(application=app).count() == logs_before
    assert StageEvent.objects.filter(application=app).count() == events_before
    assert callbacks == []


def test_incomplete_application_cannot_be_submitted(world):
    """Annex 1: the application needs the consent and the location scheme."""
    # Given a draft without the consent
    app = world.application(consent=False)

    # When the applicant submits it
    with pytest.raises(Conflict) as raised:
        cases.application_submit(application_id=app.pk, actor=world.applicant.user)

    # Then the refusal names what is missing, and the draft stays a draft
    assert "Annex 1: fill in every required field" in str(raised.value.message)
    app.refresh_from_db()
    assert app.state == State.DRAFT and app.number is None


@pytest.mark.parametrize(
    "final", [State.GRANTED, State.REFUSED, State.ACT_EXPIRED], ids=lambda s: s
)
def test_no_transition_out_of_a_final_state(world, final):
    """§6: granted, refused and act_expired are final; no step of anyone's opens."""
    # Given a case in a final state
    if final == State.ACT_EXPIRED:
        app = drive(world, until=State.AWAITING_APPLICANT)
        with clock.frozen_at(local(2025, 4, 29, 9, 0)):
            cases.act_expire(application_id=app.pk)
    else:
        app = drive(
            world, until=final, refuse_from=State.REGISTERED if final == "refused" else None
        )
    app.refresh_from_db()
    assert app.state == final

    # When anyone (or the system) tries any transition
    for name in sorted(_transition_names()):
        for user in [None, *world.users.values()]:
            # Then each attempt is refused (never a state change)
            with pytest.raises((Conflict, NotPermitted, NotFound)):
                cases.run_transition(application_id=app.pk, name=name, actor=user)
    app.refresh_from_db()
    assert app.state == final
    assert app.is_final

"""Moving a test case to a given state through the real services (SPEC.md §6 diagram).

One walk for every suite. What differs between suites is passed in: the instant every step is
taken at (``at``), where a §9 refusal is raised and by whom (``refuse_from``, ``refused_by``),
what the people on the way write (``papers``), and whether to stop at ``act_signed`` once the
invoice is issued (``invoiced``)."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from approvals.models import ApprovingBody
from landplots.models import Invoice, Refusal, State
from tests.factories import PDF_BYTES
from workflow import clock
from workflow.roles import Role
from workflow.services import cases

ALMATY = ZoneInfo("Asia/Almaty")
# An ordinary working week: Monday 14 April 2025, no day off until 1 May.
T0 = datetime(2025, 4, 14, 10, 0, tzinfo=ALMATY)
T1 = datetime(2025, 4, 15, 11, 0, tzinfo=ALMATY)

ANSWERING_ROLE = {
    ApprovingBody.Kind.STATE_BODY: Role.BODY_OFFICER,
    ApprovingBody.Kind.NATURAL_MONOPOLY: Role.MONOPOLY_OFFICER,
    ApprovingBody.Kind.STATE_CORPORATION: Role.STATE_CORP,
}

FINAL_STATES = (State.GRANTED, State.REFUSED, State.ACT_EXPIRED)


@dataclass(frozen=True)
class Papers:
    """The texts written on the way and kept on the case (uploads are renamed by the services,
    so their names are not kept)."""

    apz_summary: str = ""
    cadastral_number: str = ""
    decision: str = "Предоставить право"
    # ``{pk}`` is replaced by the case's primary key.
    payment_reference: str = "PAY-1"
    refusal_opened: str = "Земельный кодекс, ст. 43 п. 3"
    refusal_drafted: str = "Не соответствует ЗК"


PAPERS = Papers()


def pdf(name="doc.pdf"):
    return ContentFile(PDF_BYTES, name=name)


def local(y, m, d, hh=18, mm=30):
    return datetime(y, m, d, hh, mm, tzinfo=ALMATY)


def answer_all(world, app, answer="positive", negative_kind=None):
    for request in app.approval_requests.select_related("body").order_by("pk"):
        if request.answer is not None:
            continue
        this = "negative" if request.body.kind == negative_kind else answer
        cases.conclusion_record(
            request_id=request.pk,
            actor=world.user(ANSWERING_ROLE[request.body.kind]),
            answer=this,
            reasoning="Участок в охранной зоне ЛЭП" if this == "negative" else "",
            technical_conditions=pdf("tu.pdf"),
        )
        app.refresh_from_db()
        if app.state != State.IN_APPROVAL:
            return


def _invoiced(app):
    return Invoice.objects.filter(application=app).exists()


def _act_signed(world, app, *, hold: bool):
    """§6 step 1.9: the invoice, then the act to the applicant; ``hold`` stops in between."""
    if not _invoiced(app):
        cases.invoice_issue(application_id=app.pk, actor=world.user(Role.STATE_CORP))
        if hold:
            return
    cases.act_send(application_id=app.pk, actor=world.user(Role.ARCH_EXECUTOR))


def _next(world, app, papers: Papers, *, hold_invoice: bool):
    u, a = world.user, app.pk
    step = {
        State.DRAFT: lambda: cases.application_submit(application_id=a, actor=app.applicant.user),
        State.SUBMITTED: lambda: cases.application_register(application_id=a, actor=u(Role.CLERK)),
        State.REGISTERED: lambda: cases.application_forward(
            application_id=a, actor=u(Role.LEADERSHIP)
        ),
        State.AT_ARCHITECTURE: lambda: cases.executor_assign(
            application_id=a, actor=u(Role.ARCH_HEAD), executor=u(Role.ARCH_EXECUTOR)
        ),
        State.ACT_PREPARATION: lambda: cases.act_dispatch(
            application_id=a,
            actor=u(Role.ARCH_EXECUTOR),
            draft_file=pdf("act.pdf"),
            situational_scheme=pdf("scheme.pdf"),
            apz_file=pdf("apz.pdf"),
            apz_summary=papers.apz_summary,
        ),
        State.IN_APPROVAL: lambda: answer_all(world, app),
        State.FINAL_ACT_PREPARATION: lambda: cases.final_act_prepare(
            application_id=a, actor=u(Role.ARCH_EXECUTOR), final_file=pdf("final.pdf")
        ),
        State.HEAD_SIGNATURE: lambda: cases.final_act_sign(
            application_id=a, actor=u(Role.ARCH_HEAD)
        ),
        State.ACT_SIGNED: lambda: _act_signed(world, app, hold=hold_invoice),
        State.AWAITING_APPLICANT: lambda: (
            cases.act_agree(application_id=a, actor=app.applicant.user),
            cases.invoice_settle(application_id=a, reference=papers.payment_reference.format(pk=a)),
        ),
        State.CADASTRAL_PLAN_PREPARATION: lambda: cases.cadastral_plan_submit(
            application_id=a,
            actor=u(Role.STATE_CORP),
            file=pdf("plan.pdf"),
            cadastral_number=papers.cadastral_number,
        ),
        State.CADASTRAL_PLAN_APPROVAL: lambda: cases.cadastral_plan_approve(
            application_id=a, actor=u(Role.LAND_HEAD), executor=u(Role.LAND_EXECUTOR)
        ),
        State.DECISION_DRAFTING: lambda: cases.decision_draft(
            application_id=a, actor=u(Role.LAND_EXECUTOR), text=papers.decision
        ),
        State.DECISION_SIGNING: lambda: cases.decision_sign(
            application_id=a, actor=u(Role.LEADERSHIP)
        ),
        State.DECISION_REGISTRATION: lambda: cases.decision_register(
            application_id=a, actor=u(Role.CLERK)
        ),
        State.REFUSAL_PREPARATION: lambda: cases.refusal_draft(
            application_id=a, actor=u(Role.ARCH_EXECUTOR), reasoning=papers.refusal_drafted
        ),
        State.REFUSAL_SIGNATURE: lambda: cases.refusal_sign(
            application_id=a, actor=u(Role.ARCH_HEAD)
        ),
    }[app.state]
    step()
    app.refresh_from_db()


def drive(
    world,
    app=None,
    *,
    until: str,
    at: datetime = T0,
    refuse_from: str | None = None,
    refused_by: str = Role.LEADERSHIP,
    papers: Papers = PAPERS,
    invoiced: bool = False,
):
    """Take the case (a new one when none is given) through the granted path until it is in
    ``until``, every step at the instant ``at``. With ``refuse_from`` a §9 ground 2 refusal is
    opened by ``refused_by`` at that review state. ``invoiced`` with ``until`` act_signed
    stops only once the invoice is issued (before the act is sent)."""
    app = app or world.application()
    app.refresh_from_db()
    hold_invoice = invoiced and until == State.ACT_SIGNED
    with clock.frozen_at(at):
        for _step in range(30):
            if app.state == until and not (hold_invoice and not _invoiced(app)):
                return app
            if refuse_from is not None and app.state == refuse_from:
                cases.refusal_open(
                    application_id=app.pk,
                    actor=world.user(refused_by),
                    ground=Refusal.Ground.LAND_CODE_REQUIREMENTS,
                    reasoning=papers.refusal_opened,
                )
                app.refresh_from_db()
                continue
            if app.state in FINAL_STATES:
                raise AssertionError(f"{until} is not on this path")
            _next(world, app, papers, hold_invoice=hold_invoice)
    raise AssertionError(f"could not drive the case to {until}")

"""Moving a back-office test case to a given state through the real services."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from approvals.models import ApprovingBody
from landplots.models import Refusal, State
from tests.factories import PDF_BYTES
from workflow import clock
from workflow.roles import Role
from workflow.services import cases

ALMATY = ZoneInfo("Asia/Almaty")
# Tuesday 15 April 2025, an ordinary working day with no day off until 1 May.
T1 = datetime(2025, 4, 15, 11, 0, tzinfo=ALMATY)
# Long after every 10 WD validity of an act sent on T1 has run out.
LATER = datetime(2025, 6, 16, 11, 0, tzinfo=ALMATY)

ANSWERING_ROLE = {
    ApprovingBody.Kind.STATE_BODY: Role.BODY_OFFICER,
    ApprovingBody.Kind.NATURAL_MONOPOLY: Role.MONOPOLY_OFFICER,
    ApprovingBody.Kind.STATE_CORPORATION: Role.STATE_CORP,
}


def pdf(name="doc.pdf"):
    return ContentFile(PDF_BYTES, name=name)


def answer_all(world, app, answer="positive"):
    for request in app.approval_requests.select_related("body").order_by("pk"):
        cases.conclusion_record(
            request_id=request.pk,
            actor=world.user(ANSWERING_ROLE[request.body.kind]),
            answer=answer,
            reasoning="Участок в охранной зоне ЛЭП" if answer == "negative" else "",
            technical_conditions=pdf("tu.pdf"),
        )
        if answer == "negative":
            return


def _steps(world, app_id):
    u = world.user
    return {
        State.DRAFT: lambda: cases.application_submit(
            application_id=app_id, actor=world.applicant.user
        ),
        State.SUBMITTED: lambda: cases.application_register(
            application_id=app_id, actor=u(Role.CLERK)
        ),
        State.REGISTERED: lambda: cases.application_forward(
            application_id=app_id, actor=u(Role.LEADERSHIP)
        ),
        State.AT_ARCHITECTURE: lambda: cases.executor_assign(
            application_id=app_id, actor=u(Role.ARCH_HEAD), executor=u(Role.ARCH_EXECUTOR)
        ),
        State.ACT_PREPARATION: lambda: cases.act_dispatch(
            application_id=app_id,
            actor=u(Role.ARCH_EXECUTOR),
            draft_file=pdf("act.pdf"),
            situational_scheme=pdf("scheme.pdf"),
            apz_file=pdf("apz.pdf"),
            apz_summary="Қабат саны — 2, биіктігі 9 м дейін",
        ),
        State.FINAL_ACT_PREPARATION: lambda: cases.final_act_prepare(
            application_id=app_id, actor=u(Role.ARCH_EXECUTOR), final_file=pdf("final.pdf")
        ),
        State.HEAD_SIGNATURE: lambda: cases.final_act_sign(
            application_id=app_id, actor=u(Role.ARCH_HEAD)
        ),
        State.AWAITING_APPLICANT: lambda: (
            cases.act_agree(application_id=app_id, actor=world.applicant.user),
            cases.invoice_settle(application_id=app_id, reference=f"PAY-{app_id}"),
        ),
        State.CADASTRAL_PLAN_PREPARATION: lambda: cases.cadastral_plan_submit(
            application_id=app_id,
            actor=u(Role.STATE_CORP),
            file=pdf("plan.pdf"),
            cadastral_number="20-321-045-123",
        ),
        State.CADASTRAL_PLAN_APPROVAL: lambda: cases.cadastral_plan_approve(
            application_id=app_id, actor=u(Role.LAND_HEAD), executor=u(Role.LAND_EXECUTOR)
        ),
        State.DECISION_DRAFTING: lambda: cases.decision_draft(
            application_id=app_id,
            actor=u(Role.LAND_EXECUTOR),
            text="Жер учаскесін уақытша өтеулі жер пайдалану құқығымен беру",
        ),
        State.DECISION_SIGNING: lambda: cases.decision_sign(
            application_id=app_id, actor=u(Role.LEADERSHIP)
        ),
        State.DECISION_REGISTRATION: lambda: cases.decision_register(
            application_id=app_id, actor=u(Role.CLERK)
        ),
    }


def _act_signed_step(world, app, *, invoiced_target: bool):
    from landplots.models import Invoice

    if not Invoice.objects.filter(application=app).exists():
        cases.invoice_issue(application_id=app.pk, actor=world.user(Role.STATE_CORP))
        if invoiced_target:
            return
    cases.act_send(application_id=app.pk, actor=world.user(Role.ARCH_EXECUTOR))


def drive(world, app, target: str, *, invoiced: bool = False):
    """Move ``app`` to ``target`` along the granted path, or along the refusal path for the
    refusal states (§9 ground 2 raised at registration). ``invoiced`` with ACT_SIGNED stops
    once the invoice is issued."""
    refusal_path = target in (State.REFUSAL_PREPARATION, State.REFUSAL_SIGNATURE, State.REFUSED)
    with clock.frozen_at(T1):
        for _guard in range(30):
            app.refresh_from_db()
            if app.state == target and not (
                target == State.ACT_SIGNED and invoiced and not hasattr(app, "invoice")
            ):
                return app
            if refusal_path and app.state == State.REGISTERED:
                cases.refusal_open(
                    application_id=app.pk,
                    actor=world.user(Role.ARCH_HEAD),
                    ground=Refusal.Ground.LAND_CODE_REQUIREMENTS,
                    reasoning="Учаскенің нысаналы мақсаты бас жоспарға сәйкес келмейді",
                )
            elif app.state == State.REFUSAL_PREPARATION:
                cases.refusal_draft(
                    application_id=app.pk,
                    actor=world.user(Role.ARCH_EXECUTOR),
                    reasoning="Жер кодексінің 43-бабы 3-тармағы",
                )
            elif app.state == State.REFUSAL_SIGNATURE:
                cases.refusal_sign(application_id=app.pk, actor=world.user(Role.ARCH_HEAD))
            elif app.state == State.IN_APPROVAL:
                answer_all(world, app)
            elif app.state == State.ACT_SIGNED:
                _act_signed_step(world, app, invoiced_target=target == State.ACT_SIGNED)
            else:
                _steps(world, app.pk)[app.state]()
    raise AssertionError(f"could not drive the case to {target}")

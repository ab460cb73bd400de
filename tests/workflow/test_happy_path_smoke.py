from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from landplots.models import State
from tests.factories import PDF_BYTES
from workflow import clock
from workflow.roles import Role
from workflow.services import cases

ALMATY = ZoneInfo("Asia/Almaty")


def pdf(name="doc.pdf"):
    return ContentFile(PDF_BYTES, name=name)


def test_granted_path_end_to_end(world):
    app = world.application()
    u = world.user
    with clock.frozen_at(datetime(2025, 3, 20, 17, 5, tzinfo=ALMATY)):
        cases.application_submit(application_id=app.pk, actor=world.applicant.user)
    app.refresh_from_db()
    assert app.state == State.SUBMITTED
    assert app.number.startswith("ALM-NAU-2025-")
    with clock.frozen_at(datetime(2025, 3, 20, 17, 10, tzinfo=ALMATY)):
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
    app.refresh_from_db()
    assert app.state == State.IN_APPROVAL
    reqs = list(app.approval_requests.select_related("body"))
    assert len(reqs) == 3
    for r in reqs:
        who = {
            "state_body": Role.BODY_OFFICER,
            "natural_monopoly": Role.MONOPOLY_OFFICER,
            "state_corporation": Role.STATE_CORP,
        }[r.body.kind]
        cases.conclusion_record(
            request_id=r.pk, actor=u(who), answer="positive", technical_conditions=pdf("tu.pdf")
        )
    app.refresh_from_db()
    assert app.state == State.FINAL_ACT_PREPARATION
    cases.final_act_prepare(application_id=app.pk, actor=u(Role.ARCH_EXECUTOR), final_file=pdf())
    cases.final_act_sign(application_id=app.pk, actor=u(Role.ARCH_HEAD))
    inv = cases.invoice_issue(application_id=app.pk, actor=u(Role.STATE_CORP))
    assert inv.amount == 45000
    cases.act_send(application_id=app.pk, actor=u(Role.ARCH_EXECUTOR))
    cases.act_agree(application_id=app.pk, actor=world.applicant.user)
    cases.invoice_settle(application_id=app.pk, reference="PAY-1")
    app.refresh_from_db()
    assert app.state == State.CADASTRAL_PLAN_PREPARATION
    cases.cadastral_plan_submit(application_id=app.pk, actor=u(Role.STATE_CORP), file=pdf())
    cases.cadastral_plan_approve(
        application_id=app.pk, actor=u(Role.LAND_HEAD), executor=u(Role.LAND_EXECUTOR)
    )
    cases.decision_draft(application_id=app.pk, actor=u(Role.LAND_EXECUTOR), text="Решение")
    cases.decision_sign(application_id=app.pk, actor=u(Role.LEADERSHIP))
    cases.decision_register(application_id=app.pk, actor=u(Role.CLERK))
    app.refresh_from_db()
    assert app.state == State.GRANTED
    assert app.transition_log.count() >= 15
    assert not app.deadlines.filter(done_at__isnull=True).exists()

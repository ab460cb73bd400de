"""Every role × every back-office step: allowed, or refused with 403 (SPEC.md §1, §3)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from landplots.models import Refusal, State
from tests.backoffice.helpers import LATER, T1, drive
from tests.factories import PDF_BYTES
from workflow import clock
from workflow.backoffice.actions import ACTIONS
from workflow.roles import Role
from workflow.selectors import application_in_scope
from workflow.services.errors import NotFound, NotPermitted
from workflow.services.transitions import may_run

OFFICIAL_ROLES = [
    Role.CLERK,
    Role.LEADERSHIP,
    Role.ARCH_HEAD,
    Role.ARCH_EXECUTOR,
    Role.BODY_OFFICER,
    Role.MONOPOLY_OFFICER,
    Role.STATE_CORP,
    Role.LAND_HEAD,
    Role.LAND_EXECUTOR,
    Role.ICT_OFFICER,
    Role.QUALITY_REVIEWER,
    Role.SUPERVISOR,
]

# Written from the owner column of SPEC.md §3 (and §9 for refusals raised at a review step),
# not from the code: step → (state the case must be in, roles that may take it).
MATRIX = {
    "register": (State.SUBMITTED, {Role.CLERK}),
    "forward": (State.REGISTERED, {Role.LEADERSHIP}),
    "assign_executor": (State.AT_ARCHITECTURE, {Role.ARCH_HEAD}),
    "dispatch": (State.ACT_PREPARATION, {Role.ARCH_EXECUTOR}),
    "open_refusal": (State.REGISTERED, {Role.LEADERSHIP, Role.ARCH_HEAD, Role.ARCH_EXECUTOR}),
    "prepare_final_act": (State.FINAL_ACT_PREPARATION, {Role.ARCH_EXECUTOR}),
    "draft_refusal": (State.REFUSAL_PREPARATION, {Role.ARCH_EXECUTOR}),
    "sign_final_act": (State.HEAD_SIGNATURE, {Role.ARCH_HEAD}),
    "sign_refusal": (State.REFUSAL_SIGNATURE, {Role.ARCH_HEAD}),
    "issue_invoice": (State.ACT_SIGNED, {Role.STATE_CORP}),
    "send_to_applicant": (State.ACT_SIGNED, {Role.ARCH_EXECUTOR}),
    "expire_act": (State.AWAITING_APPLICANT, {Role.STATE_CORP}),
    "submit_cadastral_plan": (State.CADASTRAL_PLAN_PREPARATION, {Role.STATE_CORP}),
    "approve_cadastral_plan": (State.CADASTRAL_PLAN_APPROVAL, {Role.LAND_HEAD}),
    "draft_decision": (State.DECISION_DRAFTING, {Role.LAND_EXECUTOR}),
    "sign_decision": (State.DECISION_SIGNING, {Role.LEADERSHIP}),
    "register_decision": (State.DECISION_REGISTRATION, {Role.CLERK}),
}

# Where the step leaves the case when it succeeds.
TARGET = {
    "register": State.REGISTERED,
    "forward": State.AT_ARCHITECTURE,
    "assign_executor": State.ACT_PREPARATION,
    "dispatch": State.IN_APPROVAL,
    "open_refusal": State.REFUSAL_PREPARATION,
    "prepare_final_act": State.HEAD_SIGNATURE,
    "draft_refusal": State.REFUSAL_SIGNATURE,
    "sign_final_act": State.ACT_SIGNED,
    "sign_refusal": State.REFUSED,
    "issue_invoice": State.ACT_SIGNED,
    "send_to_applicant": State.AWAITING_APPLICANT,
    "expire_act": State.ACT_EXPIRED,
    "submit_cadastral_plan": State.CADASTRAL_PLAN_APPROVAL,
    "approve_cadastral_plan": State.DECISION_DRAFTING,
    "draft_decision": State.DECISION_SIGNING,
    "sign_decision": State.DECISION_REGISTRATION,
    "register_decision": State.GRANTED,
}


def test_matrix_covers_every_back_office_step():
    # given the steps the back office offers / then the matrix names each one
    assert set(MATRIX) == set(ACTIONS)


def _pdf(name):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def post_data(world, name, app):
    data = {"expected_state": app.state}
    if name == "assign_executor":
        data["executor"] = world.user(Role.ARCH_EXECUTOR).pk
    elif name == "dispatch":
        data |= {
            "draft_file": _pdf("act.pdf"),
            "situational_scheme": _pdf("scheme.pdf"),
            "apz_file": _pdf("apz.pdf"),
            "apz_summary": "2 қабат",
        }
    elif name == "open_refusal":
        data |= {"ground": Refusal.Ground.UNTRUE_DOCUMENTS, "reasoning": "Жалған құжат"}
    elif name == "draft_refusal":
        data |= {"ground": Refusal.Ground.LAND_CODE_REQUIREMENTS, "reasoning": "43-бап"}
    elif name == "prepare_final_act":
        data["final_file"] = _pdf("final.pdf")
    elif name == "submit_cadastral_plan":
        data |= {"file": _pdf("plan.pdf"), "cadastral_number": "20-321-045-1"}
    elif name == "approve_cadastral_plan":
        data["executor"] = world.user(Role.LAND_EXECUTOR).pk
    elif name == "draft_decision":
        data["text"] = "Шешім"
    return data


def _case_at(world, name):
    source, _roles = MATRIX[name]
    # send_to_applicant needs the invoice first; issue_invoice needs none.
    return drive(world, world.application(), source, invoiced=name == "send_to_applicant")


def _when(name):
    # The act expires only once its 10 WD validity has run out (§6 step 1.11).
    return clock.frozen_at(LATER if name == "expire_act" else T1)


@pytest.mark.parametrize("name", list(MATRIX))
def test_admin_post_allows_only_the_owner_role(client, bo_world, name):
    """§3: each step is taken by its owner only; any other role gets 403 from the admin, or
    404 where the case is outside the role's scope (as on every other URL of the case)."""
    # given a case waiting at the step
    source, allowed = MATRIX[name]
    app = _case_at(bo_world, name)
    url = reverse("admin:landplots_application_step", args=[app.pk, name])
    # when every other role posts the step / then 403 (404 outside its scope), case unmoved
    for role in OFFICIAL_ROLES:
        if role in allowed:
            continue
        user = bo_world.user(role)
        expected = 403 if application_in_scope(user, app) else 404
        client.force_login(user)
        with _when(name):
            response = client.post(url, post_data(bo_world, name, app))
        assert response.status_code == expected, (role, response.status_code)
        app.refresh_from_db()
        assert app.state == source
    # when each owner role posts it on a case of its own / then the step is taken
    for role in sorted(allowed):
        case = app if app.state == source else _case_at(bo_world, name)
        client.force_login(bo_world.user(role))
        with _when(name):
            response = client.post(
                reverse("admin:landplots_application_step", args=[case.pk, name]),
                post_data(bo_world, name, case),
            )
        assert response.status_code == 302, (role, response.status_code, response.content[:500])
        case.refresh_from_db()
        assert case.state == TARGET[name]
        if name == "issue_invoice":
            assert case.invoice.amount == 45000


@pytest.mark.parametrize("name", [n for n in MATRIX if n != "issue_invoice"])
def test_model_transition_permission_per_role(bo_world, name):
    """§3: the state machine itself grants each transition to its owner roles only."""
    # given a case at the step's source state
    _source, allowed = MATRIX[name]
    app = _case_at(bo_world, name)
    for role in OFFICIAL_ROLES:
        # when the model's permission check runs for the role / then only owners pass
        assert may_run(getattr(app, name), bo_world.user(role)) is (role in allowed), role


@pytest.mark.parametrize("name", list(MATRIX))
def test_service_refuses_other_roles(bo_world, name):
    """§3: the service refuses a role that does not own the step, whatever the page showed:
    403, or 404 where the case is outside the role's scope."""
    # given a case at the step's source state
    source, allowed = MATRIX[name]
    app = _case_at(bo_world, name)
    action = ACTIONS[name]
    for role in OFFICIAL_ROLES:
        if role in allowed:
            continue
        data = {
            "executor": bo_world.user(Role.ARCH_EXECUTOR)
            if name == "assign_executor"
            else bo_world.user(Role.LAND_EXECUTOR),
            "draft_file": _pdf("a.pdf"),
            "situational_scheme": _pdf("s.pdf"),
            "apz_file": _pdf("z.pdf"),
            "final_file": _pdf("f.pdf"),
            "file": _pdf("p.pdf"),
            "ground": 1 if name == "open_refusal" else 2,
            "reasoning": "негіз",
            "text": "Шешім",
        }
        # when the role calls the service directly / then it is refused
        with _when(name), pytest.raises((NotPermitted, NotFound)):
            action.run(application=app, actor=bo_world.user(role), data=data)
        app.refresh_from_db()
        assert app.state == source

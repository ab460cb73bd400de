"""The steps an official can take from the back office, each bound to its one service in
``workflow.services.cases``. The permission of a step is read from the state machine itself,
so the buttons, the server check and the model never disagree."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from landplots.models import Application, Refusal, State
from workflow.backoffice import forms as step_forms
from workflow.services import cases
from workflow.services.transitions import available_transitions, may_run
from workflow.steps import AGREE_AND_PAY, STAGE_TWO


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    run: Callable[..., object]
    form: type[step_forms.StepForm] | None = None
    # Set only for a step that is not a transition of the state machine (the invoice).
    permission_override: str | None = None

    @property
    def permission(self) -> str:
        if self.permission_override:
            return self.permission_override
        meta = getattr(Application, self.name)._django_fsm
        perms = {t.permission for t in meta.transitions.values()}
        (perm,) = perms  # each back-office step has one named permission
        return perm

    @property
    def needs_form(self) -> bool:
        """Whether the step opens a form page first. Templates read this flag: they would
        call ``form`` itself, a class that cannot be built without its case."""
        return self.form is not None

    @property
    def is_transition(self) -> bool:
        return self.permission_override is None


def _simple(service):
    def run(*, application, actor, data):
        return service(application_id=application.pk, actor=actor)

    return run


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action("register", _("Register (§6 step 1.1)"), _simple(cases.application_register)),
        Action(
            "forward",
            _("Forward to architecture (§6 step 1.2)"),
            _simple(cases.application_forward),
        ),
        Action(
            "assign_executor",
            _("Assign the executor (§6 step 1.3)"),
            lambda *, application, actor, data: cases.executor_assign(
                application_id=application.pk, actor=actor, executor=data["executor"]
            ),
            step_forms.AssignExecutorForm,
        ),
        Action(
            "dispatch",
            _("Send the act for approval (§6 step 1.4)"),
            lambda *, application, actor, data: cases.act_dispatch(
                application_id=application.pk,
                actor=actor,
                draft_file=data["draft_file"],
                situational_scheme=data["situational_scheme"],
                apz_file=data["apz_file"],
                apz_summary=data.get("apz_summary", ""),
            ),
            step_forms.DispatchForm,
        ),
        Action(
            "prepare_final_act",
            _("Prepare the final act (§6 step 1.6)"),
            lambda *, application, actor, data: cases.final_act_prepare(
                application_id=application.pk, actor=actor, final_file=data["final_file"]
            ),
            step_forms.FinalActForm,
        ),
        Action(
            "open_refusal",
            _("Refuse on §9 ground 1 or 2"),
            lambda *, application, actor, data: cases.refusal_open(
                application_id=application.pk,
                actor=actor,
                ground=data["ground"],
                reasoning=data["reasoning"],
            ),
            step_forms.RefusalOpenForm,
        ),
        Action(
            "draft_refusal",
            _("Draft the motivated refusal (§6 step 1.7)"),
            lambda *, application, actor, data: cases.refusal_draft(
                application_id=application.pk,
                actor=actor,
                reasoning=data["reasoning"],
                ground=data["ground"],
            ),
            step_forms.RefusalDraftForm,
        ),
        Action(
            "sign_final_act", _("Sign the final act (§6 step 1.8)"), _simple(cases.final_act_sign)
        ),
        Action("sign_refusal", _("Sign the refusal (§6 step 1.8)"), _simple(cases.refusal_sign)),
        Action(
            "issue_invoice",
            _("Issue the cadastral-works invoice (§6 step 1.9)"),
            _simple(cases.invoice_issue),
            permission_override="landplots.issue_invoice",
        ),
        Action(
            "send_to_applicant",
            _("Send the act and invoice to the applicant (§6 step 1.9)"),
            _simple(cases.act_send),
        ),
        Action(
            "expire_act",
            _("Return the expired act for cancellation (§6 step 1.11)"),
            _simple(cases.act_expire),
        ),
        Action(
            "submit_cadastral_plan",
            _("Send the cadastral plan (§6 step 2.1)"),
            lambda *, application, actor, data: cases.cadastral_plan_submit(
                application_id=application.pk,
                actor=actor,
                file=data["file"],
                cadastral_number=data.get("cadastral_number", ""),
            ),
            step_forms.CadastralPlanForm,
        ),
        Action(
            "approve_cadastral_plan",
            _("Approve the plan, assign the executor (§6 step 2.2)"),
            lambda *, application, actor, data: cases.cadastral_plan_approve(
                application_id=application.pk, actor=actor, executor=data["executor"]
            ),
            step_forms.ApprovePlanForm,
        ),
        Action(
            "draft_decision",
            _("Draft the decision (§6 step 2.3)"),
            lambda *, application, actor, data: cases.decision_draft(
                application_id=application.pk,
                actor=actor,
                text=data.get("text", ""),
                file=data.get("file"),
            ),
            step_forms.DecisionForm,
        ),
        Action("sign_decision", _("Sign the decision (§6 step 2.4)"), _simple(cases.decision_sign)),
        Action(
            "register_decision",
            _("Register and send the decision (§6 step 2.5)"),
            _simple(cases.decision_register),
        ),
    )
}


def _invoice_open(application: Application) -> bool:
    try:
        application.invoice  # noqa: B018 - the reverse one-to-one raises when absent
    except ObjectDoesNotExist:
        return application.state == State.ACT_SIGNED
    return False


def actions_for(application: Application, user) -> list[Action]:
    """The steps this user may take on this case now. A step without input must also have its
    conditions met (django-fsm's available transitions); a step with a form shows once the
    role and the state fit, because its own input is what meets the conditions."""
    ready = set(available_transitions(application, user))
    found = []
    for action in ACTIONS.values():
        if not action.is_transition:
            if user.has_perm(action.permission) and _invoice_open(application):
                found.append(action)
            continue
        if action.form is None:
            if action.name in ready:
                found.append(action)
            continue
        method = getattr(application, action.name)
        if can_proceed(method, check_conditions=False) and may_run(method, user):
            found.append(action)
    return found


# Entries of the transition log that are no back-office step: the applicant's agreement, the
# automatic moves. Any other name shows the state it led to.
_LOG_TITLES = {
    "agree_act": AGREE_AND_PAY.title,
    "begin_stage_two": STAGE_TWO.title,
    "close_round_negative": Refusal.Ground.NEGATIVE_CONCLUSION.label,
}


def state_title(code: str) -> str:
    """The translated name of a state, or the code itself if it is no state (any more)."""
    try:
        return State(code).label
    except ValueError:
        return code


def transition_title(name: str, target: str) -> str:
    """How a transition-log entry reads to an official, in their language."""
    if name in ACTIONS:
        return ACTIONS[name].label
    if name in _LOG_TITLES:
        return _LOG_TITLES[name]
    return state_title(target)

"""Running one transition of a case: the single shape every step of SPEC.md §3 goes through.

Lock the row, check scope, permission and conditions, let the step's own work write its
documents, run the django-fsm transition, save, log, move the clocks, write the §7 monitoring
event and queue the after-commit work, all in one transaction.
"""

from collections.abc import Callable
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_fsm import can_proceed

from landplots.models import Application
from workflow import clock
from workflow.models import StageEvent, TransitionLog
from workflow.roles import Role
from workflow.services.clocks import clocks_on_transition
from workflow.services.errors import Conflict, NotFound, NotPermitted

Work = Callable[[Application], None]


def actor_role(user) -> str:
    if user is None:
        return Role.SYSTEM
    official = getattr(user, "official", None)
    if official is not None:
        return official.role
    if hasattr(user, "applicant"):
        return Role.APPLICANT
    return Role.SYSTEM


def transition_method(application: Application, name: str):
    method = getattr(application, name, None)
    if method is None or not hasattr(method, "_django_fsm"):
        raise NotFound(_("There is no step called “%(name)s”.") % {"name": name})
    return method


def is_automatic(method) -> bool:
    meta = method._django_fsm
    return any(t.custom.get("automatic") for t in meta.transitions.values())


def run_transition(
    *,
    application_id: int,
    name: str,
    actor=None,
    comment: str = "",
    before: Work | None = None,
    after: Work | None = None,
    expected_state: str | None = None,
) -> Application:
    """Run transition ``name`` on the case as ``actor`` (None: the system itself).

    ``before`` writes the step's documents and fields under the lock, before the conditions
    are checked; ``after`` runs once the new state is saved (opening requests, notices).
    ``expected_state``: the state the caller saw; a different one is a conflict (409).
    """
    from workflow.selectors import application_in_scope

    with transaction.atomic():
        try:
            # Row lock: a second official acting at the same moment waits here, then sees
            # the new state and gets a conflict instead of a double transition. NO KEY: rows
            # that only point at the case (a sweep's notices) may still be inserted meanwhile,
            # so a sweep holding clock rows never waits on a case lock (no deadlock).
            application = (
                Application.objects.select_for_update(of=("self",), no_key=True)
                .select_related("provider", "applicant")
                .get(pk=application_id)
            )
        except Application.DoesNotExist:
            raise NotFound() from None
        if actor is not None and not application_in_scope(actor, application):
            raise NotFound()
        if expected_state is not None and application.state != expected_state:
            raise Conflict()
        method = transition_method(application, name)
        if actor is not None:
            if is_automatic(method):
                raise NotPermitted(_("This step happens by itself; nobody runs it by hand."))
            if not may_run(method, actor):
                if can_proceed(method, check_conditions=False):
                    raise NotPermitted()
                raise Conflict(
                    _("The case is “%(state)s”: this step is not open now.")
                    % {"state": application.get_state_display()}
                )
        if not can_proceed(method, check_conditions=False):
            raise Conflict(
                _("The case is “%(state)s”: this step is not open now.")
                % {"state": application.get_state_display()}
            )
        if before is not None:
            before(application)
        if not can_proceed(method):
            unmet = [
                unmet_message(c)
                for c in _conditions(method, application.state)
                if not c(application)
            ]
            raise Conflict(
                _("The step cannot be taken yet: %(what)s.") % {"what": "; ".join(unmet)}
            )
        source = application.state
        method()
        at = clock.now()
        application.save()
        target = application.state
        TransitionLog.objects.create(
            application=application,
            transition=name,
            actor=actor,
            role=actor_role(actor),
            source=source,
            target=target,
            at=at,
            comment=comment,
        )
        clocks_on_transition(application=application, source=source, target=target, at=at)
        StageEvent.objects.create(
            application=application,
            stage=application.stage,
            state=target,
            occurred_at=at,
            payload={"number": application.number, "from": source, "transition": name},
        )
        if after is not None:
            after(application)
        from workflow.tasks import stage_events_deliver

        transaction.on_commit(partial(stage_events_deliver.delay))
    return application


def may_run(method, user) -> bool:
    """The role check alone: django-fsm's has_transition_perm also checks the conditions,
    which a step's own input (checked later, under the lock) may be about to satisfy."""
    meta = method._django_fsm
    transition = meta.get_transition(meta.field.get_state(method.__self__))
    return transition is not None and transition.has_perm(method.__self__, user)


def _conditions(method, state):
    meta = method._django_fsm
    transition = meta.get_transition(state)
    return transition.conditions if transition else []


# What a person reads when a condition of landplots.rules is not met (the rule's docstring is
# written for developers, and some rules have none).
UNMET = {
    "is_complete": _lazy(
        "Annex 1: fill in every required field, attach the location scheme and give consent"
    ),
    "has_architecture_executor": _lazy("§6 step 1.3: no architecture executor is assigned"),
    "has_land_executor": _lazy("§6 step 2.2: no land-relations executor is assigned"),
    "draft_act_is_ready": _lazy(
        "§6 step 1.4: the act, the situational scheme and the APZ must go out together"
    ),
    "final_act_is_ready": _lazy("§6 step 1.6: the final act is not attached"),
    "every_conclusion_positive": _lazy(
        "§6 step 1.6: not every approving body has answered positively"
    ),
    "some_conclusion_negative": _lazy("§9 ground 3: no approving body has answered negatively"),
    "has_refusal_ground": _lazy("§9: a refusal must cite one of its grounds"),
    "refusal_is_drafted": _lazy("§6 step 1.7: the motivated refusal has no ground or reasons"),
    "invoice_is_issued": _lazy("§6 step 1.9: the cadastral-works invoice is not issued yet"),
    "invoice_is_settled": _lazy("Annex 2 row 6: the invoice is neither paid nor exempt"),
    "act_is_agreed": _lazy("§6 step 1.10: the applicant has not agreed the final act"),
    "act_not_agreed": _lazy("§6 step 1.11: the applicant has agreed the act"),
    "act_validity_passed": _lazy("§6 step 1.11: the act is still valid"),
    "cadastral_plan_is_ready": _lazy("§6 step 2.1: the cadastral plan is not attached"),
    "decision_is_drafted": _lazy("§6 step 2.3: the decision is not drafted"),
}


def unmet_message(condition) -> str:
    message = UNMET.get(getattr(condition, "__name__", ""))
    if message is not None:
        return str(message)
    return _first_line(condition.__doc__ or condition.__name__)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0].rstrip(".")


def available_transitions(application: Application, user) -> list[str]:
    """The steps this user may take on this case now: permitted, conditions met, not
    automatic."""
    names = []
    for t in application.get_available_user_state_transitions(user):
        if t.custom.get("automatic"):
            continue
        names.append(t.name)
    return names

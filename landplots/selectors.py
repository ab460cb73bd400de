"""Reads of the applicant portal. Every read of a case goes through ``applications_for_user``
and is narrowed to the applicant's own cases: anything else answers 404."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from landplots.models import Application, Provider, State
from workflow import clock, working_time
from workflow.models import Deadline, Notification, TransitionLog
from workflow.roles import Role
from workflow.selectors import applications_for_user
from workflow.steps import ACT_VALIDITY, AGREE_AND_PAY

# Status in plain words for the applicant (the state names are written for officials).
PLAIN_STATUS = {
    State.DRAFT: _("Draft: not sent yet"),
    State.SUBMITTED: _("Sent, waiting for registration"),
    State.REGISTERED: _("Registered by the akimat"),
    State.AT_ARCHITECTURE: _("With the architecture authority"),
    State.ACT_PREPARATION: _("The land-selection act is being prepared"),
    State.IN_APPROVAL: _("Being approved by state bodies and utilities"),
    State.FINAL_ACT_PREPARATION: _("The final selection act is being prepared"),
    State.HEAD_SIGNATURE: _("The final selection act is being signed"),
    State.ACT_SIGNED: _("The final selection act is on its way to you"),
    State.REFUSAL_PREPARATION: _("A refusal is being prepared"),
    State.REFUSAL_SIGNATURE: _("A refusal is being signed"),
    State.AWAITING_APPLICANT: _("Waiting for you: agree the act and pay"),
    State.CADASTRAL_PLAN_PREPARATION: _("The land cadastral plan is being prepared"),
    State.CADASTRAL_PLAN_APPROVAL: _("The cadastral plan is being approved"),
    State.DECISION_DRAFTING: _("The decision is being drafted"),
    State.DECISION_SIGNING: _("The decision is being signed"),
    State.DECISION_REGISTRATION: _("The decision is being registered"),
    State.GRANTED: _("Granted: the decision is in your cabinet"),
    State.REFUSED: _("Refused: the motivated refusal is in your cabinet"),
    State.ACT_EXPIRED: _("The selection act expired and was returned for cancellation"),
}

CLOCK_LABELS = {
    AGREE_AND_PAY.code: _("Agree the final act and pay the invoice (3 working days)"),
    ACT_VALIDITY.code: _("The final act stays valid (10 working days)"),
}


def plain_status(state: str) -> str:
    return PLAIN_STATUS.get(state, state)


def _waiting_clocks_q() -> Q:
    # The applicant's own clocks (§6 steps 1.10 and 1.11): 1.11 is owned by the State
    # Corporation, but it is the applicant who loses the act when it runs out.
    return Q(done_at__isnull=True) & (Q(owner_role=Role.APPLICANT) | Q(step=ACT_VALIDITY.code))


# --- Providers -------------------------------------------------------------------------------


def provider_regions() -> QuerySet:
    return Provider.objects.filter(parent__isnull=True).order_by("name_ru")


def provider_children(*, parent_id) -> QuerySet:
    if not parent_id:
        return Provider.objects.none()
    return Provider.objects.filter(parent_id=parent_id).order_by("name_ru")


# --- Cases -----------------------------------------------------------------------------------


def own_applications(*, user) -> QuerySet:
    return applications_for_user(user).filter(applicant__user=user)


def cabinet_applications(*, user) -> QuerySet:
    """The cabinet list: a fixed number of queries however many cases there are."""
    return (
        own_applications(user=user)
        .select_related("provider")
        .prefetch_related(
            Prefetch(
                "deadlines",
                queryset=Deadline.objects.filter(_waiting_clocks_q()).order_by("due_at"),
                to_attr="waiting_clocks",
            )
        )
        .annotate(
            unread_count=Count(
                "notifications",
                filter=Q(notifications__read_at__isnull=True, notifications__recipient=user),
            )
        )
        .order_by("-created_at")
    )


def application_for_applicant(*, user, pk: int) -> Application | None:
    return own_applications(user=user).select_related("provider", "applicant").filter(pk=pk).first()


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    label: str
    role: str


TRANSITION_LABELS = {
    "agree_act": _("You agreed the final land-selection act"),
}


def case_timeline(*, application: Application) -> list[TimelineEntry]:
    """The steps of the case from the transition log, each in the applicant's words."""
    entries = TransitionLog.objects.filter(application=application).order_by("at", "pk")
    return [
        TimelineEntry(
            at=e.at,
            label=TRANSITION_LABELS.get(e.transition) or plain_status(e.target),
            role=e.get_role_display(),
        )
        for e in entries
    ]


@dataclass(frozen=True)
class WaitingClock:
    step: str
    label: str
    due_at: datetime
    working_days_left: int


def waiting_on_applicant(*, application: Application, clocks=None) -> list[WaitingClock]:
    """What waits on the applicant and until when (the 3 WD and 10 WD clocks)."""
    if clocks is None:
        clocks = Deadline.objects.filter(_waiting_clocks_q(), application=application).order_by(
            "due_at"
        )
    now = clock.now()
    hours = application.provider.office_hours
    return [
        WaitingClock(
            step=d.step,
            label=CLOCK_LABELS.get(d.step, d.step),
            due_at=d.due_at,
            working_days_left=working_time.working_days_remaining(now, d.due_at, hours),
        )
        for d in clocks
    ]


def _related(application, name):
    try:
        return getattr(application, name)
    except ObjectDoesNotExist:
        return None


@dataclass(frozen=True)
class CaseDocument:
    kind: str
    label: str
    has_file: bool


def case_documents(*, application: Application) -> list[CaseDocument]:
    """Documents the applicant may open now: only what has been sent to the cabinet."""
    docs = []
    if application.location_scheme:
        docs.append(CaseDocument("scheme", _("Location scheme (as filed)"), True))
    act = _related(application, "selection_act")
    if act is not None and act.sent_at is not None:
        if act.final_file:
            docs.append(CaseDocument("final_act", _("Final land-selection act"), True))
        if act.situational_scheme:
            docs.append(CaseDocument("situational_scheme", _("Situational scheme"), True))
        if act.apz_file:
            docs.append(CaseDocument("apz", _("Architectural-planning task (APZ)"), True))
        for req in application.approval_requests.exclude(technical_conditions="").order_by("pk"):
            docs.append(
                CaseDocument(
                    f"tu-{req.pk}",
                    _("Technical conditions: %(body)s") % {"body": req.body.name_ru},
                    True,
                )
            )
    invoice = _related(application, "invoice")
    if invoice is not None and act is not None and act.sent_at is not None:
        docs.append(CaseDocument("invoice", _("Invoice for the cadastral plan"), False))
    decision = _related(application, "decision")
    if decision is not None and decision.registered_at is not None:
        docs.append(
            CaseDocument("decision", _("Decision granting the land-use right"), bool(decision.file))
        )
        plan = _related(application, "cadastral_plan")
        if plan is not None and plan.file:
            docs.append(CaseDocument("cadastral_plan", _("Land cadastral plan"), True))
    refusal = _related(application, "refusal")
    if refusal is not None and refusal.signed_at is not None:
        docs.append(CaseDocument("refusal", _("Motivated refusal"), False))
    return docs


def document_file(*, application: Application, kind: str):
    """The stored file behind a document kind, or None when it is not (yet) the applicant's
    to open."""
    available = {d.kind for d in case_documents(application=application) if d.has_file}
    if kind not in available:
        return None
    if kind == "scheme":
        return application.location_scheme
    act = _related(application, "selection_act")
    if kind == "final_act":
        return act.final_file
    if kind == "situational_scheme":
        return act.situational_scheme
    if kind == "apz":
        return act.apz_file
    if kind.startswith("tu-"):
        req = application.approval_requests.filter(pk=kind[3:]).first()
        return req.technical_conditions if req else None
    if kind == "decision":
        return application.decision.file
    if kind == "cadastral_plan":
        return application.cadastral_plan.file
    return None


# --- Notifications ---------------------------------------------------------------------------


def notifications_for(*, user) -> QuerySet:
    return Notification.objects.filter(recipient=user).select_related("application")


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

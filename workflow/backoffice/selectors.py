"""Reads of the back office: the changelist's clock annotation and each official's work queue."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When

from approvals.models import ApprovalRequest
from landplots.models import Application, Complaint, State
from workflow.models import Deadline
from workflow.roles import BODY_ROLES, Role
from workflow.selectors import applications_for_user, official_of
from workflow.steps import COMPLAINT_TO_HEAD, COMPLAINT_TO_QUALITY_CONTROL, STAGE_ONE, STAGE_TWO

STAGE_TOTALS = (STAGE_ONE.code, STAGE_TWO.code)
_COMPLAINT_STEP = {
    Complaint.Addressee.PROVIDER_HEAD: COMPLAINT_TO_HEAD.code,
    Complaint.Addressee.QUALITY_CONTROL: COMPLAINT_TO_QUALITY_CONTROL.code,
}
_FAR = datetime.max.replace(tzinfo=UTC)


def with_running_clock(queryset: QuerySet) -> QuerySet:
    """Annotate each case with its most urgent open clock (``clock_step``, ``clock_due``).

    One correlated subquery per column keeps the changelist at a fixed number of queries,
    whatever the number of rows. A step's own clock comes before the stage total, which only
    shows when no step clock runs (e.g. while the bodies answer)."""
    open_clocks = (
        Deadline.objects.filter(
            application=OuterRef("pk"), done_at__isnull=True, complaint__isnull=True
        )
        .annotate(
            is_total=Case(
                When(step__in=STAGE_TOTALS, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("is_total", "due_at")
    )
    return queryset.annotate(
        clock_step=Subquery(open_clocks.values("step")[:1]),
        clock_due=Subquery(open_clocks.values("due_at")[:1]),
    )


@dataclass(frozen=True)
class Task:
    kind: str  # "step", "request", "invoice" or "complaint"
    application: Application
    due_at: datetime | None
    step: str
    request: ApprovalRequest | None = None
    complaint: Complaint | None = None


def _step_deadlines(user, official) -> QuerySet:
    qs = (
        Deadline.objects.filter(
            done_at__isnull=True,
            owner_role=official.role,
            approval_request__isnull=True,
            complaint__isnull=True,
            application__in=applications_for_user(user).values("pk"),
        )
        .exclude(step__in=STAGE_TOTALS)
        .select_related("application", "application__provider", "application__applicant")
    )
    # An executor's queue holds the cases assigned to them (and none assigned to a colleague).
    if official.role == Role.ARCH_EXECUTOR:
        qs = qs.filter(
            Q(application__architecture_executor=user)
            | Q(application__architecture_executor__isnull=True)
        )
    if official.role == Role.LAND_EXECUTOR:
        qs = qs.filter(
            Q(application__land_executor=user) | Q(application__land_executor__isnull=True)
        )
    return qs


def open_requests_for(user) -> QuerySet:
    official = official_of(user)
    if official is None or official.role not in BODY_ROLES:
        return ApprovalRequest.objects.none()
    return ApprovalRequest.objects.filter(
        body_id=official.body_id, answer__isnull=True, application__state=State.IN_APPROVAL
    ).select_related("application", "application__provider", "body")


def invoices_to_issue(user) -> QuerySet:
    """§6 step 1.9: a signed final act waits for the State Corporation's invoice."""
    if not user.has_perm("landplots.issue_invoice"):
        return Application.objects.none()
    return (
        applications_for_user(user)
        .filter(state=State.ACT_SIGNED, invoice__isnull=True)
        .select_related("provider", "applicant")
    )


def complaints_for_user(user, queryset: QuerySet | None = None) -> QuerySet:
    """The complaints on the cases ``user`` may see (§10); everything else is a 404."""
    qs = queryset if queryset is not None else Complaint.objects.all()
    return qs.filter(application__in=applications_for_user(user).values("pk"))


def complaints_to_answer(user) -> QuerySet:
    """§10: registered complaints in the user's scope, addressed to the authority the user
    answers for (the provider's head, or the quality-control authority)."""
    # The permission is read from the model, the one its transitions check, so the queue and
    # the answer never disagree about who answers which addressee.
    addressees = [
        a for a in Complaint.Addressee if user.has_perm(Complaint(addressee=a).answer_permission)
    ]
    if not addressees:
        return Complaint.objects.none()
    return (
        complaints_for_user(user)
        .filter(state=Complaint.State.REGISTERED, addressee__in=addressees)
        .select_related("application", "application__provider", "application__applicant")
    )


def tasks_for_user(user) -> list[Task]:
    """The cases, approval requests and complaints waiting on this official, soonest due first."""
    official = official_of(user)
    if official is None:
        return []
    tasks = [Task("step", d.application, d.due_at, d.step) for d in _step_deadlines(user, official)]
    tasks += [
        Task("request", r.application, r.due_at, r.body.code, request=r)
        for r in open_requests_for(user)
    ]
    tasks += [Task("invoice", a, None, "1.9") for a in invoices_to_issue(user)]
    tasks += [
        Task("complaint", c.application, c.due_at, _COMPLAINT_STEP[c.addressee], complaint=c)
        for c in complaints_to_answer(user)
    ]
    # Tasks without a clock of their own (the invoice) come last; cases due at the same
    # instant in the order they came in, whatever order the database returned them in.
    return sorted(tasks, key=lambda t: (t.due_at is None, t.due_at or _FAR, t.application.pk))


def task_counts(user) -> dict[str, int]:
    official = official_of(user)
    if official is None:
        return {"cases": 0, "requests": 0, "complaints": 0}
    cases = _step_deadlines(user, official).values("application").distinct().count()
    cases += invoices_to_issue(user).count()
    return {
        "cases": cases,
        "requests": open_requests_for(user).count(),
        "complaints": complaints_to_answer(user).count(),
    }

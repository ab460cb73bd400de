"""Reads: who sees which cases and clocks (object-level scope)."""

from django.db.models import Q, QuerySet

from landplots.models import Application, Provider, State
from workflow.roles import BODY_ROLES, OVERSIGHT_ROLES, PROVIDER_ROLES, Role


def official_of(user):
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "official", None)


def region_q(region: Provider, prefix: str = "provider") -> Q:
    """The region itself and everything below it (the hierarchy is at most three levels)."""
    return (
        Q(**{prefix: region})
        | Q(**{f"{prefix}__parent": region})
        | Q(**{f"{prefix}__parent__parent": region})
    )


def applications_for_user(user, queryset: QuerySet | None = None) -> QuerySet:
    """The cases ``user`` may see; everything else answers 404 to them."""
    qs = queryset if queryset is not None else Application.objects.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    official = official_of(user)
    if official is None:
        return qs.filter(applicant__user=user)
    # A draft is the applicant's own until it is signed and submitted.
    qs = qs.exclude(state=State.DRAFT)
    if official.role in PROVIDER_ROLES:
        return qs.filter(provider_id=official.provider_id)
    # Subqueries rather than joins: no duplicates, so no DISTINCT, which PostgreSQL refuses
    # to combine with the row locks the services take on these querysets.
    if official.role == Role.STATE_CORP:
        # The State Corporation works on every case of the providers it serves.
        served = Provider.approving_bodies.through.objects.filter(
            approvingbody_id=official.body_id
        ).values("provider_id")
        return qs.filter(provider_id__in=served)
    if official.role in BODY_ROLES:
        # Other bodies see only the cases sent to them.
        from approvals.models import ApprovalRequest

        sent = ApprovalRequest.objects.filter(body_id=official.body_id).values("application_id")
        return qs.filter(pk__in=sent)
    if official.role in OVERSIGHT_ROLES:
        return qs.filter(region_q(official.region)) if official.region_id else qs
    return qs.none()


def application_in_scope(user, application: Application) -> bool:
    if user is None:
        return True
    return applications_for_user(user).filter(pk=application.pk).exists()


def approval_requests_for_user(user, queryset=None):
    from approvals.models import ApprovalRequest

    qs = queryset if queryset is not None else ApprovalRequest.objects.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    official = official_of(user)
    if official is None:
        return qs.none()
    if official.role in BODY_ROLES:
        return qs.filter(body_id=official.body_id)
    return qs.filter(application__in=applications_for_user(user))

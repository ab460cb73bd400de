"""The periodic deadline sweep (SPEC.md §3, §5): reminders before a clock is due, breach
marking with notices to the owners and the supervisors, and the §6 step 1.11 expiry of an act
the applicant has not agreed.

Due clocks are found by an indexed query on ``due_at`` / ``remind_at`` (the partial indexes of
``Deadline``), never by one ETA task per clock. Each batch is one transaction: its rows are
locked with SKIP LOCKED, so two workers sweeping at once split the work instead of doing it
twice, and a worker killed mid-batch leaves the whole batch for the next run. Notices are
idempotent by key, so a batch that is redone cannot notify twice.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from landplots.models import Application
from workflow import clock
from workflow.models import Deadline
from workflow.roles import BODY_ROLES, PROVIDER_ROLES, Role
from workflow.services.errors import WorkflowError
from workflow.services.notifications import notify
from workflow.steps import BY_CODE, OnDue

logger = logging.getLogger(__name__)

# Clocks handled per transaction: large enough that 10,000 due clocks take a few dozen
# round trips, small enough that a batch holds its row locks for well under a second and a
# redone batch after a crash is cheap.
SWEEP_BATCH = 500
# A run stops after this many batches of each kind; the next minute's run goes on. Keeps one
# run shorter than the beat interval even after an outage left a large backlog.
MAX_BATCHES_PER_RUN = 40

EXPIRY_STEPS = tuple(code for code, step in BY_CODE.items() if step.on_due == OnDue.EXPIRE_ACT)


@dataclass
class SweepResult:
    reminded: int = 0
    breached: int = 0
    expired: int = 0

    def as_dict(self) -> dict:
        return {"reminded": self.reminded, "breached": self.breached, "expired": self.expired}


# --- Selectors (called inside the batch's transaction: they lock what they return) ----------


def deadlines_due(*, now, batch: int = SWEEP_BATCH):
    """Ids of open, not yet breached clocks whose due instant has passed, oldest first, locked
    (rows another worker holds are skipped). Expiry clocks are left to ``acts_due_to_expire``."""
    return (
        Deadline.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(done_at__isnull=True, breached_at__isnull=True, due_at__lte=now)
        .exclude(step__in=EXPIRY_STEPS)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:batch]
    )


def deadlines_to_remind(*, now, batch: int = SWEEP_BATCH):
    """Ids of open clocks whose reminder instant has passed and that were not reminded yet,
    locked."""
    return (
        Deadline.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(done_at__isnull=True, reminded_at__isnull=True, remind_at__lte=now)
        .order_by("remind_at", "pk")
        .values_list("pk", flat=True)[:batch]
    )


def acts_due_to_expire(*, now, batch: int = SWEEP_BATCH) -> list[int]:
    """Cases whose §6 step 1.11 validity clock has run out (not locked: the expiry service
    locks each case itself, case first, as every transition does)."""
    return list(
        Deadline.objects.filter(
            step__in=EXPIRY_STEPS, done_at__isnull=True, breached_at__isnull=True, due_at__lte=now
        )
        .order_by("due_at", "pk")
        .values_list("application_id", flat=True)[:batch]
    )


# --- Who is told -------------------------------------------------------------------------


def deadline_owners(deadline: Deadline) -> list:
    """The users who own a clock, in scope: the provider's officials of the step's role, the
    requested body's officers, the State Corporation serving the provider, or the applicant."""
    application = deadline.application
    users = get_user_model().objects.filter(is_active=True)
    role = deadline.owner_role
    if role == Role.APPLICANT:
        return [application.applicant.user]
    if deadline.approval_request_id is not None:
        body_id = deadline.approval_request.body_id
        return list(users.filter(official__body_id=body_id, official__role__in=BODY_ROLES))
    if role in PROVIDER_ROLES:
        return list(users.filter(official__role=role, official__provider=application.provider_id))
    if role == Role.STATE_CORP:
        return list(
            users.filter(
                official__role=role, official__body__providers=application.provider_id
            ).distinct()
        )
    if role == Role.QUALITY_REVIEWER:
        return list(users.filter(official__role=role).filter(_region_q(application)))
    return []


def supervisors_of(application: Application) -> list:
    users = get_user_model().objects.filter(is_active=True, official__role=Role.SUPERVISOR)
    return list(users.filter(_region_q(application)))


def _region_q(application: Application) -> Q:
    """Country-wide officials, and those whose region is the provider or one above it."""
    provider = application.provider
    ancestors = [provider.pk]
    node = provider
    while node.parent_id is not None:
        node = node.parent
        ancestors.append(node.pk)
    return Q(official__region__isnull=True) | Q(official__region__in=ancestors)


def _describe(deadline: Deadline) -> dict:
    from django.utils import timezone

    step = BY_CODE.get(deadline.step)
    return {
        "number": deadline.application.number or deadline.application_id,
        "step": f"{step.paragraph}: {step.title}" if step else deadline.step,
        "due": timezone.localtime(deadline.due_at).strftime("%d.%m.%Y %H:%M"),
    }


# --- Batches -------------------------------------------------------------------------------


def _with_relations(qs):
    return qs.select_related(
        "application__provider", "application__applicant__user", "approval_request"
    )


def reminders_send(*, now, batch: int = SWEEP_BATCH, send: bool = True) -> int:
    """One batch of reminders, in one transaction. A clock already due gets no reminder (its
    breach notice says more) but is marked, so it leaves the reminder index."""
    with transaction.atomic():
        ids = list(deadlines_to_remind(now=now, batch=batch))
        if not ids:
            return 0
        deadlines = list(_with_relations(Deadline.objects.filter(pk__in=ids)))
        for deadline in deadlines:
            if send and deadline.due_at > now:
                what = _describe(deadline)
                # The act's validity runs out on the State Corporation's side, but only the
                # applicant can stop it: the reminder is theirs.
                owners = (
                    [deadline.application.applicant.user]
                    if deadline.step in EXPIRY_STEPS
                    else deadline_owners(deadline)
                )
                for user in owners:
                    notify(
                        recipient=user,
                        application=deadline.application,
                        key=f"deadline:{deadline.pk}:reminder",
                        subject=_("Due soon: %(number)s") % what,
                        body=_("%(step)s on case %(number)s is due by %(due)s.") % what,
                    )
        Deadline.objects.filter(pk__in=ids).update(reminded_at=now)
    return len(ids)


def breaches_mark(*, now, batch: int = SWEEP_BATCH, send: bool = True) -> int:
    """One batch of breaches, in one transaction: mark each clock breached and tell its owners
    and the supervisors. ``send=False`` marks only (the benchmark measures that alone)."""
    with transaction.atomic():
        ids = list(deadlines_due(now=now, batch=batch))
        if not ids:
            return 0
        if send:
            for deadline in _with_relations(Deadline.objects.filter(pk__in=ids)):
                what = _describe(deadline)
                recipients = {u.pk: u for u in deadline_owners(deadline)}
                recipients.update({u.pk: u for u in supervisors_of(deadline.application)})
                for user in recipients.values():
                    notify(
                        recipient=user,
                        application=deadline.application,
                        key=f"deadline:{deadline.pk}:breached",
                        subject=_("Deadline missed: %(number)s") % what,
                        body=_("%(step)s on case %(number)s was due by %(due)s.") % what,
                    )
        Deadline.objects.filter(pk__in=ids).update(breached_at=now)
    return len(ids)


def acts_expire(*, now, batch: int = SWEEP_BATCH) -> tuple[int, int]:
    """§6 step 1.11: each case whose unagreed act has run out moves to act_expired, in its own
    transaction (the expiry service re-checks the state and the validity under the case lock,
    so a second worker, or a rerun, finds nothing to do). Returns (expired, looked at)."""
    from workflow.services import cases

    expired = 0
    due = acts_due_to_expire(now=now, batch=batch)
    for application_id in due:
        try:
            with clock.frozen_at(now):
                cases.act_expire(application_id=application_id)
        except WorkflowError as error:
            # The case moved on without closing its validity clock (or another worker was
            # first and this one read a stale row): stop the clock so it is not retried every
            # minute, and leave a trace for the log.
            closed = Deadline.objects.filter(
                application_id=application_id,
                step__in=EXPIRY_STEPS,
                done_at__isnull=True,
                breached_at__isnull=True,
                due_at__lte=now,
            ).update(breached_at=now)
            if closed:
                logger.warning("act expiry of case %s refused: %s", application_id, error)
            continue
        expired += 1
    return expired, len(due)


def sweep_run(*, now=None, batch: int = SWEEP_BATCH) -> SweepResult:
    """One run of the periodic sweep: expiries first (they close the applicant's clocks, so
    no reminder or breach goes out for a case that has just ended), then breaches, then
    reminders, each in batches until none is left or the per-run cap is hit."""
    now = now or clock.now()
    result = SweepResult()
    for _batch in range(MAX_BATCHES_PER_RUN):
        expired, seen = acts_expire(now=now, batch=batch)
        result.expired += expired
        if seen < batch:
            break
    for _batch in range(MAX_BATCHES_PER_RUN):
        done = breaches_mark(now=now, batch=batch)
        result.breached += done
        if done < batch:
            break
    for _batch in range(MAX_BATCHES_PER_RUN):
        done = reminders_send(now=now, batch=batch)
        result.reminded += done
        if done < batch:
            break
    return result

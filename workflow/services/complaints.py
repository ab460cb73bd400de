"""Complaints (§10): to the provider's head, answered within 5 WD of registration; to the
quality-control authority, within 15 WD."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from landplots.models import Application, Complaint
from workflow import clock, working_time
from workflow.services.clocks import clock_open
from workflow.services.errors import Conflict, InvalidInput, NotFound, NotPermitted
from workflow.services.notifications import notify, notify_role
from workflow.steps import COMPLAINT_TO_HEAD, COMPLAINT_TO_QUALITY_CONTROL

STEP_FOR = {
    Complaint.Addressee.PROVIDER_HEAD: COMPLAINT_TO_HEAD,
    Complaint.Addressee.QUALITY_CONTROL: COMPLAINT_TO_QUALITY_CONTROL,
}


def complaint_file(*, application_id: int, actor, addressee: str, text: str) -> Complaint:
    if addressee not in STEP_FOR:
        raise InvalidInput(field_errors={"addressee": [_("Choose whom the complaint is for.")]})
    if not text or not text.strip():
        raise InvalidInput(field_errors={"text": [_("Write what the complaint is about.")]})
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",), no_key=True)
            .select_related("provider")
            .filter(pk=application_id, applicant__user=actor)
            .first()
        )
        if application is None:
            raise NotFound()
        if application.number is None:
            raise Conflict(_("A draft cannot be complained about; submit it first."))
        now = clock.now()
        hours = application.provider.office_hours
        registered = working_time.received_at(now, hours)
        step = STEP_FOR[addressee]
        complaint = Complaint.objects.create(
            application=application,
            addressee=addressee,
            text=text.strip(),
            filed_by=actor,
            registered_at=registered,
            due_at=working_time.add_working_days(registered, step.amount, hours),
        )
        deadline = clock_open(
            application=application, step=step, started_at=registered, complaint=complaint
        )
        if deadline.due_at != complaint.due_at:
            Complaint.objects.filter(pk=complaint.pk).update(due_at=deadline.due_at)
            complaint.due_at = deadline.due_at
        owners = {"provider": application.provider} if step is COMPLAINT_TO_HEAD else {}
        notify_role(
            role=step.owner,
            key=f"complaint:{complaint.pk}:filed",
            subject=_("New complaint on %(number)s") % {"number": application.number},
            body=complaint.text,
            application=application,
            **owners,
        )
    return complaint


def complaint_answer(*, complaint_id: int, actor, outcome: str, answer: str) -> Complaint:
    from workflow.selectors import applications_for_user

    if outcome not in Complaint.Outcome.values:
        raise InvalidInput(field_errors={"outcome": [_("Choose upheld or rejected.")]})
    if not answer or not answer.strip():
        raise InvalidInput(field_errors={"answer": [_("Write the answer to the applicant.")]})
    with transaction.atomic():
        complaint = (
            Complaint.objects.select_for_update()
            .filter(pk=complaint_id, application__in=applications_for_user(actor))
            .select_related("application")
            .first()
        )
        if complaint is None:
            raise NotFound()
        method = complaint.uphold if outcome == Complaint.Outcome.UPHELD else complaint.reject
        if not can_proceed(method):
            raise Conflict(_("This complaint has already been answered."))
        if not has_transition_perm(method, actor):
            raise NotPermitted()
        method()
        now = clock.now()
        complaint.answer = answer.strip()
        complaint.answered_at = now
        complaint.answered_by = actor
        complaint.save()
        complaint.deadlines.filter(done_at__isnull=True).update(done_at=now)
        notify(
            recipient=complaint.filed_by,
            application=complaint.application,
            key=f"complaint:{complaint.pk}:answered",
            subject=_("Answer to your complaint on %(number)s")
            % {"number": complaint.application.number},
            body=complaint.answer,
        )
    return complaint

"""The approval round from the bodies' side (SPEC.md §6 steps 1.4–1.5): the requests addressed
to an officer's body, and the answer form. An answer goes through ``conclusion_record``."""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from approvals.forms import AnswerForm
from approvals.models import ApprovalRequest
from workflow.backoffice.clocks import clock_status
from workflow.backoffice.forms import check_upload
from workflow.backoffice.views import file_response
from workflow.selectors import approval_requests_for_user
from workflow.services import cases
from workflow.services.errors import WorkflowError


def _context(request, **extra):
    return {**admin.site.each_context(request), **extra}


def _request_in_scope(user, pk) -> ApprovalRequest:
    found = (
        approval_requests_for_user(user)
        .select_related("application", "application__provider", "body", "answered_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404(_("No such approval request in your scope."))
    return found


def _documents_checked(form) -> bool:
    """The technical conditions get the check of every official's upload (PDF, JPEG or PNG
    by content, the size limit, our own stored name); a failure is a form error."""
    upload = form.cleaned_data.get("technical_conditions")
    if not upload:
        return True
    try:
        check_upload(upload, "technical-conditions")
    except ValidationError as error:
        form.add_error("technical_conditions", error)
        return False
    return True


@staff_member_required
def request_list(request):
    requests = approval_requests_for_user(request.user).select_related(
        "application", "application__provider", "body"
    )
    show = request.GET.get("show", "open")
    if show == "open":
        requests = requests.filter(answer__isnull=True)
    rows = [
        {
            "request": r,
            "status": clock_status(r.due_at, r.application.provider.office_hours)
            if r.answer is None
            else None,
        }
        for r in requests.order_by("due_at", "pk")
    ]
    return render(
        request,
        "approvals/request_list.html",
        _context(request, title=_("Approval requests"), rows=rows, show=show),
    )


@staff_member_required
def request_detail(request, pk):
    found = _request_in_scope(request.user, pk)
    form = AnswerForm(request=found)
    status = 200
    if request.method == "POST":
        form = AnswerForm(request.POST, request.FILES, request=found)
        if form.is_valid() and _documents_checked(form):
            data = form.cleaned_data
            try:
                cases.conclusion_record(
                    request_id=found.pk,
                    actor=request.user,
                    answer=data["answer"],
                    reasoning=data.get("reasoning", ""),
                    technical_conditions=data.get("technical_conditions"),
                )
            except WorkflowError as error:
                if error.status != 400:
                    return render(
                        request,
                        "backoffice/error.html",
                        _context(request, message=error.message, status=error.status),
                        status=error.status,
                    )
                for field, errors in error.field_errors.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
                if not error.field_errors:
                    form.add_error(None, error.message)
            else:
                messages.success(request, _("The answer is recorded."))
                return redirect("approvals:request_detail", pk=found.pk)
        status = 400
    may_answer = found.answer is None and request.user.has_perm(
        "approvals.give_technical_conditions"
        if found.body.gives_technical_conditions
        else "approvals.answer_conclusion"
    )
    return render(
        request,
        "approvals/request_detail.html",
        _context(
            request,
            title=_("Approval request"),
            req=found,
            application=found.application,
            form=form if may_answer else None,
            status=clock_status(found.due_at, found.application.provider.office_hours)
            if found.answer is None
            else None,
        ),
        status=status,
    )


@staff_member_required
def technical_conditions_download(request, pk):
    found = _request_in_scope(request.user, pk)
    if not found.technical_conditions:
        raise Http404
    return file_response(
        found.technical_conditions, f"{found.application.number}-{found.body.code}-tu"
    )

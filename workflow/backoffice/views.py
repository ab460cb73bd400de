"""Views of the back office, mounted under the admin (``ApplicationAdmin.get_urls`` and
``StageEventAdmin.get_urls``), so the admin's login and staff check wrap each of them.

Every view finds the case through the scope selector (404 outside it) and changes a case only
through its service; domain errors become 400/403/404/409 pages, never a 500."""

import json
import posixpath

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed, can_proceed, has_transition_perm

from landplots.models import Application, Complaint
from workflow.backoffice.actions import ACTIONS
from workflow.backoffice.clocks import clock_status, step_title
from workflow.backoffice.forms import ComplaintAnswerForm
from workflow.backoffice.selectors import complaints_for_user, tasks_for_user
from workflow.documents import DocumentNotReady, render_document
from workflow.documents.texts import LANGUAGES
from workflow.models import StageEvent
from workflow.selectors import applications_for_user
from workflow.services.complaints import complaint_answer
from workflow.services.errors import Conflict, NotFound, NotPermitted, WorkflowError

# The JSON export answers in pages: a monitoring poller asks again with ``after``.
EXPORT_PAGE_SIZE = 500


def case_in_scope(user, object_id) -> Application:
    try:
        pk = int(object_id)
    except (TypeError, ValueError):
        raise Http404 from None
    application = (
        applications_for_user(user).select_related("provider", "applicant").filter(pk=pk).first()
    )
    if application is None:
        raise Http404(_("No such case in your scope."))
    return application


def error_page(request, error: WorkflowError, *, context: dict | None = None) -> HttpResponse:
    return render(
        request,
        "backoffice/error.html",
        {**(context or {}), "message": error.message, "status": error.status},
        status=error.status,
    )


def change_url(application: Application) -> str:
    return reverse("admin:landplots_application_change", args=[application.pk])


def step_view(request, object_id, name, *, admin_context: dict):
    action = ACTIONS.get(name)
    if action is None:
        return error_page(
            request, NotFound(_("Not found, or not in your scope.")), context=admin_context
        )
    # The scope comes first, as in the services: outside it the case does not exist for this
    # user (404) whatever their role, like every other URL of the case; inside it, a role that
    # does not take this step is refused (403).
    try:
        application = case_in_scope(request.user, object_id)
    except Http404:
        return error_page(request, NotFound(), context={**admin_context, "title": action.label})
    if not request.user.has_perm(action.permission):
        return error_page(request, NotPermitted(), context={**admin_context, "title": action.label})
    context = {
        **admin_context,
        "application": application,
        "action": action,
        "title": action.label,
        "back_url": change_url(application),
    }
    if request.method != "POST":
        if action.form is None:
            return redirect(change_url(application))
        context["form"] = action.form(application=application)
        return render(request, "backoffice/step_form.html", context)

    expected = request.POST.get("expected_state")
    if expected and expected != application.state:
        return error_page(request, Conflict(), context=context)
    form = None
    data: dict = {}
    if action.form is not None:
        form = action.form(request.POST, request.FILES, application=application)
        context["form"] = form
        if not form.is_valid():
            return render(request, "backoffice/step_form.html", context, status=400)
        data = form.cleaned_data
    try:
        action.run(application=application, actor=request.user, data=data)
    except WorkflowError as error:
        if form is not None and error.status == 400:
            for field, errors in error.field_errors.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
            if not error.field_errors:
                form.add_error(None, error.message)
            return render(request, "backoffice/step_form.html", context, status=400)
        return error_page(request, error, context=context)
    except TransitionNotAllowed:
        return error_page(request, Conflict(), context=context)
    messages.success(request, _("Done: %(step)s.") % {"step": action.label})
    return redirect(change_url(application))


# --- §10 complaints ---------------------------------------------------------------------------


def complaint_in_scope(user, object_id) -> Complaint:
    try:
        pk = int(object_id)
    except (TypeError, ValueError):
        raise Http404 from None
    complaint = (
        complaints_for_user(user)
        .select_related("application__provider", "filed_by", "answered_by")
        .filter(pk=pk)
        .first()
    )
    if complaint is None:
        raise Http404(_("No such complaint in your scope."))
    return complaint


def complaint_change_url(complaint: Complaint) -> str:
    return reverse("admin:landplots_complaint_change", args=[complaint.pk])


def may_answer(complaint: Complaint, user) -> bool:
    """Read from the complaint's state machine, as the service checks it: still registered,
    and the user holds the permission of its addressee."""
    return can_proceed(complaint.uphold) and has_transition_perm(complaint.uphold, user)


def answers_complaints(user) -> bool:
    return any(user.has_perm(Complaint(addressee=a).answer_permission) for a in Complaint.Addressee)


def complaint_answer_view(request, object_id, *, admin_context: dict):
    """§10: the provider's head or the quality-control reviewer answers a complaint."""
    # The scope first (404 outside it, as on every URL of the complaint), then the role: one
    # that never answers complaints is refused here; the service decides the rest (addressee
    # 403, answered 409).
    try:
        complaint = complaint_in_scope(request.user, object_id)
    except Http404:
        return error_page(
            request, NotFound(_("No such complaint in your scope.")), context=admin_context
        )
    if not answers_complaints(request.user):
        return error_page(
            request, NotPermitted(_("Your role may not answer complaints.")), context=admin_context
        )
    back_url = complaint_change_url(complaint)
    context = {
        **admin_context,
        "complaint": complaint,
        "title": _("Answer the complaint"),
        "back_url": back_url,
        "back_label": _("Back to the complaint"),
        "clock": clock_status(complaint.due_at, complaint.application.provider.office_hours),
    }
    if request.method != "POST":
        if complaint.state != Complaint.State.REGISTERED:
            return redirect(back_url)
        context["form"] = ComplaintAnswerForm()
        return render(request, "backoffice/complaint_answer.html", context)

    form = ComplaintAnswerForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return render(request, "backoffice/complaint_answer.html", context, status=400)
    try:
        complaint_answer(
            complaint_id=complaint.pk,
            actor=request.user,
            outcome=form.cleaned_data["outcome"],
            answer=form.cleaned_data["answer"],
        )
    except WorkflowError as error:
        if error.status == 400:
            for field, errors in error.field_errors.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
            if not error.field_errors:
                form.add_error(None, error.message)
            return render(request, "backoffice/complaint_answer.html", context, status=400)
        return error_page(request, error, context=context)
    except TransitionNotAllowed:
        return error_page(request, Conflict(), context=context)
    messages.success(request, _("The answer has been sent to the applicant."))
    return redirect(back_url)


def _case_file(application: Application, kind: str):
    def related(name, field):
        try:
            return getattr(getattr(application, name), field)
        except ObjectDoesNotExist:
            return None

    files = {
        "location_scheme": lambda: application.location_scheme,
        "draft_act": lambda: related("selection_act", "draft_file"),
        "situational_scheme": lambda: related("selection_act", "situational_scheme"),
        "apz": lambda: related("selection_act", "apz_file"),
        "final_act": lambda: related("selection_act", "final_file"),
        "cadastral_plan": lambda: related("cadastral_plan", "file"),
        "decision": lambda: related("decision", "file"),
    }
    getter = files.get(kind)
    return getter() if getter else None


CASE_FILE_KINDS = (
    "location_scheme",
    "draft_act",
    "situational_scheme",
    "apz",
    "final_act",
    "cadastral_plan",
    "decision",
)


def file_response(field_file, filename_stem: str) -> FileResponse:
    ext = posixpath.splitext(field_file.name)[1] or ".bin"
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=f"{filename_stem}{ext}")


def document_view(request, object_id, kind):
    application = case_in_scope(request.user, object_id)
    field_file = _case_file(application, kind)
    if not field_file:
        raise Http404
    return file_response(field_file, f"{application.number or application.pk}-{kind}")


def generated_pdf_view(request, object_id, kind, lang):
    application = case_in_scope(request.user, object_id)
    if lang not in LANGUAGES:
        raise Http404
    try:
        content = render_document(application, kind=kind, lang=lang)
    except (KeyError, DocumentNotReady):
        raise Http404 from None
    response = HttpResponse(content, content_type="application/pdf")
    name = f"{application.number or application.pk}-{kind}-{lang}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def my_tasks_view(request, *, admin_context: dict):
    rows = []
    for task in tasks_for_user(request.user):
        status = (
            clock_status(task.due_at, task.application.provider.office_hours)
            if task.due_at
            else None
        )
        rows.append({"task": task, "status": status, "step": step_title(task.step)})
    return render(
        request,
        "backoffice/my_tasks.html",
        {**admin_context, "title": _("My tasks"), "rows": rows},
    )


def stage_events_queryset(user):
    return StageEvent.objects.filter(
        application__in=applications_for_user(user).values("pk")
    ).select_related("application", "application__provider")


def stage_events_json(request):
    """§7: the monitoring feed as JSON, oldest first; ``after`` (an event id) and ``since``
    (an ISO instant) page through it."""
    if not request.user.has_perm("workflow.view_stageevent"):
        raise PermissionDenied
    qs = stage_events_queryset(request.user).order_by("pk")
    after = request.GET.get("after")
    if after:
        if not after.isdigit():
            return JsonResponse({"error": _("“after” must be an event id.")}, status=400)
        qs = qs.filter(pk__gt=int(after))
    since = request.GET.get("since")
    if since:
        instant = parse_datetime(since)
        if instant is None or instant.tzinfo is None:
            return JsonResponse(
                {"error": _("“since” must be an ISO instant with its offset.")}, status=400
            )
        qs = qs.filter(occurred_at__gte=instant)
    events = [
        {
            "id": e.pk,
            "case_number": e.application.number,
            "provider": e.application.provider.code,
            "stage": e.stage,
            "state": e.state,
            "occurred_at": e.occurred_at,
            "delivered_at": e.delivered_at,
            "payload": e.payload,
        }
        for e in qs[:EXPORT_PAGE_SIZE]
    ]
    body = {"events": events, "next_after": events[-1]["id"] if events else None}
    return HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False),
        content_type="application/json",
    )

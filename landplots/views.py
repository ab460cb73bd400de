"""The applicant portal: thin views that parse a form, call one service and map its domain
errors to a message a person can act on."""

import logging

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from landplots import selectors, services
from landplots.adapters.payments import CallbackRejected, get_gateway
from landplots.forms import (
    ApplicationForm,
    ComplaintForm,
    EntitySignUpForm,
    IndividualSignUpForm,
    LoginForm,
    format_area,
)
from landplots.models import Applicant, Complaint, Payment, State
from workflow.services import cases
from workflow.services.complaints import complaint_file
from workflow.services.errors import NotFound, WorkflowError

logger = logging.getLogger("landplots.portal")


def _form_errors(form, exc: WorkflowError) -> None:
    """Put a domain error on the form: each field error on its field, the message on top."""
    placed = False
    for field, errors in exc.field_errors.items():
        target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, error)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def _message_error(request, exc: WorkflowError) -> None:
    if isinstance(exc, NotFound):
        raise Http404(str(exc.message))
    texts = [str(e) for errors in exc.field_errors.values() for e in errors]
    messages.error(request, " ".join(texts) if texts else str(exc.message))


def _own_case(request, pk: int):
    application = selectors.application_for_applicant(user=request.user, pk=pk)
    if application is None:
        raise Http404(_("No such application in your cabinet."))
    return application


# --- Public pages and accounts ---------------------------------------------------------------


@require_GET
def home(request):
    return render(request, "landplots/home.html")


SIGN_UP_FORMS = {
    "individual": (Applicant.Kind.INDIVIDUAL, IndividualSignUpForm, "iin"),
    "entity": (Applicant.Kind.LEGAL_ENTITY, EntitySignUpForm, "bin"),
}


def sign_up(request, kind: str = "individual"):
    if kind not in SIGN_UP_FORMS:
        raise Http404()
    applicant_kind, form_class, number_field = SIGN_UP_FORMS[kind]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        password = data.pop("password1")
        data.pop("password2")
        email = data.pop("email", "")
        number = data.pop(number_field)
        try:
            user = services.applicant_sign_up(
                kind=applicant_kind,
                identity_number=number,
                password=password,
                email=email,
                profile=data,
            )
        except WorkflowError as exc:
            _form_errors(form, exc)
        else:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is ready. You can file an application."))
            return redirect("portal:cabinet")
    return render(request, "landplots/sign_up.html", {"form": form, "kind": kind})


def log_in(request):
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth_login(request, form.get_user())
        target = request.POST.get("next") or request.GET.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("portal:cabinet")
        return redirect(target)
    return render(
        request, "landplots/login.html", {"form": form, "next": request.GET.get("next", "")}
    )


@require_POST
def log_out(request):
    auth_logout(request)
    return redirect("portal:home")


# --- The cabinet ------------------------------------------------------------------------------


@login_required
@require_GET
def cabinet(request):
    # An official has no applications of their own; their work is in the back office.
    if hasattr(request.user, "official"):
        return redirect("admin:index")
    applications = list(selectors.cabinet_applications(user=request.user))
    rows = [
        {
            "application": app,
            "status": selectors.plain_status(app.state),
            "waiting": selectors.waiting_on_applicant(application=app, clocks=app.waiting_clocks),
        }
        for app in applications
    ]
    return render(
        request,
        "landplots/cabinet.html",
        {
            "rows": rows,
            "is_applicant": hasattr(request.user, "applicant"),
        },
    )


@login_required
@require_GET
def provider_children(request):
    """For the chained selects: the next level under a provider, as JSON."""
    parent = request.GET.get("parent", "")
    items = selectors.provider_children(parent_id=parent if parent.isdigit() else None)
    return JsonResponse(
        {"items": [{"id": p.pk, "name": p.display_name} for p in items]},
    )


def _application_form_page(request, application=None):
    submitting = request.POST.get("action") == "submit"
    refine_only = "refine" in request.POST
    has_scheme = bool(application and application.location_scheme)
    if request.method == "POST":
        form = ApplicationForm(
            request.POST, request.FILES, submitting=submitting, has_scheme=has_scheme
        )
    else:
        initial = ApplicationForm.initial_for(application) if application else {}
        if not application and hasattr(request.user, "applicant"):
            initial["contact_phone"] = request.user.applicant.phone
        form = ApplicationForm(initial=initial, has_scheme=has_scheme)
    if request.method == "POST" and not refine_only and form.is_valid():
        data = dict(form.cleaned_data)
        scheme = data.pop("location_scheme", None)
        try:
            application = services.application_draft_save(
                actor=request.user,
                data=data,
                location_scheme=scheme,
                application_id=application.pk if application else None,
            )
            if submitting:
                services.application_sign_and_submit(
                    actor=request.user, application_id=application.pk
                )
                messages.success(request, _("Your application is signed and submitted."))
            else:
                messages.success(request, _("The draft is saved."))
            return redirect("portal:application", pk=application.pk)
        except WorkflowError as exc:
            if isinstance(exc, NotFound):
                raise Http404(str(exc.message)) from None
            _form_errors(form, exc)
    if refine_only:
        # The no-JavaScript path of the chained selects: show the form again, next list
        # filled, without reporting the fields not filled in yet.
        form._errors = {}
    return render(
        request,
        "landplots/application_form.html",
        {"form": form, "application": application, "refine_only": refine_only},
    )


@login_required
def application_new(request):
    if not hasattr(request.user, "applicant"):
        raise Http404(_("Only an applicant's account can file applications."))
    return _application_form_page(request)


@login_required
def application_edit(request, pk: int):
    application = _own_case(request, pk)
    if application.state != State.DRAFT:
        messages.info(request, _("A submitted application can no longer be edited."))
        return redirect("portal:application", pk=pk)
    return _application_form_page(request, application)


@login_required
@require_GET
def application_detail(request, pk: int):
    application = _own_case(request, pk)
    invoice = selectors._related(application, "invoice")
    act = selectors._related(application, "selection_act")
    return render(
        request,
        "landplots/application_detail.html",
        {
            "application": application,
            "area_ha": format_area(application.area_ha),
            "status": selectors.plain_status(application.state),
            "timeline": selectors.case_timeline(application=application),
            "waiting": selectors.waiting_on_applicant(application=application),
            "documents": selectors.case_documents(application=application),
            "invoice": invoice if act and act.sent_at else None,
            "act": act if act and act.sent_at else None,
            "awaiting": application.state == State.AWAITING_APPLICANT,
            "complaints": application.complaints.all(),
            "can_complain": application.number is not None,
            "signature": application.signatures.order_by("-signed_at").first(),
        },
    )


@login_required
@require_POST
def application_submit(request, pk: int):
    application = _own_case(request, pk)
    try:
        services.application_sign_and_submit(actor=request.user, application_id=application.pk)
    except WorkflowError as exc:
        _message_error(request, exc)
        return redirect("portal:application_edit", pk=pk)
    messages.success(request, _("Your application is signed and submitted."))
    return redirect("portal:application", pk=pk)


@login_required
@require_GET
def document(request, pk: int, kind: str):
    """Documents are served only through here, after the ownership check; MEDIA is never
    public."""
    application = _own_case(request, pk)
    available = {d.kind: d for d in selectors.case_documents(application=application)}
    if kind not in available:
        raise Http404()
    if kind == "invoice":
        return render(
            request,
            "landplots/invoice.html",
            {"application": application, "invoice": application.invoice},
        )
    if kind == "refusal":
        return render(
            request,
            "landplots/refusal.html",
            {"application": application, "refusal": application.refusal},
        )
    if kind == "decision" and not available[kind].has_file:
        return render(
            request,
            "landplots/decision.html",
            {"application": application, "decision": application.decision},
        )
    stored = selectors.document_file(application=application, kind=kind)
    if not stored:
        raise Http404()
    ext = stored.name.rsplit(".", 1)[-1].lower() if "." in stored.name else "bin"
    return FileResponse(
        stored.open("rb"), as_attachment=True, filename=f"{application.number or pk}-{kind}.{ext}"
    )


# --- Agreement and payment -------------------------------------------------------------------


@login_required
@require_POST
def act_agree(request, pk: int):
    application = _own_case(request, pk)
    try:
        cases.act_agree(application_id=application.pk, actor=request.user)
    except WorkflowError as exc:
        _message_error(request, exc)
    else:
        messages.success(request, _("You have agreed the final land-selection act."))
    return redirect("portal:application", pk=pk)


@login_required
@require_POST
def pay_start(request, pk: int):
    application = _own_case(request, pk)
    try:
        _payment, url = services.payment_start(actor=request.user, application_id=application.pk)
    except WorkflowError as exc:
        _message_error(request, exc)
        return redirect("portal:application", pk=pk)
    return redirect(url)


def gateway(request, reference: str):
    """The local gateway simulation's own page. A real gateway lives elsewhere; this one
    shows the amount, and on "Pay" hands the browser a signed callback to our endpoint."""
    payment = (
        Payment.objects.select_related("invoice__application")
        .filter(reference=reference, status=Payment.Status.PENDING)
        .first()
    )
    if payment is None:
        raise Http404()
    callback = None
    if request.method == "POST":
        status = "paid" if request.POST.get("decision") == "pay" else "cancelled"
        if status == "cancelled":
            messages.info(request, _("The payment was cancelled."))
            return redirect("portal:application", pk=payment.invoice.application_id)
        callback = get_gateway().build_callback(
            reference=payment.reference, amount=payment.amount, status=status
        )
    return render(
        request,
        "landplots/gateway.html",
        {"payment": payment, "callback": callback},
    )


@csrf_exempt  # called by the gateway, not by our pages: the HMAC signature replaces the token
@require_POST
def payment_callback(request):
    try:
        payment = services.payment_callback_receive(
            data=request.POST, remote_addr=request.META.get("REMOTE_ADDR")
        )
    except CallbackRejected:
        return HttpResponse(
            _("Callback rejected."), status=400, content_type="text/plain; charset=utf-8"
        )
    if payment.status == Payment.Status.PAID:
        messages.success(request, _("Payment received. Thank you."))
    else:
        messages.error(request, _("The payment did not go through."))
    return redirect("portal:application", pk=payment.invoice.application_id)


# --- Complaints and notices --------------------------------------------------------------------


@login_required
def complaint_new(request, pk: int):
    application = _own_case(request, pk)
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = complaint_file(
                application_id=application.pk,
                actor=request.user,
                addressee=form.cleaned_data["addressee"],
                text=form.cleaned_data["text"],
            )
        except WorkflowError as exc:
            if isinstance(exc, NotFound):
                raise Http404() from None
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your complaint is registered. The answer is due by %(due)s.")
                % {"due": clock_local(complaint.due_at)},
            )
            return redirect("portal:application", pk=pk)
    return render(
        request,
        "landplots/complaint_form.html",
        {"form": form, "application": application, "Addressee": Complaint.Addressee},
    )


def clock_local(dt) -> str:
    return timezone.localtime(dt).strftime("%d.%m.%Y %H:%M")


@login_required
def notifications(request):
    qs = selectors.notifications_for(user=request.user)
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        return redirect("portal:notifications")
    return render(request, "landplots/notifications.html", {"notifications": qs[:100]})

"""The officials' view of cases in the admin. Nothing here changes a case's state: the page
offers one button per step the user may take now, and each button posts to a back-office view
that calls the step's service (``workflow.backoffice``)."""

from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from workflow import clock
from workflow.backoffice import views as backoffice
from workflow.backoffice.actions import actions_for, state_title, transition_title
from workflow.backoffice.clocks import clock_status, step_title
from workflow.backoffice.forms import ComplaintAnswerForm
from workflow.backoffice.selectors import (
    complaints_for_user,
    complaints_to_answer,
    with_running_clock,
)
from workflow.documents import DOCUMENTS
from workflow.documents.texts import LANGUAGES
from workflow.selectors import applications_for_user

from .models import (
    STAGE_ONE_STATES,
    STAGE_TWO_STATES,
    Applicant,
    Application,
    Complaint,
    Payment,
    PaymentCallback,
    Provider,
    Signature,
    State,
    Tariff,
)

# The admin is the officials' back office: our own name on every page, in the user's language
# (the catalogues already carry these texts), not Django's "site administration".
admin.site.site_header = _("Land plots for construction")
admin.site.site_title = _("Land plots for construction")
admin.site.index_title = _("Provision of land plots for construction within settlements")


class StageFilter(admin.SimpleListFilter):
    title = _("stage")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return [("1", _("Stage 1: land-selection act")), ("2", _("Stage 2: decision"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(state__in=STAGE_ONE_STATES)
        if self.value() == "2":
            return queryset.filter(state__in=[*STAGE_TWO_STATES, State.GRANTED])
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("running clock")
    parameter_name = "clock"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("running", _("On time"))]

    def queryset(self, request, queryset):
        now = clock.now()
        if self.value() == "overdue":
            return queryset.filter(clock_due__lt=now)
        if self.value() == "running":
            return queryset.filter(clock_due__gte=now)
        return queryset


def _clock_html(due_at, hours):
    if due_at is None:
        return "—"
    status = clock_status(due_at, hours)
    return format_html('<span class="bo-clock bo-{}">{}</span>', status.level, status.text)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "applicant_name",
        "provider",
        "state_display",
        "stage_display",
        "running_clock",
        "remaining",
    )
    list_display_links = ("number",)
    list_filter = (
        "state",
        StageFilter,
        ("provider", admin.RelatedOnlyFieldListFilter),
        OverdueFilter,
    )
    search_fields = ("number", "applicant__iin", "applicant__bin", "plot_address")
    list_select_related = ("provider", "applicant")
    list_per_page = 50
    show_full_result_count = False
    fieldsets = (
        (
            _("Case"),
            {"fields": ("number", "state_display", "stage_display", "provider", "promised_at")},
        ),
        (
            _("Applicant (Annex 1, as filed)"),
            {"fields": ("applicant", "applicant_data", "contact_phone")},
        ),
        (
            _("Plot (Annex 1)"),
            {
                "fields": (
                    "plot_address",
                    "area_ha",
                    "purpose",
                    "purpose_detail",
                    "use_right",
                    "consent",
                    "location_scheme_link",
                )
            },
        ),
        (
            _("Dates and executors"),
            {
                "fields": (
                    "submitted_at",
                    "received_at",
                    "stage_two_started_at",
                    "act_agreed_at",
                    "closed_at",
                    "architecture_executor",
                    "land_executor",
                )
            },
        ),
    )

    # --- the list -----------------------------------------------------------------------

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("provider", "applicant")
        return with_running_clock(applications_for_user(request.user, qs))

    @admin.display(description=_("applicant"), ordering="applicant__last_name")
    def applicant_name(self, obj):
        return obj.applicant.display_name

    @admin.display(description=_("state"), ordering="state")
    def state_display(self, obj):
        return obj.get_state_display()

    @admin.display(description=_("stage"))
    def stage_display(self, obj):
        return obj.stage

    @admin.display(description=_("running clock"), ordering="clock_due")
    def running_clock(self, obj):
        return step_title(getattr(obj, "clock_step", None)) or "—"

    @admin.display(description=_("remaining working time"), ordering="clock_due")
    def remaining(self, obj):
        return _clock_html(getattr(obj, "clock_due", None), obj.provider.office_hours)

    # --- the case page ------------------------------------------------------------------

    @admin.display(description=_("applicant as filed"))
    def applicant_data(self, obj):
        snapshot = obj.applicant_snapshot or {}
        labels = {
            "name": _("name"),
            "iin": _("IIN"),
            "bin": _("BIN"),
            "representative_name": _("representative"),
            "representative_iin": _("representative's IIN"),
            "id_document": _("identity document"),
            "address": _("address"),
        }
        rows = [(labels[k], snapshot[k]) for k in labels if snapshot.get(k)]
        if not rows:
            return "—"
        return format_html(
            "<dl class='bo-dl'>{}</dl>",
            format_html(
                "".join("<dt>{}</dt><dd>{}</dd>" for _row in rows),
                *[v for row in rows for v in row],
            ),
        )

    @admin.display(description=_("location scheme"))
    def location_scheme_link(self, obj):
        if not obj.location_scheme:
            return "—"
        url = reverse("admin:landplots_application_document", args=[obj.pk, "location_scheme"])
        return format_html('<a href="{}">{}</a>', url, _("download"))

    def get_readonly_fields(self, request, obj=None):
        # Every field is read-only: the state and the documents change only through steps.
        return [f for fieldset in self.fieldsets for f in fieldset[1]["fields"]]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Outside the scope a case does not exist for this user: 404, not the admin's
        # "perhaps it was deleted" redirect.
        application = backoffice.case_in_scope(request.user, object_id)
        extra_context = {**(extra_context or {}), **self._case_context(request, application)}
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        backoffice.case_in_scope(request.user, object_id)
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        # The scope first: outside it the case does not exist (404); inside, no one deletes (403).
        backoffice.case_in_scope(request.user, object_id)
        return super().delete_view(request, object_id, extra_context)

    def _case_context(self, request, application):
        hours = application.provider.office_hours
        deadlines = application.deadlines.select_related("approval_request__body").order_by(
            "started_at", "pk"
        )
        clocks = [
            {
                "deadline": d,
                "step": step_title(d.step),
                "status": clock_status(d.due_at, hours) if d.done_at is None else None,
            }
            for d in deadlines
        ]
        documents = [
            (kind, label)
            for kind, label in (
                ("location_scheme", _("location scheme")),
                ("draft_act", _("draft land-selection act")),
                ("situational_scheme", _("situational scheme")),
                ("apz", _("architectural-planning task (APZ)")),
                ("final_act", _("final land-selection act")),
                ("cadastral_plan", _("land cadastral plan")),
                ("decision", _("signed decision")),
            )
            if backoffice._case_file(application, kind)
        ]
        generated = [
            (kind, label, list(LANGUAGES))
            for kind, label in (
                ("act", _("land-selection act")),
                ("refusal", _("motivated refusal")),
                ("decision", _("decision granting the right")),
            )
            if kind in DOCUMENTS and _has_related(application, _GENERATED_SOURCE[kind])
        ]
        invoice = _related(application, "invoice")
        return {
            "case": application,
            "step_actions": actions_for(application, request.user),
            "approval_requests": application.approval_requests.select_related(
                "body", "answered_by"
            ),
            "timeline": [
                {
                    "entry": entry,
                    "step": transition_title(entry.transition, entry.target),
                    "source": state_title(entry.source),
                    "target": state_title(entry.target),
                }
                for entry in application.transition_log.select_related("actor")
            ],
            "clocks": clocks,
            "case_documents": documents,
            "generated_documents": generated,
            "invoice": invoice,
            "refusal": _related(application, "refusal"),
            "now": timezone.now(),
        }

    # --- the back-office pages ------------------------------------------------------------

    def get_urls(self):
        def wrap(view, **kwargs):
            return _backoffice_view(self, view, **kwargs)

        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "my-tasks/",
                wrap(backoffice.my_tasks_view, with_context=True),
                name=f"{prefix}_my_tasks",
            ),
            path(
                "<path:object_id>/step/<str:name>/",
                wrap(backoffice.step_view, with_context=True),
                name=f"{prefix}_step",
            ),
            path(
                "<path:object_id>/files/<str:kind>/",
                wrap(backoffice.document_view),
                name=f"{prefix}_document",
            ),
            path(
                "<path:object_id>/pdf/<str:kind>/<str:lang>/",
                wrap(backoffice.generated_pdf_view),
                name=f"{prefix}_pdf",
            ),
            *super().get_urls(),
        ]


_GENERATED_SOURCE = {"act": "selection_act", "refusal": "refusal", "decision": "decision"}


def _related(obj, name):
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def _has_related(obj, name) -> bool:
    return _related(obj, name) is not None


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("code", "name_kk", "name_ru", "level", "parent", "accepts_applications")
    list_filter = ("level", "accepts_applications")
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    """Applicants' profiles, for the helpdesk: read-only, the applicant edits them."""

    list_display = ("__str__", "kind", "iin", "bin", "phone")
    list_filter = ("kind", "without_parental_care")
    search_fields = ("iin", "bin", "last_name", "organisation_name")

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("user")
        if request.user.is_superuser:
            return qs
        return qs.filter(applications__in=applications_for_user(request.user)).distinct()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tariff)
class TariffAdmin(admin.ModelAdmin):
    """The State Corporation's price list for cadastral works (Annex 2 row 6)."""

    list_display = ("name", "max_area_ha", "amount", "valid_from", "is_active")
    list_editable = ("amount", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)

    def has_delete_permission(self, request, obj=None):
        # Invoices point at their tariff: retire a tariff (inactive) instead of deleting it.
        return False


class WaitingOnMeFilter(admin.SimpleListFilter):
    title = _("waiting on me")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("Waiting for my answer"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(pk__in=complaints_to_answer(request.user).values("pk"))
        return queryset


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """§10 complaints in the user's scope. The record itself is read-only; the answer goes
    through its service from the form under it (``workflow.backoffice``)."""

    list_display = (
        "application",
        "addressee",
        "state",
        "registered_at",
        "due_at",
        "remaining",
        "answered_at",
    )
    list_filter = (WaitingOnMeFilter, "addressee", "state")
    search_fields = ("application__number",)
    list_select_related = ("application", "application__provider")
    fields = (
        "application",
        "addressee",
        "state",
        "text",
        "filed_by",
        "registered_at",
        "due_at",
        "remaining",
        "answer",
        "answered_at",
        "answered_by",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return complaints_for_user(request.user, super().get_queryset(request))

    @admin.display(description=_("remaining working time"), ordering="due_at")
    def remaining(self, obj):
        if obj.state != Complaint.State.REGISTERED:
            if obj.answered_at is None:
                return "—"
            on_time = obj.answered_at <= obj.due_at
            return _("answered on time") if on_time else _("answered late")
        return _clock_html(obj.due_at, obj.application.provider.office_hours)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Outside the scope a complaint does not exist for this user: 404, as for a case.
        complaint = backoffice.complaint_in_scope(request.user, object_id)
        context = {**(extra_context or {}), "complaint": complaint}
        if backoffice.may_answer(complaint, request.user):
            context["answer_form"] = ComplaintAnswerForm()
        return super().change_view(request, object_id, form_url, context)

    def history_view(self, request, object_id, extra_context=None):
        backoffice.complaint_in_scope(request.user, object_id)
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        backoffice.complaint_in_scope(request.user, object_id)
        return super().delete_view(request, object_id, extra_context)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/answer/",
                _backoffice_view(self, backoffice.complaint_answer_view, with_context=True),
                name=f"{prefix}_answer",
            ),
            *super().get_urls(),
        ]


class CaseRecordAdmin(admin.ModelAdmin):
    """Records the portal wrote about a case: evidence, so nobody adds, edits or deletes them
    here. Whoever may read a case may read its records; the role table grants no separate
    permission for them."""

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or request.user.has_perm(
            "landplots.view_application"
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def _check_scope(self, request, object_id):
        # Outside the scope a record does not exist for this user: 404, as for a case, and
        # before any permission check, so every URL of the record answers alike.
        if not object_id.isdigit() or not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404(_("No such record in your scope."))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._check_scope(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._check_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._check_scope(request, object_id)
        return super().delete_view(request, object_id, extra_context)


@admin.register(Signature)
class SignatureAdmin(CaseRecordAdmin):
    """The applicants' EDS signatures of their applications."""

    list_display = ("application", "signer", "signed_at", "method", "short_digest")
    list_filter = ("method",)
    search_fields = ("application__number", "digest")
    list_select_related = ("application", "signer")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.filter(application__in=applications_for_user(request.user).values("pk"))

    @admin.display(description=_("SHA-256"))
    def short_digest(self, obj):
        return obj.digest[:16]


@admin.register(PaymentCallback)
class PaymentCallbackAdmin(CaseRecordAdmin):
    """Every call of the payment callback, accepted or refused."""

    list_display = ("received_at", "reference", "outcome", "remote_addr")
    list_filter = ("outcome",)
    search_fields = ("reference", "nonce")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        # A callback names its payment only by reference; one that matches no payment of a
        # case in scope (a forgery, a typo) is for the superuser's eyes only.
        references = Payment.objects.filter(
            invoice__application__in=applications_for_user(request.user).values("pk")
        ).values("reference")
        return qs.filter(reference__in=references)


def _backoffice_view(model_admin, view, *, with_context=False):
    """Mount a back-office view under the admin: its login and staff check, and (for a page)
    the admin's context so the page looks like the rest of the admin."""

    def wrapped(request, *args, **kw):
        if with_context:
            kw["admin_context"] = {
                **model_admin.admin_site.each_context(request),
                "opts": model_admin.model._meta,
            }
        return view(request, *args, **kw)

    return model_admin.admin_site.admin_view(wrapped)

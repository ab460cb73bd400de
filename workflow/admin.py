from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from landplots.models import Application, Provider
from workflow.backoffice import views as backoffice
from workflow.backoffice.failures import (
    failure_protocol_record,
    failure_protocol_sign,
    failure_protocols_for_user,
)
from workflow.models import (
    CalendarException,
    Deadline,
    ISFailureProtocol,
    Notification,
    Official,
    StageEvent,
    TransitionLog,
)
from workflow.permissions import role_group_join, role_groups_leave
from workflow.roles import Role
from workflow.selectors import applications_for_user, official_of
from workflow.services.errors import WorkflowError


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InScopeMixin:
    """Rows of cases outside the user's scope do not exist for them."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.filter(application__in=applications_for_user(request.user).values("pk"))


@admin.register(TransitionLog)
class TransitionLogAdmin(InScopeMixin, ReadOnlyAdmin):
    """Append-only: the admin can neither add, change nor delete an entry."""

    list_display = ("at", "application", "transition", "source", "target", "actor", "role")
    list_filter = ("role", "transition")
    search_fields = ("application__number",)
    list_select_related = ("application", "actor")
    date_hierarchy = "at"


@admin.register(Deadline)
class DeadlineAdmin(InScopeMixin, ReadOnlyAdmin):
    list_display = (
        "application",
        "step",
        "owner_role",
        "started_at",
        "due_at",
        "done_at",
        "breached_at",
    )
    list_filter = ("step", "owner_role", ("done_at", admin.EmptyFieldListFilter))
    search_fields = ("application__number",)
    list_select_related = ("application",)


@admin.register(StageEvent)
class StageEventAdmin(InScopeMixin, ReadOnlyAdmin):
    """§7: the monitoring feed; ``export.json`` gives the same rows to a machine."""

    list_display = ("occurred_at", "application", "stage", "state", "delivered_at", "attempts")
    list_filter = ("stage", "state", ("delivered_at", admin.EmptyFieldListFilter))
    search_fields = ("application__number",)
    list_select_related = ("application",)
    date_hierarchy = "occurred_at"

    def get_urls(self):
        return [
            path(
                "export.json",
                self.admin_site.admin_view(backoffice.stage_events_json),
                name="workflow_stageevent_export",
            ),
            *super().get_urls(),
        ]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "application", "subject", "read_at", "emailed_at")
    search_fields = ("subject", "application__number")
    list_select_related = ("recipient", "application")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(recipient=request.user)


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin):
    """A decree's day off or worked day (SPEC.md §5); saving one resets the day table."""

    list_display = ("date", "kind", "reason", "source_document", "created_at")
    list_filter = ("kind",)
    search_fields = ("reason", "source_document")
    date_hierarchy = "date"
    fields = ("date", "kind", "reason", "source_document")


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "provider", "body", "region")
    list_filter = ("role",)
    search_fields = ("user__username", "user__last_name", "user__first_name")
    list_select_related = ("user", "provider", "body", "region")
    raw_id_fields = ("user",)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            # Applicants sign up on the portal; "system" is the sweep's own name in the log.
            kwargs["choices"] = [
                (value, label)
                for value, label in Role.choices
                if value not in (Role.APPLICANT, Role.SYSTEM)
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region":
            kwargs["queryset"] = Provider.objects.filter(parent__isnull=True).order_by("name_ru")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "user" in form.changed_data:
            # The row now binds someone else: the previous person is no longer an official.
            role_groups_leave(get_user_model().objects.get(pk=form.initial["user"]))
        # The role is what the admin chose here; its permissions come with its group.
        role_group_join(obj.user, obj.role)
        if not obj.user.is_staff:
            obj.user.is_staff = True
            obj.user.save(update_fields=["is_staff"])

    # Without the official row the role's group would still grant its permissions, and a
    # regional supervisor would see the whole country.
    def delete_model(self, request, obj):
        role_groups_leave(obj.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for official in queryset.select_related("user"):
            role_groups_leave(official.user)
        super().delete_queryset(request, queryset)


class FailureProtocolForm(forms.ModelForm):
    class Meta:
        model = ISFailureProtocol
        fields = ("occurred_at", "resolved_at", "description", "affected_cases")

    def clean(self):
        data = super().clean()
        began, ended = data.get("occurred_at"), data.get("resolved_at")
        if began and ended and ended < began:
            self.add_error("resolved_at", _("The failure cannot end before it began."))
        return data


@admin.register(ISFailureProtocol)
class ISFailureProtocolAdmin(admin.ModelAdmin):
    """§8: the ICT officer records; the provider's leadership signs with the action."""

    form = FailureProtocolForm
    list_display = (
        "occurred_at",
        "resolved_at",
        "provider",
        "recorded_by",
        "signed_by",
        "signed_at",
    )
    list_filter = (("signed_at", admin.EmptyFieldListFilter),)
    list_select_related = ("provider", "recorded_by", "signed_by")
    filter_horizontal = ("affected_cases",)
    actions = ["sign_protocols"]

    def get_queryset(self, request):
        return failure_protocols_for_user(request.user, super().get_queryset(request))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "affected_cases":
            official = official_of(request.user)
            qs = Application.objects.exclude(number=None)
            kwargs["queryset"] = (
                qs.filter(provider_id=official.provider_id)
                if official and official.provider_id
                else applications_for_user(request.user, qs)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (
            "provider",
            "occurred_at",
            "resolved_at",
            "description",
            "affected_cases",
            "recorded_by",
            "recorded_at",
            "signed_by",
            "signed_at",
        )

    def has_change_permission(self, request, obj=None):
        # A protocol is a record: once drawn up it is read and signed, not edited.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_sign_permission(self, request):
        return request.user.has_perm("workflow.sign_failure_protocol")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        protocol = failure_protocol_record(
            actor=request.user,
            occurred_at=data["occurred_at"],
            resolved_at=data.get("resolved_at"),
            description=data["description"],
            affected_cases=list(data.get("affected_cases") or ()),
        )
        # The admin goes on to save the form's many-to-many data and to redirect to obj.
        obj.pk = protocol.pk
        obj.provider_id = protocol.provider_id
        obj.recorded_by_id = protocol.recorded_by_id

    @admin.action(
        description=_("Sign the selected protocols for the provider"), permissions=["sign"]
    )
    def sign_protocols(self, request, queryset):
        signed = 0
        for protocol_id in queryset.values_list("pk", flat=True):
            try:
                failure_protocol_sign(protocol_id=protocol_id, actor=request.user)
            except WorkflowError as error:
                self.message_user(request, error.message, messages.WARNING)
            else:
                signed += 1
        if signed:
            self.message_user(
                request,
                ngettext("%(n)d protocol signed.", "%(n)d protocols signed.", signed)
                % {"n": signed},
                messages.SUCCESS,
            )

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from approvals.models import ApprovalRequest, ApprovingBody
from workflow.selectors import approval_requests_for_user


@admin.register(ApprovingBody)
class ApprovingBodyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_kk", "name_ru", "kind", "has_information_system", "is_active")
    list_filter = ("kind", "has_information_system", "is_active")
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    filter_horizontal = ("providers",)


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(admin.ModelAdmin):
    """Read-only: a body answers on its own page, through ``conclusion_record``."""

    list_display = (
        "application",
        "body",
        "sent_at",
        "due_at",
        "answer",
        "late",
        "answered_at",
        "answer_link",
    )
    list_filter = ("answer", "late", "body__kind", "on_paper")
    search_fields = ("application__number", "body__code", "body__name_ru", "body__name_kk")
    list_select_related = ("application", "body")

    def get_queryset(self, request):
        return approval_requests_for_user(request.user, super().get_queryset(request))

    @admin.display(description=_("page"))
    def answer_link(self, obj):
        url = reverse("approvals:request_detail", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("open"))

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""API input and output of the applications (Annex 1), their timeline, clocks and documents."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from landplots.models import Applicant, Application, Complaint, Invoice, Provider, Refusal, State
from workflow.api_support import DocumentField
from workflow.models import Deadline, Notification, TransitionLog
from workflow.steps import BY_CODE


class ProviderRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Provider
        fields = ["id", "code", "name"]


class ApplicantRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    identity_number = serializers.CharField(read_only=True, help_text=_("IIN or BIN."))

    class Meta:
        model = Applicant
        fields = ["kind", "name", "identity_number"]


class ApplicationListSerializer(serializers.ModelSerializer):
    provider = ProviderRefSerializer(read_only=True)
    applicant = ApplicantRefSerializer(read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    stage = serializers.IntegerField(read_only=True)
    overdue = serializers.BooleanField(
        read_only=True, help_text=_("A statutory clock of the case has run out.")
    )
    next_due_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("The earliest due instant of an open clock.")
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "number",
            "state",
            "state_display",
            "stage",
            "provider",
            "applicant",
            "plot_address",
            "area_ha",
            "purpose",
            "use_right",
            "submitted_at",
            "received_at",
            "promised_at",
            "closed_at",
            "overdue",
            "next_due_at",
        ]


class TimelineEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = TransitionLog
        fields = ["transition", "role", "source", "target", "at", "comment"]


class ClockSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    paragraph = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = [
            "step",
            "title",
            "paragraph",
            "owner_role",
            "started_at",
            "due_at",
            "done_at",
            "breached_at",
            "overdue",
        ]

    def get_title(self, obj) -> str:
        step = BY_CODE.get(obj.step)
        return step.title if step else obj.step

    def get_paragraph(self, obj) -> str:
        step = BY_CODE.get(obj.step)
        return step.paragraph if step else ""

    def get_overdue(self, obj) -> bool:
        end = obj.done_at or self.context["now"]
        return end > obj.due_at


class InvoiceSerializer(serializers.ModelSerializer):
    is_settled = serializers.BooleanField(read_only=True)

    class Meta:
        model = Invoice
        fields = ["amount", "exempt", "issued_at", "paid_at", "is_settled"]


class RefusalSerializer(serializers.ModelSerializer):
    ground_display = serializers.CharField(source="get_ground_display", read_only=True)

    class Meta:
        model = Refusal
        fields = ["ground", "ground_display", "reasoning", "signed_at"]


class ApplicationDetailSerializer(ApplicationListSerializer):
    has_location_scheme = serializers.SerializerMethodField()
    timeline = TimelineEntrySerializer(source="transition_log", many=True, read_only=True)
    clocks = ClockSerializer(source="deadlines", many=True, read_only=True)
    invoice = serializers.SerializerMethodField()
    refusal = serializers.SerializerMethodField()
    act_agreed_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta(ApplicationListSerializer.Meta):
        fields = [
            *ApplicationListSerializer.Meta.fields,
            "purpose_detail",
            "consent",
            "contact_phone",
            "has_location_scheme",
            "act_agreed_at",
            "timeline",
            "clocks",
            "invoice",
            "refusal",
        ]

    def get_has_location_scheme(self, obj) -> bool:
        return bool(obj.location_scheme)

    @extend_schema_field(InvoiceSerializer(allow_null=True))
    def get_invoice(self, obj):
        invoice = getattr(obj, "invoice", None) if hasattr(obj, "invoice") else None
        return InvoiceSerializer(invoice).data if invoice else None

    @extend_schema_field(RefusalSerializer(allow_null=True))
    def get_refusal(self, obj):
        refusal = getattr(obj, "refusal", None) if hasattr(obj, "refusal") else None
        if refusal is None:
            return None
        # The applicant reads the refusal once it is signed and sent (§6 step 1.9), not drafts.
        if self.context.get("is_applicant") and obj.state != State.REFUSED:
            return None
        return RefusalSerializer(refusal).data


class DraftInputSerializer(serializers.ModelSerializer):
    """Annex 1 fields the applicant fills in; the applicant's own data comes from the profile."""

    provider = serializers.PrimaryKeyRelatedField(
        queryset=Provider.objects.all(), help_text=_("The addressee: an akimat or akim.")
    )

    class Meta:
        model = Application
        fields = [
            "provider",
            "plot_address",
            "area_ha",
            "purpose",
            "purpose_detail",
            "use_right",
            "consent",
            "contact_phone",
        ]
        extra_kwargs = {"area_ha": {"min_value": Decimal("0.0001")}}


class LocationSchemeInputSerializer(serializers.Serializer):
    file = DocumentField(help_text=_("The location scheme: PDF, JPEG or PNG, at most 10 MB."))


class ComplaintSerializer(serializers.ModelSerializer):
    class Meta:
        model = Complaint
        fields = [
            "id",
            "addressee",
            "text",
            "state",
            "registered_at",
            "due_at",
            "answer",
            "answered_at",
        ]
        read_only_fields = ["state", "registered_at", "due_at", "answer", "answered_at"]


class ComplaintAnswerInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Complaint.Outcome.choices)
    answer = serializers.CharField(max_length=10000)


class NotificationSerializer(serializers.ModelSerializer):
    application = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Notification
        fields = ["id", "application", "subject", "body", "created_at", "read_at"]


class PaymentStartedSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text=_("The payment's reference at the gateway."))
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    status = serializers.CharField()
    redirect_url = serializers.URLField(
        help_text=_("Send the applicant here to pay; the gateway confirms to us by callback.")
    )

"""API input and output of the approval round (§6 steps 1.4–1.5)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from approvals.models import ApprovalRequest, ApprovingBody
from landplots.models import Application
from landplots.serializers import ProviderRefSerializer
from workflow.api_support import DocumentField


class BodyRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = ApprovingBody
        fields = ["id", "code", "name", "kind"]


class CaseRefSerializer(serializers.ModelSerializer):
    """What a body needs to judge the plot: no applicant's personal data."""

    provider = ProviderRefSerializer(read_only=True)

    class Meta:
        model = Application
        fields = ["id", "number", "state", "provider", "plot_address", "area_ha", "purpose"]


class ApprovalRequestSerializer(serializers.ModelSerializer):
    body = BodyRefSerializer(read_only=True)
    application = CaseRefSerializer(read_only=True)
    has_technical_conditions = serializers.SerializerMethodField()

    class Meta:
        model = ApprovalRequest
        fields = [
            "id",
            "application",
            "body",
            "sent_at",
            "due_at",
            "on_paper",
            "answer",
            "reasoning",
            "has_technical_conditions",
            "answered_at",
            "late",
        ]

    def get_has_technical_conditions(self, obj) -> bool:
        return bool(obj.technical_conditions)


class ConclusionInputSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=ApprovalRequest.Answer.choices)
    reasoning = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=20000,
        help_text=_("Required for a negative answer."),
    )
    technical_conditions = DocumentField(
        required=False,
        help_text=_("Natural monopolies: the technical conditions document (PDF, JPEG or PNG)."),
    )

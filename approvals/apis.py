"""API of approving bodies and utilities: their requests and the answer (§6 step 1.5)."""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals.models import ApprovalRequest
from approvals.serializers import ApprovalRequestSerializer, ConclusionInputSerializer
from workflow.api_support import IdFilter
from workflow.selectors import approval_requests_for_user
from workflow.services.cases import conclusion_record


def requests_in_scope(user):
    return approval_requests_for_user(user).select_related(
        "body", "application", "application__provider"
    )


class ApprovalRequestFilter(django_filters.FilterSet):
    answered = django_filters.BooleanFilter(field_name="answer", lookup_expr="isnull", exclude=True)
    application = IdFilter(field_name="application_id")

    class Meta:
        model = ApprovalRequest
        fields = ["answered", "application", "late"]


class ApprovalRequestListApi(generics.ListAPIView):
    """Your body's approval requests, the earliest due first."""

    serializer_class = ApprovalRequestSerializer
    filterset_class = ApprovalRequestFilter

    def get_queryset(self):
        return requests_in_scope(self.request.user).order_by("due_at", "pk")


class ApprovalRequestDetailApi(APIView):
    @extend_schema(responses=ApprovalRequestSerializer)
    def get(self, request, pk: int):
        return Response(
            ApprovalRequestSerializer(
                get_object_or_404(requests_in_scope(request.user), pk=pk)
            ).data
        )


class ConclusionApi(APIView):
    """§6 step 1.5: answer positive or negative (with reasons); a natural monopoly attaches its
    technical conditions. The last positive answer opens the final act (§6 step 1.6); a
    negative one opens the motivated refusal (§9 ground 3)."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]
    throttle_scope = "uploads"

    @extend_schema(
        request={
            "multipart/form-data": ConclusionInputSerializer,
            "application/json": ConclusionInputSerializer,
        },
        responses=ApprovalRequestSerializer,
    )
    def post(self, request, pk: int):
        # Scope first: a request of another body is 404 whatever the input.
        get_object_or_404(approval_requests_for_user(request.user), pk=pk)
        data = ConclusionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answered = conclusion_record(
            request_id=pk,
            actor=request.user,
            answer=data.validated_data["answer"],
            reasoning=data.validated_data["reasoning"],
            technical_conditions=data.validated_data.get("technical_conditions"),
        )
        return Response(
            ApprovalRequestSerializer(
                get_object_or_404(requests_in_scope(request.user), pk=answered.pk)
            ).data
        )

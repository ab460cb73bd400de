"""Bare DRF endpoints for bench/api.py: one insert and one select through the same stack
(authentication, throttling, rendering) as the real API, so the ratio shows what the domain
work costs. Mounted only when API_BENCH_ENDPOINTS is on."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from landplots.models import Application
from workflow import clock
from workflow.models import StageEvent


class BareRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()


class BareInsertApi(APIView):
    @extend_schema(exclude=True)
    def post(self, request):
        # The case id comes from the bench, so the request costs exactly one insert.
        row = StageEvent.objects.create(
            application_id=int(request.query_params["case"]),
            stage=1,
            state="bench",
            occurred_at=clock.now(),
        )
        return Response(BareRowSerializer(row).data, status=201)


class BareSelectApi(APIView):
    @extend_schema(exclude=True)
    def get(self, request):
        rows = list(Application.objects.order_by("-pk").values("id")[:20])
        return Response({"results": BareRowSerializer(rows, many=True).data})


urlpatterns = [
    path("insert/", BareInsertApi.as_view()),
    path("select/", BareSelectApi.as_view()),
]

"""API of the applications: applicants' drafts, submission, agreement, payment and complaints;
everyone's list and card of the cases in their scope."""

import django_filters
from django.db.models import Exists, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from landplots.drafts import (
    application_draft_create,
    application_draft_update,
    location_scheme_attach,
)
from landplots.models import STAGE_ONE_STATES, STAGE_TWO_STATES, Application, Complaint, State
from landplots.serializers import (
    ApplicationDetailSerializer,
    ApplicationListSerializer,
    ComplaintAnswerInputSerializer,
    ComplaintSerializer,
    DraftInputSerializer,
    LocationSchemeInputSerializer,
    NotificationSerializer,
    PaymentStartedSerializer,
)
from landplots.services import payment_start
from workflow import clock
from workflow.api_support import IdFilter
from workflow.models import Deadline, Notification
from workflow.selectors import applications_for_user, official_of
from workflow.services import cases
from workflow.services.complaints import complaint_answer, complaint_file

# --- Reads -----------------------------------------------------------------------------------


def applications_in_scope(user):
    """The cases ``user`` may see, with what a list row needs in the same query: provider and
    applicant joined, the overdue flag and the next due instant as subqueries."""
    open_clocks = Deadline.objects.filter(application=OuterRef("pk"), done_at__isnull=True)
    return (
        applications_for_user(user)
        .select_related("provider", "applicant")
        .annotate(
            overdue=Exists(open_clocks.filter(due_at__lt=clock.now())),
            next_due_at=Subquery(open_clocks.order_by("due_at").values("due_at")[:1]),
        )
    )


class ApplicationFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=State.choices)
    stage = django_filters.ChoiceFilter(
        choices=[(1, gettext_lazy("Stage 1")), (2, gettext_lazy("Stage 2"))], method="by_stage"
    )
    provider = IdFilter(field_name="provider_id")
    overdue = django_filters.BooleanFilter(field_name="overdue")
    q = django_filters.CharFilter(
        method="search", label=gettext_lazy("Case number, IIN, BIN or plot address")
    )

    class Meta:
        model = Application
        fields = ["state", "stage", "provider", "overdue", "q"]

    def by_stage(self, queryset, name, value):
        if str(value) == "2":
            return queryset.filter(state__in=[*STAGE_TWO_STATES, State.GRANTED])
        return queryset.filter(state__in=[*STAGE_ONE_STATES, State.DRAFT, State.AWAITING_APPLICANT])

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(applicant__iin=value)
            | Q(applicant__bin=value)
            | Q(plot_address__icontains=value)
        )


class ApplicationListCreateApi(generics.ListAPIView):
    """Cases in your scope (an applicant: their own). POST: a new draft (applicants)."""

    serializer_class = ApplicationListSerializer
    filterset_class = ApplicationFilter

    def get_queryset(self):
        return applications_in_scope(self.request.user)

    @extend_schema(request=DraftInputSerializer, responses={201: ApplicationDetailSerializer})
    def post(self, request):
        data = DraftInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = application_draft_create(actor=request.user, **data.validated_data)
        return Response(card(request, application.pk), status=status.HTTP_201_CREATED)


def card(request, application_id: int) -> dict:
    application = get_object_or_404(
        applications_in_scope(request.user)
        .select_related("invoice", "refusal")
        .prefetch_related("transition_log", "deadlines"),
        pk=application_id,
    )
    context = {
        "request": request,
        "now": clock.now(),
        "is_applicant": official_of(request.user) is None,
    }
    return ApplicationDetailSerializer(application, context=context).data


class ApplicationDetailApi(APIView):
    """One case: its data, timeline (every transition) and statutory clocks."""

    @extend_schema(responses=ApplicationDetailSerializer)
    def get(self, request, pk: int):
        return Response(card(request, pk))

    @extend_schema(
        request=DraftInputSerializer(partial=True), responses=ApplicationDetailSerializer
    )
    def patch(self, request, pk: int):
        """Edit your draft; a submitted application is no longer changed (409)."""
        data = DraftInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        application_draft_update(application_id=pk, actor=request.user, **data.validated_data)
        return Response(card(request, pk))


class LocationSchemeApi(APIView):
    """Attach the location scheme of the plot to your draft (Annex 1)."""

    parser_classes = [MultiPartParser, FormParser]
    throttle_scope = "uploads"

    @extend_schema(request=LocationSchemeInputSerializer, responses=ApplicationDetailSerializer)
    def put(self, request, pk: int):
        data = LocationSchemeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        location_scheme_attach(
            application_id=pk, actor=request.user, file=data.validated_data["file"]
        )
        return Response(card(request, pk))


class ApplicationSubmitApi(APIView):
    """Sign and submit your draft (Annex 1). §5: received at the next working time; the date
    of the result is in the answer's ``promised_at``."""

    @extend_schema(request=None, responses=ApplicationDetailSerializer)
    def post(self, request, pk: int):
        _missing_for_submit(request.user, pk)
        cases.application_submit(application_id=pk, actor=request.user)
        return Response(card(request, pk))


def _missing_for_submit(user, pk: int) -> None:
    """An incomplete draft is bad input (400, with the fields to fill in), not a conflict."""
    from workflow.services.errors import InvalidInput

    application = applications_for_user(user).filter(pk=pk, state=State.DRAFT).first()
    if application is None:
        return  # the service answers 404 or 409 with its own message
    required = _("This is required before the application can be submitted.")
    missing = {
        name: [required]
        for name in ("plot_address", "area_ha", "purpose", "use_right", "location_scheme")
        if not getattr(application, name)
    }
    if not application.consent:
        missing["consent"] = [_("Consent is required to submit the application (Annex 1).")]
    if missing:
        raise InvalidInput(
            _("The application is not complete; fill in the marked fields."), field_errors=missing
        )


class ActAgreeApi(APIView):
    """§6 step 1.10: agree the final selection act (within 3 working days; an act not agreed
    within 10 working days expires, §6 step 1.11)."""

    @extend_schema(request=None, responses=ApplicationDetailSerializer)
    def post(self, request, pk: int):
        cases.act_agree(application_id=pk, actor=request.user)
        return Response(card(request, pk))


class PaymentApi(APIView):
    """Annex 2 row 6: start paying the cadastral-works invoice through the e-government payment
    gateway (the portal's payment service). The answer carries the gateway page to send the
    applicant to and the payment reference. Only the gateway's verified callback settles the
    invoice; stage 2 begins once the act is agreed and the invoice paid (§6 step 1.10). 409
    when nothing is due: no invoice waiting, free of charge, or already paid."""

    @extend_schema(request=None, responses={201: PaymentStartedSerializer})
    def post(self, request, pk: int):
        payment, url = payment_start(actor=request.user, application_id=pk)
        answer = {
            "reference": payment.reference,
            "amount": payment.amount,
            "status": payment.status,
            # The local gateway names a path on this site; a real one, an absolute address.
            "redirect_url": request.build_absolute_uri(url),
        }
        return Response(PaymentStartedSerializer(answer).data, status=status.HTTP_201_CREATED)


class ComplaintListCreateApi(APIView):
    """§10: complaints on a case. An applicant files one to the provider's head (answered
    within 5 working days) or to the quality-control authority (15 working days)."""

    @extend_schema(responses=ComplaintSerializer(many=True))
    def get(self, request, pk: int):
        application = get_object_or_404(applications_for_user(request.user), pk=pk)
        complaints = Complaint.objects.filter(application=application).order_by("-registered_at")
        return Response(ComplaintSerializer(complaints, many=True).data)

    @extend_schema(request=ComplaintSerializer, responses={201: ComplaintSerializer})
    def post(self, request, pk: int):
        data = ComplaintSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        complaint = complaint_file(
            application_id=pk,
            actor=request.user,
            addressee=data.validated_data["addressee"],
            text=data.validated_data["text"],
        )
        return Response(ComplaintSerializer(complaint).data, status=status.HTTP_201_CREATED)


class ComplaintAnswerApi(APIView):
    """§10: the provider's head or the quality-control authority answers a complaint."""

    @extend_schema(request=ComplaintAnswerInputSerializer, responses=ComplaintSerializer)
    def post(self, request, pk: int):
        data = ComplaintAnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        complaint = complaint_answer(complaint_id=pk, actor=request.user, **data.validated_data)
        return Response(ComplaintSerializer(complaint).data)


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")
    application = IdFilter(field_name="application_id")

    class Meta:
        model = Notification
        fields = ["unread", "application"]


class NotificationListApi(generics.ListAPIView):
    """Your notices, newest first (the personal cabinet's inbox)."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return Notification.objects.filter(recipient=self.request.user).order_by(
            "-created_at", "-pk"
        )


class NotificationReadApi(APIView):
    """Mark one of your notices read."""

    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request, pk: int):
        notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
        if notification.read_at is None:
            # Idempotent: a second call keeps the first reading time.
            Notification.objects.filter(pk=pk, read_at__isnull=True).update(read_at=clock.now())
            notification.refresh_from_db(fields=["read_at"])
        return Response(NotificationSerializer(notification).data)

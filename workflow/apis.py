"""API of the workflow: the transitions an official may run on a case and running one, the
invoice, the supervisors' figures and the working-time calendar."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from landplots.apis import card
from landplots.models import Application, Provider
from landplots.serializers import ApplicationDetailSerializer, InvoiceSerializer
from workflow import clock, working_time
from workflow.dashboard import selectors as dashboard
from workflow.dashboard.forms import DashboardFilterForm
from workflow.dashboard.tables import BUCKET_TITLES
from workflow.selectors import applications_for_user
from workflow.serializers import (
    CadastralPlanInput,
    CommentInput,
    DashboardQuery,
    DashboardSerializer,
    DecisionInput,
    DispatchInput,
    DraftRefusalInput,
    DueQuery,
    DueSerializer,
    ExecutorInput,
    FinalActInput,
    OpenRefusalInput,
    TransitionInputSerializer,
    TransitionSerializer,
    WorkingDayQuery,
    WorkingDaySerializer,
)
from workflow.services import cases
from workflow.services.errors import Conflict, InvalidInput, NotFound, NotPermitted
from workflow.services.transitions import is_automatic


@dataclass(frozen=True)
class Runner:
    """How the API runs one transition: the input it reads and the service it calls."""

    input: type[serializers.Serializer]
    service: object
    # The input field names the service takes (the rest of the input is not passed).
    takes: tuple[str, ...] = ()


TRANSITIONS: dict[str, Runner] = {
    "submit": Runner(CommentInput, cases.application_submit),
    "register": Runner(CommentInput, cases.application_register, ("comment",)),
    "forward": Runner(CommentInput, cases.application_forward, ("comment",)),
    "assign_executor": Runner(ExecutorInput, cases.executor_assign, ("executor", "comment")),
    "open_refusal": Runner(OpenRefusalInput, cases.refusal_open, ("ground", "reasoning")),
    "dispatch": Runner(
        DispatchInput,
        cases.act_dispatch,
        ("draft_file", "situational_scheme", "apz_file", "apz_summary"),
    ),
    "prepare_final_act": Runner(FinalActInput, cases.final_act_prepare, ("final_file",)),
    "draft_refusal": Runner(DraftRefusalInput, cases.refusal_draft, ("reasoning", "ground")),
    "sign_final_act": Runner(CommentInput, cases.final_act_sign),
    "sign_refusal": Runner(CommentInput, cases.refusal_sign),
    "send_to_applicant": Runner(CommentInput, cases.act_send),
    "expire_act": Runner(CommentInput, cases.act_expire),
    "submit_cadastral_plan": Runner(
        CadastralPlanInput, cases.cadastral_plan_submit, ("file", "cadastral_number")
    ),
    "approve_cadastral_plan": Runner(ExecutorInput, cases.cadastral_plan_approve, ("executor",)),
    "draft_decision": Runner(DecisionInput, cases.decision_draft, ("text", "file")),
    "sign_decision": Runner(CommentInput, cases.decision_sign),
    "register_decision": Runner(CommentInput, cases.decision_register),
}


def _title(method) -> str:
    doc = (method.__doc__ or method.__name__).strip()
    return doc.splitlines()[0]


def transitions_open_to(application: Application, user) -> list[dict]:
    """The transitions ``user`` may run on the case in its current state. Unlike
    ``available_transitions`` it keeps a transition whose conditions wait on the input the
    official is about to send (the act's files for ``dispatch``), and says so in ``ready``."""
    result = []
    for name, runner in TRANSITIONS.items():
        method = getattr(application, name)
        transition = method._django_fsm.get_transition(application.state)
        if transition is None or transition.custom.get("automatic"):
            continue
        if not transition.has_perm(application, user):
            continue
        result.append(
            {
                "name": name,
                "title": _title(method),
                "ready": all(condition(application) for condition in transition.conditions),
                "fields": list(runner.input().fields),
            }
        )
    return result


def _check_may_run(application: Application, user, name: str) -> Runner:
    """Before reading the input: an unknown step is 404, a role that never runs it 403, a case
    not in a source state 409. The service checks all of it again under the row lock."""
    method = getattr(application, name, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        raise NotFound(_("There is no step called “%(name)s”.") % {"name": name})
    if is_automatic(method):
        raise NotPermitted(_("This step happens by itself; nobody runs it by hand."))
    runner = TRANSITIONS.get(name)
    if runner is None:
        raise NotFound(_("There is no step called “%(name)s”.") % {"name": name})
    if not any(t.has_perm(application, user) for t in meta.transitions.values()):
        raise NotPermitted()
    if not can_proceed(method, check_conditions=False):
        raise Conflict(
            _("The case is “%(state)s”: this step is not open now.")
            % {"state": application.get_state_display()}
        )
    return runner


def _case_in_scope(user, pk: int) -> Application:
    return get_object_or_404(
        applications_for_user(user).select_related("provider", "applicant"), pk=pk
    )


class TransitionListApi(APIView):
    """The steps you may take on this case now, with the input each needs."""

    @extend_schema(responses=TransitionSerializer(many=True))
    def get(self, request, pk: int):
        application = _case_in_scope(request.user, pk)
        return Response(
            TransitionSerializer(transitions_open_to(application, request.user), many=True).data
        )


class TransitionRunApi(APIView):
    """Run one step of §6 on the case: 200 with the case in its new state; 403 when your role
    may not; 409 when the case is no longer in a state where the step is open (another official
    got there first) or a condition is unmet; 400 with field errors for bad input."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]
    throttle_scope = "uploads"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=sorted(TRANSITIONS)
            )
        ],
        request={
            "multipart/form-data": TransitionInputSerializer,
            "application/json": TransitionInputSerializer,
        },
        responses=ApplicationDetailSerializer,
    )
    def post(self, request, pk: int, name: str):
        application = _case_in_scope(request.user, pk)
        runner = _check_may_run(application, request.user, name)
        data = runner.input(data=request.data)
        data.is_valid(raise_exception=True)
        kwargs = {key: data.validated_data.get(key) for key in runner.takes}
        runner.service(application_id=application.pk, actor=request.user, **kwargs)
        return Response(card(request, application.pk))


class InvoiceIssueApi(APIView):
    """§6 step 1.9: the State Corporation issues the cadastral-works invoice from the tariff
    table (free of charge for orphans and children without parental care under 18)."""

    @extend_schema(request=None, responses={201: InvoiceSerializer})
    def post(self, request, pk: int):
        invoice = cases.invoice_issue(application_id=pk, actor=request.user)
        return Response(InvoiceSerializer(invoice).data, status=status.HTTP_201_CREATED)


class CanSeeDashboard(permissions.BasePermission):
    # Lazy: read in the language of each request, not in the one active at import.
    message = gettext_lazy("Only supervisors see the deadline dashboards.")

    def has_permission(self, request, view):
        allowed, _region = dashboard.supervisor_scope(request.user)
        return allowed


def _dashboard_filters(request, region) -> dashboard.Filters:
    """The dashboard pages' own filter form decides the period, the region lock and the
    provider's scope; the query serializer before it only bounds the types (an id the
    database cannot hold is a 400, not a 500) and leaves the days to the form."""
    query = DashboardQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = {key: value for key, value in query.validated_data.items() if value not in (None, "")}
    form = DashboardFilterForm(data, region=region)
    if not form.is_valid():
        raise InvalidInput(
            form.non_field_errors()[0] if form.non_field_errors() else None,
            field_errors={
                name: list(errors) for name, errors in form.errors.items() if name != "__all__"
            },
        )
    return form.filters()


class DashboardApi(APIView):
    """Supervisors: the figures of the deadline dashboard (the same selectors as its pages),
    in your scope: open cases by state, open clocks by urgency, and for the period on-time
    rates by step, stage, provider and body, the trend, outcomes and §10 complaints. A
    regional supervisor sees their region only."""

    permission_classes = [permissions.IsAuthenticated, CanSeeDashboard]

    @extend_schema(parameters=[DashboardQuery], responses=DashboardSerializer)
    def get(self, request):
        _allowed, region = dashboard.supervisor_scope(request.user)
        f = _dashboard_filters(request, region)
        now = clock.now()
        steps = dashboard.steps_table(f)
        figures = {
            "generated_at": now,
            "facts_up_to": dashboard.facts_up_to(),
            "region": f.region,
            "provider": f.provider,
            "date_from": f.date_from,
            "date_to": f.date_to,
            "cases_by_state": dashboard.cases_by_state(f),
            "clock_buckets": [
                {"key": key, "label": BUCKET_TITLES[key], "n": n}
                for key, n in dashboard.clock_buckets(f, now).items()
            ],
            "steps": steps,
            "stages": dashboard.stage_compliance(steps, f),
            "providers": dashboard.providers_table(f),
            "bodies": dashboard.bodies_table(f),
            "trend": dashboard.trend(f),
            "outcomes": dashboard.outcomes_table(f),
            "complaints": dashboard.complaints_table(f, now),
        }
        return Response(DashboardSerializer(figures).data)


class WorkingDayApi(APIView):
    """§5: is this date a working day in Kazakhstan (transfers and holidays included)?"""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[WorkingDayQuery], responses=WorkingDaySerializer)
    def get(self, request):
        query = WorkingDayQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data["date"]
        return Response(
            WorkingDaySerializer(
                {"date": day, "is_working_day": working_time.is_working_day(day)}
            ).data
        )


class DueInstantApi(APIView):
    """§5: the due instant of N working days (from the day after the event, at the close of
    office hours), N working minutes, or the same day, from an event."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[DueQuery], responses=DueSerializer)
    def get(self, request):
        query = DueQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        args = query.validated_data
        hours = working_time.DEFAULT_HOURS
        if "provider" in args:
            provider = Provider.objects.filter(pk=args["provider"]).first()
            if provider is None:
                raise NotFound(_("No such provider."))
            hours = provider.office_hours
        start = args["start"]
        if timezone.is_naive(start):
            start = timezone.make_aware(start)
        return Response(
            DueSerializer(
                {
                    "start": start,
                    "received_at": working_time.received_at(start, hours),
                    "amount": args["amount"],
                    "unit": args["unit"],
                    "due_at": working_time.due_instant(start, args["amount"], args["unit"], hours),
                }
            ).data
        )


class ApiNotFound(APIView):
    """Every path under /api/ that matches no endpoint."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = []
    schema = None  # not an endpoint: kept out of the OpenAPI document

    def _not_found(self, request, *args, **kwargs):
        raise NotFound(_("There is no such address in the API."))

    get = post = put = patch = delete = head = options = _not_found

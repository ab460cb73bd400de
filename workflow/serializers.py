"""API input and output of the workflow: transitions, the dashboard figures and the calendar."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from landplots.models import Refusal
from workflow.api_support import DocumentField, IdParam
from workflow.dashboard.forms import PeriodDayField
from workflow.steps import SCORED_STEP_CODES, STEPS
from workflow.working_time import DAYS, MINUTES, SAME_DAY

# The longest limit of the regulation is 28 working days; a year of them is plenty of room.
MAX_DAYS = 260
MAX_MINUTES = 260 * 8 * 60


class TransitionSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    ready = serializers.BooleanField(
        help_text=_("Every condition holds now; false means an input or another step is missing.")
    )
    fields = serializers.ListField(child=serializers.CharField())


def _officials():
    return get_user_model().objects.filter(official__isnull=False, is_active=True)


class CommentInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ExecutorInput(serializers.Serializer):
    executor = serializers.PrimaryKeyRelatedField(
        queryset=_officials(), help_text=_("User id of the responsible executor.")
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class DispatchInput(serializers.Serializer):
    draft_file = DocumentField()
    situational_scheme = DocumentField()
    apz_file = DocumentField()
    apz_summary = serializers.CharField(required=False, allow_blank=True, default="")


class FinalActInput(serializers.Serializer):
    final_file = DocumentField()


class OpenRefusalInput(serializers.Serializer):
    ground = serializers.ChoiceField(
        choices=[
            (Refusal.Ground.UNTRUE_DOCUMENTS.value, Refusal.Ground.UNTRUE_DOCUMENTS.label),
            (
                Refusal.Ground.LAND_CODE_REQUIREMENTS.value,
                Refusal.Ground.LAND_CODE_REQUIREMENTS.label,
            ),
        ]
    )
    reasoning = serializers.CharField(required=False, allow_blank=True, default="")


class DraftRefusalInput(serializers.Serializer):
    reasoning = serializers.CharField()
    ground = serializers.ChoiceField(choices=Refusal.Ground.choices, required=False)


class CadastralPlanInput(serializers.Serializer):
    file = DocumentField()
    cadastral_number = serializers.CharField(
        required=False, allow_blank=True, max_length=40, default=""
    )


class DecisionInput(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")
    file = DocumentField(required=False)


class TransitionInputSerializer(serializers.Serializer):
    """Every input any transition takes; each transition reads only its own (see
    ``GET .../transitions/`` for the fields of each). Files go as multipart."""

    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    executor = serializers.IntegerField(
        required=False, help_text=_("assign_executor, approve_cadastral_plan")
    )
    draft_file = serializers.FileField(required=False, help_text=_("dispatch"))
    situational_scheme = serializers.FileField(required=False, help_text=_("dispatch"))
    apz_file = serializers.FileField(required=False, help_text=_("dispatch"))
    apz_summary = serializers.CharField(required=False, allow_blank=True, help_text=_("dispatch"))
    final_file = serializers.FileField(required=False, help_text=_("prepare_final_act"))
    ground = serializers.IntegerField(required=False, help_text=_("open_refusal, draft_refusal"))
    reasoning = serializers.CharField(required=False, allow_blank=True, help_text=_("refusals"))
    file = serializers.FileField(
        required=False, help_text=_("submit_cadastral_plan, draft_decision")
    )
    cadastral_number = serializers.CharField(required=False, allow_blank=True)
    text = serializers.CharField(required=False, allow_blank=True, help_text=_("draft_decision"))


# Well above the longest day the pages' form reads (10 characters: 2026-12-31, 31.12.2026,
# once it has stripped the spaces around it), so that the form decides every day it could.
PERIOD_DAY_MAX_LENGTH = 32


@extend_schema_field(
    {
        "anyOf": [
            {"type": "string", "format": "date", "example": "2026-11-01"},
            {"type": "string", "pattern": r"^\d{1,2}\.\d{1,2}\.\d{4}$", "example": "01.11.2026"},
        ]
    }
)
class PeriodDayText(serializers.Field):
    """A day of the period, passed as typed to the dashboard pages' filter form, which alone
    reads it: the API takes exactly the days the pages take (ISO or as the pages write dates,
    01.11.2026) and refuses the others with the same message. Only its length is bounded
    here, with the form's message too: no text that long is a day."""

    default_error_messages = {"invalid": PeriodDayField.default_error_messages["invalid"]}

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data.strip()) > PERIOD_DAY_MAX_LENGTH:
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


class DashboardQuery(serializers.Serializer):
    """The dashboard's filters; the period defaults to the last 30 days."""

    date_from = PeriodDayText(
        required=False,
        help_text=_(
            "First day of the period, as 2026-11-01 or 01.11.2026 (when not given, the "
            "period is the 30 days up to its last day)."
        ),
    )
    date_to = PeriodDayText(
        required=False,
        help_text=_("Last day of the period, as 2026-11-30 or 30.11.2026 (today when not given)."),
    )
    region = IdParam(
        required=False, help_text=_("A region's provider id (country-wide supervisors only).")
    )
    provider = serializers.CharField(
        required=False, allow_blank=True, max_length=12, help_text=_("A provider's code.")
    )
    body = IdParam(
        required=False, help_text=_("An approving body's id (§6 step 1.5): its clocks only.")
    )
    step = serializers.ChoiceField(
        choices=[(s.code, s.title) for s in STEPS if s.code in SCORED_STEP_CODES], required=False
    )
    trend = serializers.ChoiceField(
        choices=[("week", _("week")), ("month", _("month"))],
        required=False,
        help_text=_("The trend's step: week (the default) or month."),
    )


class ScopeProviderSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField(source="display_name")


class StateCountSerializer(serializers.Serializer):
    stage = serializers.IntegerField()
    state = serializers.CharField()
    label = serializers.CharField()
    n = serializers.IntegerField()


class BucketSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=["overdue", "today", "next_day"])
    label = serializers.CharField()
    n = serializers.IntegerField()


class RateSerializer(serializers.Serializer):
    n = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text=_("Per cent on time."))


class StepRateSerializer(RateSerializer):
    step = serializers.CharField()
    title = serializers.CharField()
    paragraph = serializers.CharField()
    owner = serializers.CharField()
    limit = serializers.CharField()
    limit_days = serializers.IntegerField(allow_null=True)
    median = serializers.IntegerField(allow_null=True, help_text=_("Working days taken."))
    p90 = serializers.IntegerField(allow_null=True, help_text=_("Working days taken."))


class ProviderRateSerializer(RateSerializer):
    code = serializers.CharField()
    name = serializers.CharField()


class BodyRateSerializer(ProviderRateSerializer):
    kind = serializers.CharField()


class TrendSerializer(RateSerializer):
    period = serializers.DateField()


class OutcomeSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text=_("granted, refused_1, refused_2, refused_3 (the §9 ground) or act_expired.")
    )
    outcome = serializers.CharField()
    n = serializers.IntegerField()


class ComplaintFiguresSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("provider_head or quality_control (§10)."))
    addressee = serializers.CharField()
    n = serializers.IntegerField(help_text=_("Registered in the period."))
    answered = serializers.IntegerField(help_text=_("Of those registered in the period."))
    answered_on_time = serializers.IntegerField(help_text=_("Of those registered in the period."))
    open = serializers.IntegerField(help_text=_("Awaiting an answer now, whenever registered."))
    open_overdue = serializers.IntegerField(
        help_text=_("Awaiting an answer now and past their answer deadline.")
    )


class DashboardSerializer(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    facts_up_to = serializers.DateTimeField(
        allow_null=True, help_text=_("The newest closed clock the period figures include.")
    )
    region = ScopeProviderSerializer(allow_null=True, help_text=_("null: the whole country."))
    provider = ScopeProviderSerializer(allow_null=True)
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    cases_by_state = StateCountSerializer(many=True, help_text=_("Open cases now."))
    clock_buckets = BucketSerializer(many=True, help_text=_("Open clocks now, by urgency."))
    steps = StepRateSerializer(many=True)
    stages = StepRateSerializer(many=True, help_text=_("Annex 2 row 3: 28 and 18 WD."))
    providers = ProviderRateSerializer(many=True, help_text=_("Worst on-time rate first."))
    bodies = BodyRateSerializer(many=True, help_text=_("Worst on-time rate first."))
    trend = TrendSerializer(many=True)
    outcomes = OutcomeSerializer(many=True)
    complaints = ComplaintFiguresSerializer(many=True)


class WorkingDayQuery(serializers.Serializer):
    date = serializers.DateField()


class WorkingDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    is_working_day = serializers.BooleanField()


class DueQuery(serializers.Serializer):
    start = serializers.DateTimeField(
        help_text=_("The event; without an offset it is read as Asia/Almaty time.")
    )
    amount = serializers.IntegerField(min_value=0, max_value=MAX_MINUTES)
    unit = serializers.ChoiceField(choices=[DAYS, MINUTES, SAME_DAY])
    provider = serializers.IntegerField(
        required=False,
        help_text=_("Use this provider's office hours (default: the statutory ones)."),
    )

    def validate(self, attrs):
        if attrs["unit"] == DAYS and attrs["amount"] > MAX_DAYS:
            raise serializers.ValidationError(
                {"amount": [_("At most %(n)s working days.") % {"n": MAX_DAYS}]}
            )
        if attrs["unit"] == SAME_DAY and attrs["amount"] != 0:
            raise serializers.ValidationError(
                {"amount": [_("A same-day limit takes the amount 0.")]}
            )
        return attrs


class DueSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    received_at = serializers.DateTimeField(
        help_text=_("§5: the start of the next working time if the event is outside it.")
    )
    amount = serializers.IntegerField()
    unit = serializers.CharField()
    due_at = serializers.DateTimeField()

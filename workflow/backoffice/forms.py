"""Input of the steps that need more than a click (SPEC.md §3)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from landplots.models import Complaint, Refusal
from workflow.roles import Role


class StepForm(forms.Form):
    """Every step form carries the state the official saw, so a stale page answers 409."""

    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, application, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)
        self.fields["expected_state"].initial = application.state


def _officials(application, role: str):
    return (
        get_user_model()
        .objects.filter(
            is_active=True, official__role=role, official__provider_id=application.provider_id
        )
        .order_by("last_name", "username")
    )


class AssignExecutorForm(StepForm):
    executor = forms.ModelChoiceField(queryset=None, label=_("architecture executor"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["executor"].queryset = _officials(self.application, Role.ARCH_EXECUTOR)


class DispatchForm(StepForm):
    draft_file = forms.FileField(label=_("draft land-selection act"))
    situational_scheme = forms.FileField(label=_("situational scheme"))
    apz_file = forms.FileField(label=_("architectural-planning task (APZ)"))
    apz_summary = forms.CharField(
        label=_("APZ summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class FinalActForm(StepForm):
    final_file = forms.FileField(label=_("final land-selection act"))


class RefusalOpenForm(StepForm):
    ground = forms.TypedChoiceField(
        label=_("§9 ground"),
        coerce=int,
        choices=[
            (Refusal.Ground.UNTRUE_DOCUMENTS, Refusal.Ground.UNTRUE_DOCUMENTS.label),
            (Refusal.Ground.LAND_CODE_REQUIREMENTS, Refusal.Ground.LAND_CODE_REQUIREMENTS.label),
        ],
    )
    reasoning = forms.CharField(label=_("reasoning"), widget=forms.Textarea(attrs={"rows": 5}))


class RefusalDraftForm(StepForm):
    ground = forms.TypedChoiceField(
        label=_("§9 ground"), coerce=int, choices=Refusal.Ground.choices
    )
    reasoning = forms.CharField(label=_("reasoning"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        try:
            refusal = self.application.refusal
        except ObjectDoesNotExist:
            return
        self.fields["ground"].initial = refusal.ground
        self.fields["reasoning"].initial = refusal.reasoning


class CadastralPlanForm(StepForm):
    file = forms.FileField(label=_("land cadastral plan"))
    cadastral_number = forms.CharField(label=_("cadastral number"), max_length=40, required=False)


class ApprovePlanForm(StepForm):
    executor = forms.ModelChoiceField(queryset=None, label=_("land-relations executor"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["executor"].queryset = _officials(self.application, Role.LAND_EXECUTOR)


class DecisionForm(StepForm):
    text = forms.CharField(
        label=_("text of the decision"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    file = forms.FileField(label=_("decision document"), required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Write the decision or attach it."))
        return data


class ComplaintAnswerForm(forms.Form):
    """§10: the answer to a complaint. The text is not required here: the service judges an
    empty answer, so the page and every other caller give the same message."""

    outcome = forms.ChoiceField(
        label=_("outcome"), choices=Complaint.Outcome.choices, widget=forms.RadioSelect
    )
    answer = forms.CharField(
        label=_("answer to the applicant"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )

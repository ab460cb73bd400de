"""Input of the steps that need more than a click (SPEC.md §3)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from landplots.models import Complaint, Refusal
from landplots.uploads import DocumentRejected, checked_document
from workflow.roles import Role


def check_upload(upload, stem: str = "document"):
    """The check of every uploaded document (``landplots.uploads``) as a form error: a PDF,
    JPEG or PNG by its content, within the size limit, renamed to ``<stem>.<kind>``."""
    try:
        return checked_document(upload, stem)
    except DocumentRejected as rejected:
        raise forms.ValidationError(rejected.message, code=rejected.code) from None


class DocumentField(forms.FileField):
    """A document an official uploads: checked by ``check_upload``."""

    def __init__(self, *args, stem: str = "document", **kwargs):
        self.stem = stem
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})
        )
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        return check_upload(upload, self.stem) if upload else upload


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
    draft_file = DocumentField(label=_("draft land-selection act"), stem="draft-act")
    situational_scheme = DocumentField(label=_("situational scheme"), stem="scheme")
    apz_file = DocumentField(label=_("architectural-planning task (APZ)"), stem="apz")
    apz_summary = forms.CharField(
        label=_("APZ summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class FinalActForm(StepForm):
    final_file = DocumentField(label=_("final land-selection act"), stem="final-act")


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
    file = DocumentField(label=_("land cadastral plan"), stem="cadastral-plan")
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
    file = DocumentField(label=_("decision document"), stem="decision", required=False)

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

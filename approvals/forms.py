from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.models import ApprovalRequest


class AnswerForm(forms.Form):
    """A body's conclusion (§6 step 1.5a), or a utility's technical conditions (1.5b)."""

    answer = forms.ChoiceField(
        label=_("answer"), choices=ApprovalRequest.Answer.choices, widget=forms.RadioSelect
    )
    reasoning = forms.CharField(
        label=_("reasons"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Required for a negative answer."),
    )
    technical_conditions = forms.FileField(label=_("technical conditions"), required=False)

    def __init__(self, *args, request: ApprovalRequest, **kwargs):
        super().__init__(*args, **kwargs)
        if not request.body.gives_technical_conditions:
            del self.fields["technical_conditions"]

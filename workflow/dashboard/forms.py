"""The dashboards' filters. Bad input is a form error (the view answers 400), never a 500."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals.models import ApprovingBody
from landplots.models import Provider
from workflow import clock
from workflow.dashboard import selectors
from workflow.dashboard.selectors import Filters
from workflow.dashboard.tables import DAY_INPUT_FORMAT, day_text
from workflow.selectors import region_q

DEFAULT_PERIOD_DAYS = 30
# Longer periods read proportionally more summary rows; three years covers any review.
MAX_PERIOD_DAYS = 3 * 366
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


class ProviderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.display_name}"


class PeriodDayField(forms.DateField):
    """A day of the period: as the page shows dates (31.12.2026) or as ISO (2026-12-31), within
    years any record can have (a year like 9999 would overflow the day after it)."""

    input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
    # Shown back as the page writes days, whichever form was typed or linked (an ISO day in
    # the address shows as 01.06.2025 under the help text that asks for DD.MM.YYYY).
    widget = forms.DateInput(format=DAY_INPUT_FORMAT)

    def bound_data(self, data, initial):
        try:
            return self.to_python(data) or data
        except forms.ValidationError:
            return data  # shown as typed, next to its error

    def validate(self, value):
        super().validate(value)
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise forms.ValidationError(
                _("Choose a day between %(first)s and %(last)s.")
                % {"first": day_text(FIRST_DAY), "last": day_text(LAST_DAY)},
                code="out_of_range",
            )


def consulted_bodies(region: Provider | None):
    """The approving bodies a region's providers consult (every body for the country)."""
    bodies = ApprovingBody.objects.order_by("code")
    if region is None:
        return bodies
    # A subquery rather than a join: a body consulted by many providers is listed once.
    links = ApprovingBody.providers.through.objects.filter(region_q(region, prefix="provider"))
    return bodies.filter(pk__in=links.values("approvingbody_id"))


class DashboardFilterForm(forms.Form):
    date_from = PeriodDayField(label=_("first day"), required=False)
    date_to = PeriodDayField(label=_("last day"), required=False)
    region = ProviderChoiceField(label=_("region"), queryset=None, required=False)
    # A code, not a select: a country has thousands of providers, too many for one list.
    provider = forms.CharField(label=_("service provider code"), required=False, max_length=12)
    body = forms.ModelChoiceField(
        label=_("approving body"), queryset=ApprovingBody.objects.none(), required=False
    )
    step = forms.ChoiceField(label=_("step"), required=False)
    trend = forms.ChoiceField(
        label=_("trend by"),
        required=False,
        choices=[("week", _("week")), ("month", _("month"))],
    )

    def __init__(self, data=None, *, region=None, **kwargs):
        super().__init__(data, **kwargs)
        self.locked_region = region
        if region is not None:
            # A regional supervisor's scope is fixed; the field would only mislead.
            del self.fields["region"]
        else:
            self.fields["region"].queryset = selectors.regions()
        self.region_scope = region
        # A regional supervisor picks among the bodies their region's providers consult; the
        # country's supervisor among all (a region chosen in the address is checked in clean).
        self.fields["body"].queryset = consulted_bodies(region)
        self.fields["body"].error_messages["invalid_choice"] = (
            _("No provider of your region sends its acts to this body.")
            if region is not None
            else _("No approving body with this id.")
        )
        self.fields["step"].choices = [("", _("all steps")), *selectors.step_choices()]

    def clean_provider(self):
        code = self.cleaned_data.get("provider", "").strip()
        if not code:
            return None
        # Codes are written in capitals (ALM-NAU); alm-nau typed into the box means the same.
        provider = selectors.providers(self.region_scope).filter(code__iexact=code).first()
        if provider is None:
            raise forms.ValidationError(_("No service provider with this code in your scope."))
        return provider

    def clean(self):
        data = super().clean()
        today = timezone.localdate(clock.now())  # the workflow's clock, as the figures use
        date_to = data.get("date_to") or today
        date_from = data.get("date_from") or date_to - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
        if "date_from" in self.errors or "date_to" in self.errors:
            return data
        if date_from > date_to:
            if "date_to" not in self.data or not self.data.get("date_to"):
                # Only a first day was given, and the period would end today.
                raise forms.ValidationError(_("The first day is after today."))
            raise forms.ValidationError(_("The period must start before it ends."))
        if (date_to - date_from).days >= MAX_PERIOD_DAYS:
            raise forms.ValidationError(
                _("Choose a period of at most %(n)s days.") % {"n": MAX_PERIOD_DAYS}
            )
        asked = str(self.data.get("region") or "")
        if self.locked_region is not None and asked not in ("", str(self.locked_region.pk)):
            # A link made by the country's supervisor: say so rather than show another region's
            # figures under it (as a provider or body outside the region is refused).
            raise forms.ValidationError(
                _("You supervise %(region)s only: remove the region from the address.")
                % {"region": self.locked_region.display_name}
            )
        region = self.locked_region or data.get("region")
        provider = data.get("provider")
        if region is not None and provider is not None and provider.region.pk != region.pk:
            self.add_error("provider", _("This provider is not in the chosen region."))
        body = data.get("body")
        if (
            region is not None
            and self.locked_region is None
            and body is not None
            and not consulted_bodies(region).filter(pk=body.pk).exists()
        ):
            self.add_error(
                "body", _("No provider of the chosen region sends its acts to this body.")
            )
        if (
            provider is not None
            and body is not None
            and not body.providers.filter(pk=provider.pk).exists()
        ):
            self.add_error("body", _("This provider does not send its acts to this body."))
        data["date_from"], data["date_to"] = date_from, date_to
        return data

    def filters(self) -> Filters:
        d = self.cleaned_data
        return Filters(
            date_from=d["date_from"],
            date_to=d["date_to"],
            region=self.locked_region or d.get("region"),
            provider=d.get("provider"),
            body=d.get("body"),
            step=d.get("step") or None,
            trend=d.get("trend") or "week",
        )

"""Forms of the applicant portal. They parse and check what a person typed; the services
decide and write."""

import hashlib
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth import authenticate, get_user_model, password_validation
from django.core.cache import cache
from django.db.models import Q
from django.utils import formats, numberformat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from landplots.identity import bin_problem, iin_problem
from landplots.models import Applicant, Complaint, Provider, Purpose, UseRight
from landplots.selectors import provider_children, provider_regions

# Plots for construction inside a settlement: a few hundred hectares already covers an
# industrial zone; more than this is a typo (square metres typed as hectares).
MAX_AREA_HA = Decimal("1000")
AREA_PLACES = 4
# Log-in throttling: this many failures per identity number and address lock the pair out
# for the window below.
LOGIN_MAX_FAILURES = 5
LOGIN_WINDOW_SECONDS = 15 * 60

_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()\-]{6,18}$")


def _digits(value: str) -> str:
    return re.sub(r"\s+", "", value or "")


class IINField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value):
        value = _digits(super().clean(value))
        if value:
            problem = iin_problem(value)
            if problem:
                raise forms.ValidationError(problem)
        return value


class BINField(IINField):
    def clean(self, value):
        value = _digits(forms.CharField.clean(self, value))
        if value:
            problem = bin_problem(value)
            if problem:
                raise forms.ValidationError(problem)
        return value


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.input_type = "tel"

    def clean(self, value):
        value = super().clean(value).strip()
        if value and not _PHONE_RE.match(value):
            raise forms.ValidationError(_("Enter a phone number, for example +7 701 123 45 67."))
        return value


class _PasswordsMixin(forms.Form):
    email = forms.EmailField(label=_("E-mail (for notices)"), required=False)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class IndividualSignUpForm(_PasswordsMixin):
    iin = IINField(label=_("IIN"))
    last_name = forms.CharField(label=_("Surname"), max_length=100)
    first_name = forms.CharField(label=_("Given name"), max_length=100)
    patronymic = forms.CharField(label=_("Patronymic (if any)"), max_length=100, required=False)
    id_document = forms.CharField(label=_("Identity document"), max_length=100, required=False)
    address = forms.CharField(label=_("Residence address"), max_length=255)
    phone = PhoneField(label=_("Contact phone"), required=False)

    field_order = ["iin", "last_name", "first_name", "patronymic", "id_document", "address"]


class EntitySignUpForm(_PasswordsMixin):
    bin = BINField(label=_("BIN"))
    organisation_name = forms.CharField(label=_("Full name of the entity"), max_length=255)
    representative_name = forms.CharField(label=_("Representative's full name"), max_length=255)
    representative_iin = IINField(label=_("Representative's IIN"))
    address = forms.CharField(label=_("Legal address"), max_length=255)
    phone = PhoneField(label=_("Contact phone"), required=False)

    field_order = ["bin", "organisation_name", "representative_name", "representative_iin"]


def _throttle_key(username: str, ip: str) -> str:
    raw = f"{username}|{ip}".encode()
    return "portal-login-fail:" + hashlib.sha256(raw).hexdigest()


def login_name(typed: str) -> str:
    """The user name to authenticate for what was typed in the log-in form. An account
    opened on the portal is named by its IIN or BIN; an account named otherwise (the demo
    applicants) is found by its applicant's IIN (an individual) or BIN (an entity). The
    typed text itself when it names a user, or when no single applicant holds the number."""
    if get_user_model().objects.filter(username=typed).exists():
        return typed
    holders = list(
        Applicant.objects.filter(
            Q(kind=Applicant.Kind.INDIVIDUAL, iin=typed)
            | Q(kind=Applicant.Kind.LEGAL_ENTITY, bin=typed)
        ).values_list("user__username", flat=True)[:2]
    )
    return holders[0] if len(holders) == 1 else typed


class LoginForm(forms.Form):
    """IIN or BIN (or the user name) and password, with a failure counter per account and
    address: the number and the user name of one account share the counter."""

    username = forms.CharField(label=_("IIN or BIN"), max_length=20)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def _ip(self) -> str:
        return (self.request.META.get("REMOTE_ADDR") if self.request else "") or "-"

    def clean(self):
        cleaned = super().clean()
        username = _digits(cleaned.get("username", ""))
        password = cleaned.get("password")
        if not username or not password:
            return cleaned
        if username.isdigit():
            username = login_name(username)
        key = _throttle_key(username, self._ip())
        if cache.get(key, 0) >= LOGIN_MAX_FAILURES:
            raise forms.ValidationError(
                _("Too many failed attempts. Wait 15 minutes and try again."), code="throttled"
            )
        user = authenticate(self.request, username=username, password=password)
        if user is None or not user.is_active:
            # add() then incr(): the counter expires a window after the first failure.
            cache.add(key, 0, LOGIN_WINDOW_SECONDS)
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, LOGIN_WINDOW_SECONDS)
            raise forms.ValidationError(
                _("The number or the password is wrong."), code="invalid_login"
            )
        cache.delete(key)
        self.user_cache = user
        return cleaned

    def get_user(self):
        return self.user_cache


# Django ships no number formats for Kazakh; CLDR's Kazakh writes a decimal comma.
_DECIMAL_SEPARATOR = {"kk": ","}


def decimal_text(value, places: int) -> str:
    """A number to ``places`` decimals as the active language writes it: "0,12" in Kazakh and
    Russian, "0.12" in English."""
    language = (get_language() or "").split("-")[0]
    if language in _DECIMAL_SEPARATOR and not formats.get_format_modules(language):
        return numberformat.format(
            value, _DECIMAL_SEPARATOR[language], decimal_pos=places, use_l10n=True
        )
    return formats.number_format(value, places, use_l10n=True)


def format_area(value: Decimal) -> str:
    """Hectares to AREA_PLACES places as the active language writes them: "0,1200" in
    Kazakh and Russian, "0.1200" in English (parse_area reads both back)."""
    return decimal_text(value, AREA_PLACES)


def parse_area(raw: str) -> Decimal:
    """Hectares as people type them here: "0,12" and "0.12" are the same area."""
    text = (raw or "").strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?|[+-]?\.\d+", text):
        raise forms.ValidationError(_("Enter the area in hectares, for example 0,12."))
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise forms.ValidationError(_("Enter the area in hectares, for example 0,12.")) from None
    if value <= 0:
        raise forms.ValidationError(_("The area must be more than zero hectares."))
    if -value.normalize().as_tuple().exponent > AREA_PLACES:
        raise forms.ValidationError(_("Give the area with at most 4 decimal places."))
    if value > MAX_AREA_HA:
        raise forms.ValidationError(
            _(
                "%(value)s ha is more than any plot for construction in a settlement "
                "(at most %(max)s ha). Did you type square metres? 1 ha = 10 000 m²."
            )
            % {"value": raw, "max": MAX_AREA_HA}
        )
    return value.quantize(Decimal(1).scaleb(-AREA_PLACES))


class ProviderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ApplicationForm(forms.Form):
    """Annex 1. The addressee is chosen down the hierarchy: region → district or city →
    town, village or rural district. Without JavaScript the "Show the next level" button
    posts the form back with the next list filled; with it, the lists fill as you choose."""

    region = ProviderChoiceField(
        label=_("Region or city of republican significance"), queryset=None
    )
    district = ProviderChoiceField(
        label=_("District or city"), queryset=Provider.objects.none(), required=False
    )
    locality = ProviderChoiceField(
        label=_("Town, village or rural district"),
        queryset=Provider.objects.none(),
        required=False,
    )
    plot_address = forms.CharField(label=_("Plot location (address)"), max_length=500)
    area_ha = forms.CharField(
        label=_("Area, hectares"),
        max_length=20,
        help_text=_("For example 0,12 (1 ha = 10 000 m²)."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    purpose = forms.ChoiceField(label=_("Intended purpose"), choices=Purpose.choices)
    purpose_detail = forms.CharField(
        label=_("Purpose, in your words"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    use_right = forms.ChoiceField(
        label=_("Requested right"), choices=UseRight.choices, widget=forms.RadioSelect
    )
    contact_phone = PhoneField(label=_("Contact phone"), required=False)
    location_scheme = forms.FileField(
        label=_("Location scheme of the plot (PDF, JPEG or PNG, up to 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I consent to the use of information constituting secrets protected by law "
            "held in information systems."
        ),
        required=False,
    )

    def __init__(self, *args, submitting: bool = False, has_scheme: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.has_scheme = has_scheme
        self.fields["region"].queryset = provider_regions()
        region_id = self._raw("region")
        district_id = self._raw("district")
        self.fields["district"].queryset = provider_children(parent_id=region_id)
        self.fields["locality"].queryset = provider_children(parent_id=district_id)
        for name in ("region", "district", "locality"):
            self.fields[name].widget.attrs["data-chain"] = name
        self.fields["region"].widget.attrs["data-next"] = "district"
        self.fields["district"].widget.attrs["data-next"] = "locality"

    def _raw(self, name):
        value = self.data.get(name) if self.is_bound else self.initial.get(name)
        value = getattr(value, "pk", value)
        return value if str(value or "").isdigit() else None

    def clean_area_ha(self):
        return parse_area(self.cleaned_data.get("area_ha", ""))

    def clean_location_scheme(self):
        from landplots import services
        from workflow.services.errors import InvalidInput

        upload = self.cleaned_data.get("location_scheme")
        if not upload:
            return None
        try:
            services.location_scheme_check(upload=upload)
        except InvalidInput as exc:
            raise forms.ValidationError(exc.field_errors["location_scheme"]) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        # The deepest level chosen is the addressee.
        provider = cleaned.get("locality") or cleaned.get("district") or cleaned.get("region")
        if provider is not None and not provider.accepts_applications:
            self.add_error(
                "locality" if cleaned.get("locality") else "district",
                _("This akimat does not take applications directly; choose the next level."),
            )
            provider = None
        cleaned["provider"] = provider
        if self.submitting:
            if not cleaned.get("consent"):
                self.add_error("consent", _("Give your consent to submit the application."))
            # A file refused for its type or size has its own error: one is enough.
            if (
                not cleaned.get("location_scheme")
                and not self.has_scheme
                and "location_scheme" not in self.errors
            ):
                self.add_error("location_scheme", _("Attach the location scheme of the plot."))
            if cleaned.get("purpose") == Purpose.OTHER and not cleaned.get("purpose_detail"):
                self.add_error("purpose_detail", _("Describe the purpose of the plot."))
        return cleaned

    @staticmethod
    def initial_for(application) -> dict:
        provider = application.provider
        chain = [provider]
        while chain[0].parent_id is not None:
            chain.insert(0, chain[0].parent)
        initial = dict(zip(("region", "district", "locality"), chain, strict=False))
        initial.update(
            plot_address=application.plot_address,
            area_ha=str(application.area_ha.normalize()).replace(".", ","),
            purpose=application.purpose,
            purpose_detail=application.purpose_detail,
            use_right=application.use_right,
            contact_phone=application.contact_phone,
            consent=application.consent,
        )
        return initial


class ComplaintForm(forms.Form):
    """§10: to the provider's head (5 WD) or to the quality-control authority (15 WD)."""

    addressee = forms.ChoiceField(
        label=_("Complaint to"), choices=Complaint.Addressee.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What is the complaint about?"), max_length=5000, widget=forms.Textarea
    )

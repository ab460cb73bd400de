"""Who takes part in a case: the service providers (SPEC.md §1, Annex 2 row 1) and the
applicants (Annex 1)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from landplots.identity import birth_date_from_iin
from workflow.working_time.hours import OfficeHours

from .base import TimeStampedModel


class Provider(TimeStampedModel):
    """An akimat (or akim) that provides the service: Annex 2 row 1."""

    class Level(models.TextChoices):
        REGION = "region", _("Region akimat")
        CITY_REPUBLICAN = "city_republican", _("Akimat of a city of republican significance")
        DISTRICT = "district", _("District akimat")
        CITY_REGIONAL = "city_regional", _("Akimat of a city of regional significance")
        CITY_DISTRICT = "city_district", _("Akim of a city of district significance")
        TOWN = "town", _("Akim of a town")
        VILLAGE = "village", _("Akim of a village")
        RURAL_DISTRICT = "rural_district", _("Akim of a rural district")

    code = models.CharField(
        _("code"), max_length=12, unique=True, help_text=_("Short code used in case numbers.")
    )
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # A provider may keep its own hours (SPEC.md §5); the defaults are the statutory ones.
    office_start = models.TimeField(_("office opens"), default="09:00")
    office_end = models.TimeField(_("office closes"), default="18:30")
    break_start = models.TimeField(_("break starts"), null=True, blank=True, default="13:00")
    break_end = models.TimeField(_("break ends"), null=True, blank=True, default="14:30")
    email = models.EmailField(_("e-mail"), blank=True)
    accepts_applications = models.BooleanField(
        _("accepts applications"),
        default=True,
        help_text=_("Whether applicants can address this provider directly."),
    )

    class Meta:
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        ordering = ["name_ru"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(office_start__lt=models.F("office_end")),
                name="provider_office_hours_ordered",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        from django.utils.translation import get_language

        lang = (get_language() or "kk")[:2]
        return {"kk": self.name_kk, "ru": self.name_ru}.get(lang) or self.name_en or self.name_ru

    @property
    def office_hours(self) -> OfficeHours:
        return OfficeHours(
            start=self.office_start,
            end=self.office_end,
            break_start=self.break_start,
            break_end=self.break_end,
        )

    @property
    def region(self) -> "Provider":
        node = self
        while node.parent_id is not None:
            node = node.parent
        return node


class Applicant(TimeStampedModel):
    """A person or an entity that files applications; one per portal account."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        LEGAL_ENTITY = "legal_entity", _("Legal entity")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Individual (Annex 1): surname, given name, patronymic, IIN, identity document.
    iin = models.CharField(_("IIN"), max_length=12, blank=True, db_index=True)
    last_name = models.CharField(_("surname"), max_length=100, blank=True)
    first_name = models.CharField(_("given name"), max_length=100, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    id_document = models.CharField(_("identity document"), max_length=100, blank=True)
    # Legal entity: full name, BIN, representative's name and IIN.
    organisation_name = models.CharField(_("full name of the entity"), max_length=255, blank=True)
    bin = models.CharField(_("BIN"), max_length=12, blank=True, db_index=True)
    representative_name = models.CharField(_("representative"), max_length=255, blank=True)
    representative_iin = models.CharField(_("representative's IIN"), max_length=12, blank=True)
    address = models.CharField(
        _("address"), max_length=255, blank=True, help_text=_("Residence, or legal address.")
    )
    phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    # Annex 2 row 6: orphans and children left without parental care get the cadastral plan
    # free until they turn 18. The status itself comes from the state registry via the gateway.
    without_parental_care = models.BooleanField(
        _("orphan or child left without parental care"), default=False
    )

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="individual", iin__regex=r"^\d{12}$")
                    | models.Q(kind="legal_entity", bin__regex=r"^\d{12}$")
                ),
                name="applicant_has_identity_number",
            ),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.identity_number})"

    @property
    def is_individual(self) -> bool:
        return self.kind == self.Kind.INDIVIDUAL

    @property
    def identity_number(self) -> str:
        return self.iin if self.is_individual else self.bin

    @property
    def display_name(self) -> str:
        if self.is_individual:
            return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)
        return self.organisation_name

    @property
    def birth_date(self) -> date | None:
        return birth_date_from_iin(self.iin) if self.is_individual else None

    def age_on(self, day: date) -> int | None:
        born = self.birth_date
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def is_fee_exempt_on(self, day: date) -> bool:
        """Annex 2 row 6: free of charge for orphans and children without parental care
        until they turn 18."""
        age = self.age_on(day)
        return self.without_parental_care and age is not None and age < 18

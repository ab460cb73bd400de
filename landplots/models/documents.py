"""The documents of a case (SPEC.md §2), each in its own table, one per case."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .application import Application
from .base import TimeStampedModel


def document_path(instance, filename):
    # Our own name: a user's file name or path never reaches the file system.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{instance.__class__.__name__.lower()}/{uuid.uuid4().hex}.{ext}"


class SelectionAct(TimeStampedModel):
    """Land-selection act with situational scheme and APZ: draft (§6 step 1.4), then final
    (§6 step 1.6), signed (1.8), sent (1.9), agreed (1.10) or expired (1.11)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="selection_act"
    )
    draft_file = models.FileField(_("draft act"), upload_to=document_path, blank=True)
    situational_scheme = models.FileField(
        _("situational scheme"), upload_to=document_path, blank=True
    )
    apz_file = models.FileField(
        _("architectural-planning task"), upload_to=document_path, blank=True
    )
    apz_summary = models.TextField(_("APZ summary"), blank=True)
    prepared_at = models.DateTimeField(_("draft prepared"), null=True, blank=True)
    final_file = models.FileField(_("final act"), upload_to=document_path, blank=True)
    final_prepared_at = models.DateTimeField(_("final act prepared"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent to the applicant"), null=True, blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    agreed_at = models.DateTimeField(_("agreed by the applicant"), null=True, blank=True)
    returned_for_cancellation_at = models.DateTimeField(
        _("returned for cancellation"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("land-selection act")
        verbose_name_plural = _("land-selection acts")

    def __str__(self):
        return _("Selection act for %(case)s") % {"case": self.application}


class Refusal(TimeStampedModel):
    """Motivated refusal (уәжді жауап) on one of the §9 grounds."""

    class Ground(models.IntegerChoices):
        UNTRUE_DOCUMENTS = 1, _("§9 ground 1: documents or data found to be untrue")
        LAND_CODE_REQUIREMENTS = (
            2,
            _("§9 ground 2: the applicant or the materials do not meet the Land Code requirements"),
        )
        NEGATIVE_CONCLUSION = 3, _("§9 ground 3: an approving body answered negatively")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="refusal"
    )
    ground = models.PositiveSmallIntegerField(_("ground"), choices=Ground.choices)
    reasoning = models.TextField(_("reasoning"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(_("drafted"), null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("motivated refusal")
        verbose_name_plural = _("motivated refusals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ground__in=[1, 2, 3]),
                name="refusal_ground_is_a_section_9_ground",
            ),
        ]

    def __str__(self):
        return self.get_ground_display()


class Tariff(TimeStampedModel):
    """The State Corporation's price for cadastral works (Annex 2 row 6), edited in the admin.
    The row with the smallest ``max_area_ha`` that covers the plot applies."""

    name = models.CharField(_("name"), max_length=200)
    max_area_ha = models.DecimalField(
        _("for plots up to, ha"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Empty means any area."),
    )
    amount = models.DecimalField(_("amount, KZT"), max_digits=12, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("cadastral-works tariff")
        verbose_name_plural = _("cadastral-works tariffs")
        ordering = ["max_area_ha"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="tariff_amount_not_negative"
            )
        ]

    def __str__(self):
        return f"{self.name}: {self.amount} ₸"


class Invoice(TimeStampedModel):
    """Invoice (estimate) for the land cadastral plan, issued by the State Corporation."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="invoice"
    )
    tariff = models.ForeignKey(Tariff, null=True, blank=True, on_delete=models.PROTECT)
    amount = models.DecimalField(_("amount, KZT"), max_digits=12, decimal_places=2)
    exempt = models.BooleanField(_("free of charge (Annex 2 row 6)"), default=False)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="invoice_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(exempt=False) | models.Q(amount=0), name="exempt_invoice_is_free"
            ),
        ]

    def __str__(self):
        return _("Invoice for %(case)s") % {"case": self.application}

    @property
    def is_settled(self) -> bool:
        return self.exempt or self.paid_at is not None


class Payment(TimeStampedModel):
    """One payment attempt through the payment gateway; the gateway's callback settles it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="payments")
    reference = models.CharField(_("reference"), max_length=64, unique=True)
    amount = models.DecimalField(_("amount, KZT"), max_digits=12, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="pending")
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    gateway_transaction = models.CharField(_("gateway transaction"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self):
        return self.reference


class CadastralPlan(TimeStampedModel):
    """Land cadastral plan (§6 steps 2.1–2.2)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="cadastral_plan"
    )
    file = models.FileField(_("cadastral plan"), upload_to=document_path, blank=True)
    cadastral_number = models.CharField(_("cadastral number"), max_length=40, blank=True)
    prepared_at = models.DateTimeField(_("prepared"), null=True, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("land cadastral plan")
        verbose_name_plural = _("land cadastral plans")

    def __str__(self):
        return self.cadastral_number or str(self.application)


class Decision(TimeStampedModel):
    """The provider's decision granting the land-use right (§6 steps 2.3–2.5)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision"
    )
    number = models.CharField(_("registration number"), max_length=40, blank=True)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("signed decision"), upload_to=document_path, blank=True)
    drafted_at = models.DateTimeField(_("drafted"), null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.number or str(self.application)


class CaseCounter(models.Model):
    """The last case number used by a provider in a year; locked while a number is taken."""

    provider = models.ForeignKey("landplots.Provider", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "year"], name="one_counter_per_provider_year"
            )
        ]

    def __str__(self):
        return f"{self.provider_id}/{self.year}: {self.last}"

"""Records the applicant portal keeps: who signed what and when (EDS), and every payment
callback the gateway made, accepted or not."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .application import Application
from .base import TimeStampedModel


class Signature(TimeStampedModel):
    """One EDS signature of an application, as the EDS adapter reported it."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="signatures"
    )
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed"))
    method = models.CharField(_("method"), max_length=40)
    digest = models.CharField(_("SHA-256 of the signed document"), max_length=64)
    document = models.JSONField(_("signed document"), default=dict)
    certificate = models.TextField(_("certificate"), blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "pk"]

    def __str__(self):
        return f"{self.signer} {self.digest[:12]}"


class PaymentCallback(models.Model):
    """Every call of our payment callback. An accepted nonce is unique, so a replayed
    callback is refused by the database even when two arrive at the same instant."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        FORGED = "forged", _("Rejected: bad signature")
        REPLAYED = "replayed", _("Rejected: replayed")
        STALE = "stale", _("Rejected: too old")
        INVALID = "invalid", _("Rejected: does not match a payment")

    nonce = models.CharField(_("nonce"), max_length=64, blank=True)
    reference = models.CharField(_("payment reference"), max_length=64, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    remote_addr = models.GenericIPAddressField(_("from"), null=True, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        verbose_name = _("payment callback")
        verbose_name_plural = _("payment callbacks")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["nonce"],
                condition=models.Q(outcome="accepted"),
                name="payment_callback_nonce_used_once",
            )
        ]

    def __str__(self):
        return f"{self.reference} {self.outcome}"

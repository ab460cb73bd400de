"""Complaints (§10, §11) with their own small state machine."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from .application import Application
from .base import TimeStampedModel


class Complaint(FSMModelMixin, TimeStampedModel):
    class Addressee(models.TextChoices):
        PROVIDER_HEAD = "provider_head", _("Head of the service provider (5 working days)")
        QUALITY_CONTROL = (
            "quality_control",
            _("Quality-control authority for state services (15 working days)"),
        )

    class State(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        UPHELD = "upheld", _("Upheld")
        REJECTED = "rejected", _("Rejected")

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("Upheld")
        REJECTED = "rejected", _("Rejected")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="complaints"
    )
    addressee = models.CharField(_("addressed to"), max_length=20, choices=Addressee.choices)
    text = models.TextField(_("complaint"))
    state = FSMField(_("state"), default=State.REGISTERED, choices=State.choices, protected=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="complaints_filed"
    )
    registered_at = models.DateTimeField(_("registered"))
    due_at = models.DateTimeField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_answered",
    )

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-registered_at"]
        permissions = [
            ("answer_provider_complaint", _("Answer a complaint to the provider's head (§10)")),
            ("answer_quality_complaint", _("Answer a complaint to the quality-control authority")),
        ]

    def __str__(self):
        return _("Complaint on %(case)s") % {"case": self.application}

    @property
    def answer_permission(self) -> str:
        if self.addressee == self.Addressee.PROVIDER_HEAD:
            return "landplots.answer_provider_complaint"
        return "landplots.answer_quality_complaint"

    def _may_answer(self, user) -> bool:
        return user.has_perm(self.answer_permission)

    @transition(field=state, source=State.REGISTERED, target=State.UPHELD, permission=_may_answer)
    def uphold(self):
        """§10: the complaint is found justified."""

    @transition(field=state, source=State.REGISTERED, target=State.REJECTED, permission=_may_answer)
    def reject(self):
        """§10: the complaint is found unjustified."""

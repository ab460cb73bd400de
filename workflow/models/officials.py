from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow.roles import BODY_ROLES, OVERSIGHT_ROLES, PROVIDER_ROLES, Role


class Official(models.Model):
    """Binds a staff user to a role and to the provider or body whose cases they see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.CASCADE,
        related_name="official",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    provider = models.ForeignKey(
        "landplots.Provider",
        verbose_name=_("service provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officials",
    )
    body = models.ForeignKey(
        "approvals.ApprovingBody",
        verbose_name=_("approving body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officials",
    )
    region = models.ForeignKey(
        "landplots.Provider",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Supervisors and reviewers: limit the scope to one region."),
    )

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        constraints = [
            models.CheckConstraint(
                condition=(
                    ~models.Q(role__in=sorted(PROVIDER_ROLES)) | models.Q(provider__isnull=False)
                ),
                name="provider_role_has_provider",
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=sorted(BODY_ROLES)) | models.Q(body__isnull=False),
                name="body_role_has_body",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    def clean(self):
        errors = {}
        if self.role in PROVIDER_ROLES and self.provider_id is None:
            errors["provider"] = _("This role works for a service provider: choose it.")
        if self.role in BODY_ROLES and self.body_id is None:
            errors["body"] = _("This role answers for an approving body: choose it.")
        if self.provider_id is not None and self.role not in PROVIDER_ROLES:
            errors["provider"] = _(
                "This role does not work for a service provider: leave it empty."
            )
        if self.body_id is not None and self.role not in BODY_ROLES:
            errors["body"] = _("This role does not answer for an approving body: leave it empty.")
        if self.region_id is not None and self.role not in OVERSIGHT_ROLES:
            errors["region"] = _("Only supervisors and reviewers are limited to a region.")
        elif self.region_id is not None and self.region.parent_id is not None:
            errors["region"] = _("Choose a region (a provider at the top of the hierarchy).")
        if self.user_id is not None and hasattr(self.user, "applicant"):
            errors["user"] = _(
                "This account files applications on the portal; an official needs an account "
                "of their own."
            )
        if errors:
            raise ValidationError(errors)


class ISFailureProtocol(models.Model):
    """§8: the ICT officer's protocol of a technical problem, signed off by the provider."""

    provider = models.ForeignKey(
        "landplots.Provider", on_delete=models.PROTECT, related_name="failure_protocols"
    )
    occurred_at = models.DateTimeField(_("failure began"))
    resolved_at = models.DateTimeField(_("failure ended"), null=True, blank=True)
    description = models.TextField(_("what happened"))
    affected_cases = models.ManyToManyField("landplots.Application", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed by the provider"), null=True, blank=True)

    class Meta:
        verbose_name = _("IS-failure protocol")
        verbose_name_plural = _("IS-failure protocols")
        ordering = ["-occurred_at"]
        permissions = [
            ("record_failure", _("Record an information-system failure (§8)")),
            ("sign_failure_protocol", _("Sign an IS-failure protocol for the provider (§8)")),
        ]

    def __str__(self):
        return f"{self.provider} {self.occurred_at:%Y-%m-%d %H:%M}"

"""Approving bodies and the approval round (SPEC.md §6 steps 1.4–1.5)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from landplots.models import Application, Provider, TimeStampedModel
from landplots.models.documents import document_path


class ApprovingBody(TimeStampedModel):
    class Kind(models.TextChoices):
        STATE_BODY = "state_body", _("Interested state body or service")
        NATURAL_MONOPOLY = "natural_monopoly", _("Natural monopoly (utility)")
        STATE_CORPORATION = "state_corporation", _("State Corporation")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(
        _("name (English)"),
        max_length=255,
        blank=True,
        help_text=_("Shown on the English pages; the Russian name when empty."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    providers = models.ManyToManyField(
        Provider,
        verbose_name=_("consulted by"),
        related_name="approving_bodies",
        blank=True,
        help_text=_("Providers that send their selection acts to this body for approval."),
    )
    has_information_system = models.BooleanField(
        _("has its own information system"),
        default=True,
        help_text=_("§6 step 1.4: bodies without one receive the act on paper."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("approving body")
        verbose_name_plural = _("approving bodies")
        ordering = ["kind", "name_ru"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the page's language, as a provider's is shown."""
        from django.utils.translation import get_language

        lang = (get_language() or "kk")[:2]
        return {"kk": self.name_kk, "ru": self.name_ru}.get(lang) or self.name_en or self.name_ru

    @property
    def gives_technical_conditions(self) -> bool:
        return self.kind == self.Kind.NATURAL_MONOPOLY


class ApprovalRequest(TimeStampedModel):
    """One request per body per case: a conclusion (1.5a) or technical conditions (1.5b)."""

    class Answer(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEGATIVE = "negative", _("Negative")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="approval_requests"
    )
    body = models.ForeignKey(ApprovingBody, on_delete=models.PROTECT, related_name="requests")
    sent_at = models.DateTimeField(_("sent"))
    due_at = models.DateTimeField(_("answer due"), db_index=True)
    on_paper = models.BooleanField(_("sent on paper"), default=False)
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, null=True, blank=True
    )
    reasoning = models.TextField(_("reasons"), blank=True)
    technical_conditions = models.FileField(
        _("technical conditions"), upload_to=document_path, blank=True
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A late answer still counts (§6 step 1.5); it is marked so supervisors see it.
    late = models.BooleanField(_("answered late"), default=False)

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "body"], name="one_request_per_body"),
            models.CheckConstraint(
                condition=models.Q(answer__isnull=True) | models.Q(answered_at__isnull=False),
                name="answer_has_time",
            ),
        ]
        indexes = [models.Index(fields=["body", "answer", "due_at"])]
        permissions = [
            ("answer_conclusion", _("Give a conclusion (§6 step 1.5a)")),
            ("give_technical_conditions", _("Give technical conditions (§6 step 1.5b)")),
        ]

    def __str__(self):
        return f"{self.application} → {self.body}"

    @property
    def is_answered(self) -> bool:
        return self.answer is not None

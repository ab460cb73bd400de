"""The application (Annex 1) and its state machine (SPEC.md §3, §6).

Transition methods only change fields in memory; the services in ``workflow.services`` lock
the row, run them, save, log and open or close the clocks in one transaction.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from landplots import rules

from .base import TimeStampedModel
from .parties import Applicant, Provider


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REGISTERED = "registered", _("Registered")
    AT_ARCHITECTURE = "at_architecture", _("At the architecture authority")
    ACT_PREPARATION = "act_preparation", _("Selection act in preparation")
    IN_APPROVAL = "in_approval", _("In the approval round")
    FINAL_ACT_PREPARATION = "final_act_preparation", _("Final act in preparation")
    HEAD_SIGNATURE = "head_signature", _("Final act awaiting signature")
    ACT_SIGNED = "act_signed", _("Final act signed, being sent")
    REFUSAL_PREPARATION = "refusal_preparation", _("Refusal in preparation")
    REFUSAL_SIGNATURE = "refusal_signature", _("Refusal awaiting signature")
    AWAITING_APPLICANT = "awaiting_applicant", _("Awaiting agreement and payment")
    CADASTRAL_PLAN_PREPARATION = "cadastral_plan_preparation", _("Cadastral plan in preparation")
    CADASTRAL_PLAN_APPROVAL = "cadastral_plan_approval", _("Cadastral plan under approval")
    DECISION_DRAFTING = "decision_drafting", _("Decision being drafted")
    DECISION_SIGNING = "decision_signing", _("Decision awaiting signature")
    DECISION_REGISTRATION = "decision_registration", _("Decision being registered")
    GRANTED = "granted", _("Land-use right granted")
    REFUSED = "refused", _("Refused")
    ACT_EXPIRED = "act_expired", _("Selection act expired")


FINAL_STATES = frozenset({State.GRANTED, State.REFUSED, State.ACT_EXPIRED})
STAGE_ONE_STATES = frozenset(
    {
        State.SUBMITTED,
        State.REGISTERED,
        State.AT_ARCHITECTURE,
        State.ACT_PREPARATION,
        State.IN_APPROVAL,
        State.FINAL_ACT_PREPARATION,
        State.HEAD_SIGNATURE,
        State.ACT_SIGNED,
        State.REFUSAL_PREPARATION,
        State.REFUSAL_SIGNATURE,
    }
)
STAGE_TWO_STATES = frozenset(
    {
        State.CADASTRAL_PLAN_PREPARATION,
        State.CADASTRAL_PLAN_APPROVAL,
        State.DECISION_DRAFTING,
        State.DECISION_SIGNING,
        State.DECISION_REGISTRATION,
    }
)
# §9 grounds 1–2 can be raised from any stage-1 review step (SPEC.md §6, last note).
REVIEW_STATES = [State.REGISTERED, State.AT_ARCHITECTURE, State.ACT_PREPARATION]


class Purpose(models.TextChoices):
    INDIVIDUAL_HOUSING = "individual_housing", _("Individual housing")
    APARTMENT_BUILDING = "apartment_building", _("Apartment building")
    COMMERCIAL = "commercial", _("Commercial building")
    INDUSTRIAL = "industrial", _("Industrial facility")
    SOCIAL = "social", _("Social facility (school, clinic, sports)")
    GARAGE = "garage", _("Garage or parking")
    AGRICULTURAL_BUILDING = "agricultural_building", _("Farm building")
    OTHER = "other", _("Other (describe)")


class UseRight(models.TextChoices):
    TEMPORARY_PAID = "temporary_paid", _("Temporary paid land use")
    TEMPORARY_FREE = "temporary_free", _("Temporary free land use")


def location_scheme_path(instance, filename):
    # The stored name is ours; the applicant's file name and path are never used.
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"schemes/{uuid.uuid4().hex}.{ext}"


class Application(FSMModelMixin, TimeStampedModel):
    number = models.CharField(_("case number"), max_length=40, unique=True, null=True, blank=True)
    applicant = models.ForeignKey(
        Applicant,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    provider = models.ForeignKey(
        Provider, verbose_name=_("addressee"), on_delete=models.PROTECT, related_name="applications"
    )
    # Annex 1, the plot.
    plot_address = models.CharField(_("plot location"), max_length=500)
    area_ha = models.DecimalField(_("area, hectares"), max_digits=10, decimal_places=4)
    purpose = models.CharField(_("intended purpose"), max_length=40, choices=Purpose.choices)
    purpose_detail = models.CharField(_("purpose, in detail"), max_length=500, blank=True)
    use_right = models.CharField(_("requested right"), max_length=20, choices=UseRight.choices)
    consent = models.BooleanField(
        _("consent to the use of legally protected secrets in information systems"),
        default=False,
    )
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    location_scheme = models.FileField(
        _("location scheme"), upload_to=location_scheme_path, blank=True
    )
    # Applicant data as signed (Annex 1 snapshot: the profile may change later).
    applicant_snapshot = models.JSONField(_("applicant as filed"), default=dict, blank=True)

    state = FSMField(
        _("state"), default=State.DRAFT, choices=State.choices, protected=True, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    received_at = models.DateTimeField(
        _("received"), null=True, blank=True, help_text=_("§5: the next working time.")
    )
    promised_at = models.DateTimeField(
        _("result promised by"), null=True, blank=True, help_text=_("§5: shown to the applicant.")
    )
    stage_two_started_at = models.DateTimeField(_("stage 2 started"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    architecture_executor = models.ForeignKey(
        "auth.User",
        verbose_name=_("architecture executor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    land_executor = models.ForeignKey(
        "auth.User",
        verbose_name=_("land-relations executor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    act_agreed_at = models.DateTimeField(_("final act agreed"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["provider", "state"]),
            # Case lists in a provider's scope are read newest first.
            models.Index(fields=["provider", "-created_at"], name="application_provider_recent"),
            models.Index(fields=["state", "received_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(area_ha__gt=0), name="application_area_positive"
            ),
        ]
        permissions = [
            ("register_application", _("Register a received application (§6 step 1.1)")),
            ("forward_application", _("Forward to the architecture authority (§6 step 1.2)")),
            ("assign_architecture_executor", _("Assign the architecture executor (§6 step 1.3)")),
            ("dispatch_selection_act", _("Send the selection act for approval (§6 step 1.4)")),
            ("prepare_final_act", _("Prepare the final selection act (§6 step 1.6)")),
            ("open_refusal", _("Open a refusal on §9 grounds 1–2")),
            ("draft_refusal", _("Draft the motivated refusal (§6 step 1.7)")),
            ("sign_selection_act", _("Sign the final selection act (§6 step 1.8)")),
            ("sign_refusal", _("Sign the motivated refusal (§6 step 1.8)")),
            ("send_act_to_applicant", _("Send the act and invoice to the applicant (§6 step 1.9)")),
            ("issue_invoice", _("Issue the cadastral-works invoice (§6 step 1.9)")),
            ("return_expired_act", _("Return an expired act for cancellation (§6 step 1.11)")),
            ("prepare_cadastral_plan", _("Prepare the land cadastral plan (§6 step 2.1)")),
            ("approve_cadastral_plan", _("Approve the cadastral plan (§6 step 2.2)")),
            ("draft_decision", _("Draft the decision (§6 step 2.3)")),
            ("sign_decision", _("Sign the decision (§6 step 2.4)")),
            ("register_decision", _("Register and send the decision (§6 step 2.5)")),
        ]

    def __str__(self):
        return self.number or _("Draft #%(pk)s") % {"pk": self.pk}

    @property
    def stage(self) -> int:
        if self.state in STAGE_TWO_STATES or self.state == State.GRANTED:
            return 2
        return 1

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    # --- Stage 1 -------------------------------------------------------------------------

    @transition(
        field=state,
        source=State.DRAFT,
        target=State.SUBMITTED,
        permission=rules.is_applicant_of,
        conditions=[rules.is_complete],
    )
    def submit(self):
        """The applicant signs and submits (Annex 1)."""

    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.REGISTERED,
        permission="landplots.register_application",
    )
    def register(self):
        """§6 step 1.1: the office registers and passes to leadership."""

    @transition(
        field=state,
        source=State.REGISTERED,
        target=State.AT_ARCHITECTURE,
        permission="landplots.forward_application",
    )
    def forward(self):
        """§6 step 1.2: leadership forwards to the architecture authority."""

    @transition(
        field=state,
        source=State.AT_ARCHITECTURE,
        target=State.ACT_PREPARATION,
        permission="landplots.assign_architecture_executor",
        conditions=[rules.has_architecture_executor],
    )
    def assign_executor(self):
        """§6 step 1.3: the architecture head assigns a responsible executor."""

    @transition(
        field=state,
        source=State.ACT_PREPARATION,
        target=State.IN_APPROVAL,
        permission="landplots.dispatch_selection_act",
        conditions=[rules.draft_act_is_ready],
    )
    def dispatch(self):
        """§6 step 1.4: the act, scheme and APZ go to every approving body at once."""

    @transition(
        field=state,
        source=State.IN_APPROVAL,
        target=State.FINAL_ACT_PREPARATION,
        conditions=[rules.every_conclusion_positive],
        custom={"automatic": True},
    )
    def close_round_positive(self):
        """§6 step 1.6 opens: every body answered positively."""

    @transition(
        field=state,
        source=State.IN_APPROVAL,
        target=State.REFUSAL_PREPARATION,
        conditions=[rules.some_conclusion_negative],
        custom={"automatic": True},
    )
    def close_round_negative(self):
        """§6 step 1.7 opens: a body answered negatively (§9 ground 3)."""

    @transition(
        field=state,
        source=State.FINAL_ACT_PREPARATION,
        target=State.HEAD_SIGNATURE,
        permission="landplots.prepare_final_act",
        conditions=[rules.every_conclusion_positive, rules.final_act_is_ready],
    )
    def prepare_final_act(self):
        """§6 step 1.6: the final act with APZ and TU goes to the head."""

    @transition(
        field=state,
        source=REVIEW_STATES,
        target=State.REFUSAL_PREPARATION,
        permission="landplots.open_refusal",
        conditions=[rules.has_refusal_ground],
    )
    def open_refusal(self):
        """§9 grounds 1–2, raised at a review step."""

    @transition(
        field=state,
        source=State.REFUSAL_PREPARATION,
        target=State.REFUSAL_SIGNATURE,
        permission="landplots.draft_refusal",
        conditions=[rules.refusal_is_drafted],
    )
    def draft_refusal(self):
        """§6 step 1.7: the motivated refusal goes to the head."""

    @transition(
        field=state,
        source=State.HEAD_SIGNATURE,
        target=State.ACT_SIGNED,
        permission="landplots.sign_selection_act",
    )
    def sign_final_act(self):
        """§6 step 1.8: the head signs the final act."""

    @transition(
        field=state,
        source=State.REFUSAL_SIGNATURE,
        target=State.REFUSED,
        permission="landplots.sign_refusal",
        conditions=[rules.refusal_is_drafted],
    )
    def sign_refusal(self):
        """§6 steps 1.8–1.9: the head signs; the refusal goes to the applicant's cabinet."""

    @transition(
        field=state,
        source=State.ACT_SIGNED,
        target=State.AWAITING_APPLICANT,
        permission="landplots.send_act_to_applicant",
        conditions=[rules.invoice_is_issued],
    )
    def send_to_applicant(self):
        """§6 step 1.9: the final act and the invoice go to the applicant's cabinet."""

    @transition(
        field=state,
        source=State.AWAITING_APPLICANT,
        target=State.ACT_EXPIRED,
        permission="landplots.return_expired_act",
        conditions=[rules.act_not_agreed, rules.act_validity_passed],
    )
    def expire_act(self):
        """§6 step 1.11: an act not agreed within 10 WD is returned for cancellation."""

    # --- Stage 2 -------------------------------------------------------------------------

    @transition(
        field=state,
        source=State.AWAITING_APPLICANT,
        target=State.CADASTRAL_PLAN_PREPARATION,
        conditions=[rules.act_is_agreed, rules.invoice_is_settled],
        custom={"automatic": True},
    )
    def begin_stage_two(self):
        """§6 step 1.10 done: agreed and paid (or exempt); stage 2's 18 WD start."""

    @transition(
        field=state,
        source=State.CADASTRAL_PLAN_PREPARATION,
        target=State.CADASTRAL_PLAN_APPROVAL,
        permission="landplots.prepare_cadastral_plan",
        conditions=[rules.cadastral_plan_is_ready],
    )
    def submit_cadastral_plan(self):
        """§6 step 2.1: the State Corporation sends the plan to the land-relations authority."""

    @transition(
        field=state,
        source=State.CADASTRAL_PLAN_APPROVAL,
        target=State.DECISION_DRAFTING,
        permission="landplots.approve_cadastral_plan",
        conditions=[rules.has_land_executor],
    )
    def approve_cadastral_plan(self):
        """§6 step 2.2: the land-relations head approves and assigns an executor."""

    @transition(
        field=state,
        source=State.DECISION_DRAFTING,
        target=State.DECISION_SIGNING,
        permission="landplots.draft_decision",
        conditions=[rules.decision_is_drafted],
    )
    def draft_decision(self):
        """§6 step 2.3: the decision is drafted."""

    @transition(
        field=state,
        source=State.DECISION_SIGNING,
        target=State.DECISION_REGISTRATION,
        permission="landplots.sign_decision",
    )
    def sign_decision(self):
        """§6 step 2.4: leadership signs the decision."""

    @transition(
        field=state,
        source=State.DECISION_REGISTRATION,
        target=State.GRANTED,
        permission="landplots.register_decision",
    )
    def register_decision(self):
        """§6 step 2.5: the office registers the result and sends it to the cabinet."""

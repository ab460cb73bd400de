"""One service per step of SPEC.md §3. Views, the admin, the API, tasks and the walkthrough
call these; none of them changes a case any other way."""

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import ApprovalRequest, ApprovingBody
from landplots.models import (
    Application,
    CadastralPlan,
    CaseCounter,
    Decision,
    Invoice,
    Refusal,
    SelectionAct,
    State,
    Tariff,
)
from landplots.uploads import DocumentRejected, checked_document
from workflow import clock, working_time
from workflow.models import Deadline
from workflow.roles import Role
from workflow.services.clocks import clock_open, clocks_close
from workflow.services.errors import Conflict, InvalidInput
from workflow.services.notifications import notify, notify_role
from workflow.services.transitions import run_transition
from workflow.steps import (
    ACT_VALIDITY,
    CONCLUSION,
    STAGE_ONE,
    TECHNICAL_CONDITIONS,
)


def _local(dt: datetime) -> str:
    return timezone.localtime(dt).strftime("%d.%m.%Y %H:%M")


def _tell_applicant(application: Application, key: str, subject: str, body: str) -> None:
    notify(
        recipient=application.applicant.user,
        application=application,
        key=f"case:{application.pk}:{key}",
        subject=subject,
        body=body,
    )


def _documents_checked(**documents) -> dict[str, list[str]]:
    """Each attached file (``field=(upload, stem)``) checked by content and size and renamed
    to ``<stem>.<kind>`` (``landplots.uploads``), whoever the caller; what is wrong with the
    others, by field. An absent file is left to the step. Runs before anything is saved."""
    errors = {}
    for field, (upload, stem) in documents.items():
        if not upload:
            continue
        try:
            checked_document(upload, stem)
        except DocumentRejected as rejected:
            errors[field] = [rejected.message]
    return errors


def _case_number(application: Application, at: datetime) -> str:
    """Provider code, year, sequence: readable by people, unique per provider and year."""
    year = timezone.localtime(at).year
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(
        provider=application.provider, year=year
    )
    CaseCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return f"{application.provider.code}-{year}-{counter.last:06d}"


# --- Stage 1 ------------------------------------------------------------------------------


def application_submit(*, application_id: int, actor, signature: dict | None = None) -> Application:
    """The applicant signs and submits. §5: received at the next working time; the promised
    date (28 WD of stage 1) goes to the cabinet."""

    def before(app: Application) -> None:
        now = clock.now()
        app.submitted_at = now
        app.received_at = working_time.received_at(now, app.provider.office_hours)
        app.number = _case_number(app, app.received_at)
        applicant = app.applicant
        app.applicant_snapshot = {
            "kind": applicant.kind,
            "name": applicant.display_name,
            "iin": applicant.iin,
            "bin": applicant.bin,
            "representative_name": applicant.representative_name,
            "representative_iin": applicant.representative_iin,
            "id_document": applicant.id_document,
            "address": applicant.address,
            "signature": signature or {},
        }

    def after(app: Application) -> None:
        stage = clock_open(application=app, step=STAGE_ONE, started_at=app.received_at)
        # Step 1.1 counts from receipt, not from the instant the portal took the form.
        Deadline.objects.filter(application=app, step="1.1", done_at__isnull=True).update(
            started_at=app.received_at,
            due_at=working_time.add_working_minutes(app.received_at, 15, app.provider.office_hours),
        )
        app.promised_at = stage.due_at
        app.save(update_fields=["promised_at", "updated_at"])
        _tell_applicant(
            app,
            "accepted",
            _("Application %(number)s accepted") % {"number": app.number},
            _(
                "Your application %(number)s was received on %(received)s. The result of "
                "stage 1 (the land-selection act or a motivated refusal) is due by %(due)s."
            )
            % {
                "number": app.number,
                "received": _local(app.received_at),
                "due": _local(stage.due_at),
            },
        )

    return run_transition(
        application_id=application_id, name="submit", actor=actor, before=before, after=after
    )


def application_register(*, application_id: int, actor, comment: str = "") -> Application:
    return run_transition(
        application_id=application_id, name="register", actor=actor, comment=comment
    )


def application_forward(*, application_id: int, actor, comment: str = "") -> Application:
    return run_transition(
        application_id=application_id, name="forward", actor=actor, comment=comment
    )


def executor_assign(*, application_id: int, actor, executor, comment: str = "") -> Application:
    """§6 step 1.3."""
    _require_official(executor, role="arch_executor", label=_("architecture executor"))

    def before(app: Application) -> None:
        if executor.official.provider_id != app.provider_id:
            raise InvalidInput(
                _("The executor must work for this case's provider."),
                field_errors={"executor": [_("Not an executor of this provider.")]},
            )
        app.architecture_executor = executor

    return run_transition(
        application_id=application_id,
        name="assign_executor",
        actor=actor,
        before=before,
        comment=comment,
    )


def act_dispatch(
    *,
    application_id: int,
    actor,
    draft_file,
    situational_scheme,
    apz_file,
    apz_summary: str = "",
) -> Application:
    """§6 step 1.4: the act, scheme and APZ go at once to every body the provider consults;
    each body's clock starts now (12 WD for a conclusion, 5 WD for technical conditions)."""
    errors = {
        name: [_("This document is required.")]
        for name, value in (
            ("draft_file", draft_file),
            ("situational_scheme", situational_scheme),
            ("apz_file", apz_file),
        )
        if not value
    }
    errors.update(
        _documents_checked(
            draft_file=(draft_file, "draft-act"),
            situational_scheme=(situational_scheme, "scheme"),
            apz_file=(apz_file, "apz"),
        )
    )
    if errors:
        raise InvalidInput(field_errors=errors)

    def before(app: Application) -> None:
        if not app.provider.approving_bodies.filter(is_active=True).exists():
            raise Conflict(_("No approving bodies are set up for this provider."))
        act, _created = SelectionAct.objects.get_or_create(application=app)
        act.draft_file = draft_file
        act.situational_scheme = situational_scheme
        act.apz_file = apz_file
        act.apz_summary = apz_summary
        act.prepared_at = clock.now()
        act.save()
        app.selection_act = act

    def after(app: Application) -> None:
        now = clock.now()
        bodies = app.provider.approving_bodies.filter(is_active=True).order_by("pk")
        for body in bodies:
            step = TECHNICAL_CONDITIONS if body.gives_technical_conditions else CONCLUSION
            request = ApprovalRequest(
                application=app,
                body=body,
                sent_at=now,
                due_at=now,  # set from the clock just below
                on_paper=not body.has_information_system,
            )
            request.save()
            deadline = clock_open(
                application=app, step=step, started_at=now, approval_request=request
            )
            ApprovalRequest.objects.filter(pk=request.pk).update(due_at=deadline.due_at)

    return run_transition(
        application_id=application_id, name="dispatch", actor=actor, before=before, after=after
    )


def conclusion_record(
    *,
    request_id: int,
    actor,
    answer: str,
    reasoning: str = "",
    technical_conditions=None,
) -> ApprovalRequest:
    """§6 step 1.5: a body's conclusion (or a utility's technical conditions). A late answer
    is marked late and still counts. The last positive answer opens the final act; any
    negative answer opens the refusal (§9 ground 3)."""
    from workflow.selectors import approval_requests_for_user

    if answer not in ApprovalRequest.Answer.values:
        raise InvalidInput(field_errors={"answer": [_("Choose positive or negative.")]})
    if answer == ApprovalRequest.Answer.NEGATIVE and not reasoning.strip():
        raise InvalidInput(
            field_errors={"reasoning": [_("A negative conclusion must give its reasons.")]}
        )
    bad_file = _documents_checked(
        technical_conditions=(technical_conditions, "technical-conditions")
    )
    if bad_file:
        raise InvalidInput(field_errors=bad_file)
    with transaction.atomic():
        request = (
            approval_requests_for_user(actor, ApprovalRequest.objects.select_for_update())
            .select_related("body")
            .filter(pk=request_id)
            .first()
        )
        if request is None:
            from workflow.services.errors import NotFound

            raise NotFound(_("No such approval request in your scope."))
        perm = (
            "approvals.give_technical_conditions"
            if request.body.gives_technical_conditions
            else "approvals.answer_conclusion"
        )
        if actor is not None and not actor.has_perm(perm):
            from workflow.services.errors import NotPermitted

            raise NotPermitted()
        if (
            request.body.gives_technical_conditions
            and answer == ApprovalRequest.Answer.POSITIVE
            and not technical_conditions
        ):
            raise InvalidInput(
                field_errors={
                    "technical_conditions": [_("Attach the technical conditions document.")]
                }
            )
        if request.answer is not None:
            raise Conflict(_("This request has already been answered."))
        # Lock order: the case first, then the request, as in run_transition.
        application = Application.objects.select_for_update(no_key=True).get(
            pk=request.application_id
        )
        if application.state != State.IN_APPROVAL:
            raise Conflict(_("The approval round of this case is closed."))
        now = clock.now()
        request.answer = answer
        request.reasoning = reasoning
        if technical_conditions:
            request.technical_conditions = technical_conditions
        request.answered_at = now
        request.answered_by = actor
        request.late = now > request.due_at
        request.save()
        Deadline.objects.filter(approval_request=request, done_at__isnull=True).update(done_at=now)

        if answer == ApprovalRequest.Answer.NEGATIVE:
            _close_round_negative(application, request)
        elif not application.approval_requests.filter(
            Q(answer__isnull=True) | ~Q(answer=ApprovalRequest.Answer.POSITIVE)
        ).exists():
            run_transition(application_id=application.pk, name="close_round_positive")
    return request


def _close_round_negative(application: Application, request: ApprovalRequest) -> None:
    def before(app: Application) -> None:
        Refusal.objects.update_or_create(
            application=app,
            defaults={
                "ground": Refusal.Ground.NEGATIVE_CONCLUSION,
                "reasoning": _("%(body)s: %(reasons)s")
                % {"body": request.body, "reasons": request.reasoning},
            },
        )

    def after(app: Application) -> None:
        # The round is over: the other bodies' clocks stop.
        Deadline.objects.filter(
            application=app, approval_request__isnull=False, done_at__isnull=True
        ).update(done_at=clock.now())

    run_transition(
        application_id=application.pk, name="close_round_negative", before=before, after=after
    )


def final_act_prepare(*, application_id: int, actor, final_file) -> Application:
    """§6 step 1.6: the final act, with APZ and TU, goes to the head."""
    if not final_file:
        raise InvalidInput(field_errors={"final_file": [_("Attach the final act.")]})
    bad_file = _documents_checked(final_file=(final_file, "final-act"))
    if bad_file:
        raise InvalidInput(field_errors=bad_file)

    def before(app: Application) -> None:
        act = app.selection_act
        act.final_file = final_file
        act.final_prepared_at = clock.now()
        act.save(update_fields=["final_file", "final_prepared_at", "updated_at"])

    return run_transition(
        application_id=application_id, name="prepare_final_act", actor=actor, before=before
    )


def refusal_open(*, application_id: int, actor, ground: int, reasoning: str = "") -> Application:
    """§9 grounds 1–2, raised at a review step (ground 3 comes from the approval round)."""
    if ground not in (Refusal.Ground.UNTRUE_DOCUMENTS, Refusal.Ground.LAND_CODE_REQUIREMENTS):
        raise InvalidInput(
            field_errors={
                "ground": [_("At a review step a refusal can only cite §9 ground 1 or 2.")]
            }
        )

    def before(app: Application) -> None:
        Refusal.objects.update_or_create(
            application=app,
            defaults={"ground": ground, "reasoning": reasoning, "opened_by": actor},
        )

    return run_transition(
        application_id=application_id, name="open_refusal", actor=actor, before=before
    )


def refusal_draft(*, application_id: int, actor, reasoning: str, ground: int | None = None):
    """§6 step 1.7: the motivated refusal, citing its §9 ground, goes to the head."""
    if not reasoning or not reasoning.strip():
        raise InvalidInput(field_errors={"reasoning": [_("Write the reasons for the refusal.")]})
    if ground is not None and ground not in Refusal.Ground.values:
        raise InvalidInput(
            field_errors={"ground": [_("Refusal is possible only on §9 grounds 1–3.")]}
        )

    def before(app: Application) -> None:
        refusal, _created = Refusal.objects.get_or_create(
            application=app, defaults={"ground": ground or Refusal.Ground.LAND_CODE_REQUIREMENTS}
        )
        if ground is not None:
            refusal.ground = ground
        refusal.reasoning = reasoning
        refusal.drafted_at = clock.now()
        refusal.drafted_by = actor
        refusal.save()
        app.refusal = refusal

    return run_transition(
        application_id=application_id, name="draft_refusal", actor=actor, before=before
    )


def final_act_sign(*, application_id: int, actor) -> Application:
    """§6 step 1.8."""

    def before(app: Application) -> None:
        SelectionAct.objects.filter(application=app).update(signed_at=clock.now(), signed_by=actor)

    return run_transition(
        application_id=application_id, name="sign_final_act", actor=actor, before=before
    )


def refusal_sign(*, application_id: int, actor) -> Application:
    """§6 steps 1.8–1.9: signed and sent to the cabinet; the case ends refused."""

    def before(app: Application) -> None:
        Refusal.objects.filter(application=app).update(signed_at=clock.now(), signed_by=actor)

    def after(app: Application) -> None:
        app.closed_at = clock.now()
        app.save(update_fields=["closed_at", "updated_at"])
        _tell_applicant(
            app,
            "refused",
            _("Motivated refusal on application %(number)s") % {"number": app.number},
            _("The provider refused application %(number)s. %(ground)s. %(reasons)s")
            % {
                "number": app.number,
                "ground": app.refusal.get_ground_display(),
                "reasons": app.refusal.reasoning,
            },
        )

    return run_transition(
        application_id=application_id, name="sign_refusal", actor=actor, before=before, after=after
    )


def tariff_for(area_ha: Decimal, on: datetime) -> Tariff | None:
    day = timezone.localtime(on).date()
    return (
        Tariff.objects.filter(is_active=True, valid_from__lte=day)
        .filter(Q(max_area_ha__isnull=True) | Q(max_area_ha__gte=area_ha))
        .order_by(F("max_area_ha").asc(nulls_last=True), "-valid_from")
        .first()
    )


def invoice_issue(*, application_id: int, actor) -> Invoice:
    """The State Corporation's invoice for the cadastral plan, from the tariff table; free for
    orphans and children without parental care under 18 (Annex 2 row 6)."""
    from workflow.selectors import application_in_scope

    with transaction.atomic():
        # Lock by key, check the scope apart: a body's scope is a DISTINCT query, which
        # PostgreSQL cannot lock.
        application = (
            Application.objects.select_for_update(of=("self",), no_key=True)
            .select_related("applicant")
            .filter(pk=application_id)
            .first()
        )
        if application is None or not application_in_scope(actor, application):
            from workflow.services.errors import NotFound

            raise NotFound()
        if actor is not None and not actor.has_perm("landplots.issue_invoice"):
            from workflow.services.errors import NotPermitted

            raise NotPermitted()
        if application.state != State.ACT_SIGNED:
            raise Conflict(_("An invoice is issued once the final act is signed."))
        if Invoice.objects.filter(application=application).exists():
            raise Conflict(_("The invoice for this case has already been issued."))
        now = clock.now()
        exempt = application.applicant.is_fee_exempt_on(timezone.localtime(now).date())
        tariff = None if exempt else tariff_for(application.area_ha, now)
        if not exempt and tariff is None:
            raise Conflict(_("No cadastral-works tariff covers this plot; add one in the admin."))
        return Invoice.objects.create(
            application=application,
            tariff=tariff,
            amount=Decimal("0") if exempt else tariff.amount,
            exempt=exempt,
            issued_at=now,
            issued_by=actor,
        )


def act_send(*, application_id: int, actor) -> Application:
    """§6 step 1.9: the final act and the invoice reach the cabinet; the applicant's clocks
    (3 WD to agree and pay, 10 WD validity of the act) start."""

    def after(app: Application) -> None:
        now = clock.now()
        validity = Deadline.objects.get(
            application=app, step=ACT_VALIDITY.code, done_at__isnull=True
        )
        SelectionAct.objects.filter(application=app).update(
            sent_at=now, valid_until=validity.due_at
        )
        invoice = app.invoice
        _tell_applicant(
            app,
            "act-sent",
            _("Final selection act for %(number)s: agree and pay") % {"number": app.number},
            _(
                "The final land-selection act is in your cabinet. Agree it and pay the "
                "cadastral-works invoice (%(amount)s) within 3 working days. An act not "
                "agreed by %(valid)s expires and is returned for cancellation."
            )
            % {
                "amount": _("free of charge") if invoice.exempt else f"{invoice.amount} ₸",
                "valid": _local(validity.due_at),
            },
        )

    return run_transition(
        application_id=application_id, name="send_to_applicant", actor=actor, after=after
    )


def _begin_stage_two_if_ready(application: Application) -> Application:
    from landplots import rules

    if not (rules.act_is_agreed(application) and rules.invoice_is_settled(application)):
        return application

    def after(app: Application) -> None:
        stage = Deadline.objects.get(application=app, step="stage2", done_at__isnull=True)
        app.stage_two_started_at = stage.started_at
        app.promised_at = stage.due_at
        app.save(update_fields=["stage_two_started_at", "promised_at", "updated_at"])
        _tell_applicant(
            app,
            "stage-two",
            _("Stage 2 started for %(number)s") % {"number": app.number},
            _("The decision granting the land-use right is due by %(due)s.")
            % {"due": _local(stage.due_at)},
        )

    return run_transition(application_id=application.pk, name="begin_stage_two", after=after)


def act_agree(*, application_id: int, actor) -> Application:
    """§6 step 1.10: the applicant agrees the final act."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",), no_key=True)
            .filter(pk=application_id, applicant__user=actor)
            .first()
            if actor is not None and actor.is_active
            else None
        )
        if application is None:
            from workflow.services.errors import NotFound

            raise NotFound()
        if application.state != State.AWAITING_APPLICANT:
            raise Conflict(_("There is no final act waiting for your agreement."))
        if application.act_agreed_at is not None:
            raise Conflict(_("You have already agreed this act."))
        now = clock.now()
        valid_until = (
            SelectionAct.objects.filter(application=application)
            .values_list("valid_until", flat=True)
            .first()
        )
        # §6 step 1.11: past its 10 WD the act is void, even in the minute before the sweep
        # moves the case to act_expired.
        if valid_until is not None and now >= valid_until:
            raise Conflict(
                _("The final act expired on %(at)s and is being returned for cancellation.")
                % {"at": _local(valid_until)}
            )
        application.act_agreed_at = now
        application.save(update_fields=["act_agreed_at", "updated_at"])
        SelectionAct.objects.filter(application=application).update(agreed_at=now)
        # Agreement stops the act's 10 WD validity clock (§6 step 1.11).
        clocks_close(application=application, steps=[ACT_VALIDITY.code], at=now)
        from workflow.models import TransitionLog
        from workflow.roles import Role

        TransitionLog.objects.create(
            application=application,
            transition="agree_act",
            actor=actor,
            role=Role.APPLICANT,
            source=application.state,
            target=application.state,
            at=now,
        )
        return _begin_stage_two_if_ready(application)


def invoice_settle(*, application_id: int, reference: str, paid_at: datetime | None = None):
    """The payment gateway confirmed payment (called from the verified callback)."""
    with transaction.atomic():
        application = Application.objects.select_for_update(no_key=True).get(pk=application_id)
        invoice = Invoice.objects.select_for_update().get(application=application)
        if invoice.paid_at is not None:
            return application
        invoice.paid_at = paid_at or clock.now()
        invoice.payment_reference = reference
        invoice.save(update_fields=["paid_at", "payment_reference", "updated_at"])
        if application.state == State.AWAITING_APPLICANT:
            return _begin_stage_two_if_ready(application)
        return application


def act_expire(*, application_id: int, actor=None) -> Application:
    """§6 step 1.11: an act not agreed within 10 WD is returned to the architecture authority
    for cancellation, and the applicant is told."""

    def after(app: Application) -> None:
        now = clock.now()
        SelectionAct.objects.filter(application=app).update(returned_for_cancellation_at=now)
        app.closed_at = now
        app.save(update_fields=["closed_at", "updated_at"])
        _tell_applicant(
            app,
            "act-expired",
            _("The selection act for %(number)s has expired") % {"number": app.number},
            _(
                "The final act was not agreed within 10 working days. It has been returned to "
                "the architecture authority for cancellation."
            ),
        )
        notify_role(
            role=Role.ARCH_HEAD,
            provider=app.provider,
            application=app,
            key=f"case:{app.pk}:act-returned",
            subject=_("Selection act of %(number)s returned for cancellation")
            % {"number": app.number},
            body=_("The applicant did not agree the act within 10 working days (§6 step 1.11)."),
        )

    return run_transition(
        application_id=application_id, name="expire_act", actor=actor, after=after
    )


# --- Stage 2 ------------------------------------------------------------------------------


def cadastral_plan_submit(
    *, application_id: int, actor, file, cadastral_number: str = ""
) -> Application:
    """§6 step 2.1."""
    if not file:
        raise InvalidInput(field_errors={"file": [_("Attach the cadastral plan.")]})
    bad_file = _documents_checked(file=(file, "cadastral-plan"))
    if bad_file:
        raise InvalidInput(field_errors=bad_file)

    def before(app: Application) -> None:
        CadastralPlan.objects.update_or_create(
            application=app,
            defaults={
                "file": file,
                "cadastral_number": cadastral_number,
                "prepared_at": clock.now(),
                "prepared_by": actor,
            },
        )

    return run_transition(
        application_id=application_id, name="submit_cadastral_plan", actor=actor, before=before
    )


def cadastral_plan_approve(*, application_id: int, actor, executor) -> Application:
    """§6 step 2.2: approve the plan and assign the land-relations executor."""
    _require_official(executor, role="land_executor", label=_("land-relations executor"))

    def before(app: Application) -> None:
        if executor.official.provider_id != app.provider_id:
            raise InvalidInput(field_errors={"executor": [_("Not an executor of this provider.")]})
        app.land_executor = executor
        CadastralPlan.objects.filter(application=app).update(
            approved_at=clock.now(), approved_by=actor
        )

    return run_transition(
        application_id=application_id, name="approve_cadastral_plan", actor=actor, before=before
    )


def decision_draft(*, application_id: int, actor, text: str, file=None) -> Application:
    """§6 step 2.3."""
    if not (text and text.strip()) and not file:
        raise InvalidInput(field_errors={"text": [_("Write the decision or attach it.")]})
    bad_file = _documents_checked(file=(file, "decision"))
    if bad_file:
        raise InvalidInput(field_errors=bad_file)

    def before(app: Application) -> None:
        decision, _created = Decision.objects.get_or_create(application=app)
        decision.text = text or ""
        if file:
            decision.file = file
        decision.drafted_at = clock.now()
        decision.drafted_by = actor
        decision.save()
        app.decision = decision

    return run_transition(
        application_id=application_id, name="draft_decision", actor=actor, before=before
    )


def decision_sign(*, application_id: int, actor) -> Application:
    """§6 step 2.4."""

    def before(app: Application) -> None:
        Decision.objects.filter(application=app).update(signed_at=clock.now(), signed_by=actor)

    return run_transition(
        application_id=application_id, name="sign_decision", actor=actor, before=before
    )


def decision_register(*, application_id: int, actor) -> Application:
    """§6 step 2.5: registered and sent to the cabinet signed with the provider's EDS."""

    def before(app: Application) -> None:
        Decision.objects.filter(application=app).update(
            registered_at=clock.now(), number=f"{app.number}-D"
        )

    def after(app: Application) -> None:
        app.closed_at = clock.now()
        app.save(update_fields=["closed_at", "updated_at"])
        _tell_applicant(
            app,
            "granted",
            _("Land-use right granted: %(number)s") % {"number": app.number},
            _(
                "The decision granting the land-use right, with the cadastral plan, is in your cabinet."
            ),
        )

    return run_transition(
        application_id=application_id,
        name="register_decision",
        actor=actor,
        before=before,
        after=after,
    )


def _require_official(user, *, role: str, label) -> None:
    official = getattr(user, "official", None) if user is not None else None
    if official is None or official.role != role:
        raise InvalidInput(field_errors={"executor": [_("Choose a %(label)s.") % {"label": label}]})


def body_for(application: Application, kind: str) -> ApprovingBody | None:
    return application.provider.approving_bodies.filter(kind=kind).first()

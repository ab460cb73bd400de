"""Writes of the applicant portal: sign-up, the draft of Annex 1, the checks on an uploaded
location scheme, signing and submitting, and payments. A change of a case's state always goes
through ``workflow.services``; these functions prepare the data and call them."""

import hashlib
import logging
import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from landplots.adapters.eds import SignatureRefused, get_signer
from landplots.adapters.payments import CallbackData, CallbackRejected, get_gateway
from landplots.identity import bin_problem, iin_problem
from landplots.models import (
    Applicant,
    Application,
    Invoice,
    Payment,
    PaymentCallback,
    Provider,
    Signature,
    State,
)
from landplots.uploads import DocumentRejected, checked_document, document_kind
from workflow import clock
from workflow.services import cases
from workflow.services.errors import Conflict, InvalidInput, NotFound

logger = logging.getLogger("landplots.portal")


# --- Accounts --------------------------------------------------------------------------------


def applicant_sign_up(
    *,
    kind: str,
    identity_number: str,
    password: str,
    email: str = "",
    profile: dict,
):
    """Create the portal account and its applicant. The log-in name is the IIN of a person or
    the BIN of an entity: the number people already know by heart."""
    if kind == Applicant.Kind.INDIVIDUAL:
        problem = iin_problem(identity_number)
        field = "iin"
    elif kind == Applicant.Kind.LEGAL_ENTITY:
        problem = bin_problem(identity_number)
        field = "bin"
        rep_problem = iin_problem(profile.get("representative_iin", ""))
        if rep_problem:
            raise InvalidInput(field_errors={"representative_iin": [rep_problem]})
    else:
        raise InvalidInput(field_errors={"kind": [_("Choose an individual or a legal entity.")]})
    if problem:
        raise InvalidInput(field_errors={field: [problem]})
    user_model = get_user_model()
    allowed = {
        "last_name",
        "first_name",
        "patronymic",
        "id_document",
        "organisation_name",
        "representative_name",
        "representative_iin",
        "address",
        "phone",
    }
    try:
        with transaction.atomic():
            user = user_model.objects.create_user(
                username=identity_number, email=email, password=password
            )
            Applicant.objects.create(
                user=user,
                kind=kind,
                **{field: identity_number},
                **{k: v for k, v in profile.items() if k in allowed},
            )
    except IntegrityError:
        raise InvalidInput(
            field_errors={field: [_("An account with this number already exists. Log in.")]}
        ) from None
    return user


# --- The application (Annex 1) ---------------------------------------------------------------


def _scheme_rejected(rejected: DocumentRejected) -> InvalidInput:
    message = rejected.message
    if rejected.code == "kind":
        message = _("The location scheme must be a PDF, JPEG or PNG file (checked by its content).")
    return InvalidInput(field_errors={"location_scheme": [message]})


def location_scheme_check(*, upload) -> str:
    """The extension our stored copy gets, from the file's content (``landplots.uploads``);
    InvalidInput on ``location_scheme`` otherwise."""
    try:
        return document_kind(upload)
    except DocumentRejected as rejected:
        raise _scheme_rejected(rejected) from None


def _own_draft(*, actor, application_id: int, lock: bool = False) -> Application:
    qs = Application.objects.select_for_update(of=("self",)) if lock else Application.objects
    application = qs.filter(pk=application_id, applicant__user=actor).first()
    if application is None:
        raise NotFound()
    if application.state != State.DRAFT:
        raise Conflict(_("This application has been submitted and can no longer be edited."))
    return application


DRAFT_FIELDS = (
    "provider",
    "plot_address",
    "area_ha",
    "purpose",
    "purpose_detail",
    "use_right",
    "consent",
    "contact_phone",
)


def application_draft_save(
    *, actor, data: dict, location_scheme=None, application_id: int | None = None
) -> Application:
    """Create or update the applicant's draft. ``data`` holds the cleaned Annex 1 fields."""
    applicant = Applicant.objects.filter(user=actor).first() if actor else None
    if applicant is None:
        raise NotFound(_("Only an applicant's account can file applications."))
    provider = data.get("provider")
    if not isinstance(provider, Provider) or not provider.accepts_applications:
        raise InvalidInput(
            field_errors={"provider": [_("Choose the akimat or akim the application is for.")]}
        )
    area = data.get("area_ha")
    if not isinstance(area, Decimal) or area <= 0:
        raise InvalidInput(field_errors={"area_ha": [_("The area must be more than zero.")]})
    if location_scheme:
        # Our own name, by content: the user's name and path never reach the storage.
        try:
            checked_document(location_scheme, "scheme")
        except DocumentRejected as rejected:
            raise _scheme_rejected(rejected) from None
    with transaction.atomic():
        if application_id is None:
            application = Application(applicant=applicant)
        else:
            application = _own_draft(actor=actor, application_id=application_id, lock=True)
        for name in DRAFT_FIELDS:
            if name in data:
                setattr(application, name, data[name])
        if location_scheme:
            application.location_scheme = location_scheme
        application.save()
    return application


def _document_for_signature(application: Application) -> dict:
    digest = ""
    if application.location_scheme:
        with application.location_scheme.open("rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
        application.location_scheme.close()
    applicant = application.applicant
    return {
        "form": "Annex 1",
        "provider": application.provider.code,
        "applicant": {"kind": applicant.kind, "number": applicant.identity_number},
        "plot_address": application.plot_address,
        "area_ha": str(application.area_ha),
        "purpose": application.purpose,
        "purpose_detail": application.purpose_detail,
        "use_right": application.use_right,
        "consent": application.consent,
        "contact_phone": application.contact_phone,
        "location_scheme_sha256": digest,
    }


def application_sign_and_submit(*, actor, application_id: int) -> Application:
    """Annex 1 is an electronic document certified by the applicant's EDS: sign through the
    configured EDS adapter, keep the signature, then submit through the workflow."""
    application = _own_draft(actor=actor, application_id=application_id)
    missing = {}
    if not application.consent:
        missing["consent"] = [_("Give your consent to submit the application.")]
    if not application.location_scheme:
        missing["location_scheme"] = [_("Attach the location scheme of the plot.")]
    if missing:
        raise InvalidInput(field_errors=missing)
    document = _document_for_signature(application)
    try:
        result = get_signer().sign(user=actor, document=document)
    except SignatureRefused as exc:
        raise InvalidInput(exc.message) from None
    with transaction.atomic():
        Signature.objects.create(
            application=application,
            signer=actor,
            signed_at=result.signed_at,
            method=result.method,
            digest=result.digest,
            document=document,
            certificate=result.certificate,
        )
        return cases.application_submit(
            application_id=application.pk, actor=actor, signature=result.as_snapshot()
        )


# --- Payment ---------------------------------------------------------------------------------


def payment_start(*, actor, application_id: int) -> tuple[Payment, str]:
    """Open a payment of the cadastral-works invoice; returns it and the gateway's page."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .filter(pk=application_id, applicant__user=actor)
            .first()
        )
        if application is None:
            raise NotFound()
        invoice = Invoice.objects.filter(application=application).first()
        if application.state != State.AWAITING_APPLICANT or invoice is None:
            raise Conflict(_("There is no invoice waiting for payment."))
        if invoice.exempt:
            raise Conflict(_("No payment is due: the cadastral plan is free of charge for you."))
        if invoice.paid_at is not None:
            raise Conflict(_("This invoice has already been paid."))
        payment = Payment.objects.create(
            invoice=invoice,
            reference=f"LP-{secrets.token_hex(12).upper()}",
            amount=invoice.amount,
        )
    return payment, get_gateway().checkout_url(reference=payment.reference)


def _log_callback(*, outcome, data: CallbackData | None, remote_addr, detail: str) -> None:
    PaymentCallback.objects.create(
        outcome=outcome,
        nonce=data.nonce[:64] if data else "",
        reference=data.reference[:64] if data else "",
        remote_addr=remote_addr,
        detail=detail[:2000],
    )
    logger.warning(
        "payment callback rejected: %s (%s) from %s", outcome, detail, remote_addr or "?"
    )


def payment_callback_receive(*, data, remote_addr: str | None = None) -> Payment:
    """The gateway's callback. Verified by the adapter (signature, age); a nonce is accepted
    once; the amount must match. Every rejection is stored and logged, then re-raised."""
    gateway = get_gateway()
    try:
        parsed = gateway.verify_callback(data=data)
    except CallbackRejected as exc:
        _log_callback(outcome=exc.outcome, data=None, remote_addr=remote_addr, detail=exc.detail)
        raise
    payment = Payment.objects.select_related("invoice").filter(reference=parsed.reference).first()
    if payment is None or payment.amount != parsed.amount:
        detail = "no such payment" if payment is None else "amount does not match"
        _log_callback(outcome="invalid", data=parsed, remote_addr=remote_addr, detail=detail)
        raise CallbackRejected("invalid", detail)
    try:
        with transaction.atomic():
            PaymentCallback.objects.create(
                outcome=PaymentCallback.Outcome.ACCEPTED,
                nonce=parsed.nonce,
                reference=parsed.reference,
                remote_addr=remote_addr,
            )
            payment = Payment.objects.select_for_update().get(pk=payment.pk)
            if payment.status != Payment.Status.PENDING:
                raise CallbackRejected("replayed", "payment already settled")
            payment.status = (
                Payment.Status.PAID if parsed.status == "paid" else Payment.Status.FAILED
            )
            payment.settled_at = clock.now()
            payment.gateway_transaction = parsed.transaction[:100]
            payment.save(
                update_fields=["status", "settled_at", "gateway_transaction", "updated_at"]
            )
            if payment.status == Payment.Status.PAID:
                cases.invoice_settle(
                    application_id=payment.invoice.application_id,
                    reference=payment.reference,
                    paid_at=parsed.sent_at,
                )
    except IntegrityError:
        _log_callback(outcome="replayed", data=parsed, remote_addr=remote_addr, detail="nonce")
        raise CallbackRejected("replayed", "nonce already used") from None
    except CallbackRejected as exc:
        _log_callback(outcome=exc.outcome, data=parsed, remote_addr=remote_addr, detail=exc.detail)
        raise
    return payment


# --- Notices ---------------------------------------------------------------------------------


def notifications_mark_read(*, user) -> int:
    from workflow.models import Notification

    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=clock.now()
    )

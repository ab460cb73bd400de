"""Writes on a draft application (Annex 1) before it is submitted. A draft is no case yet: no
number, no clocks, no log; submitting it goes through ``workflow.services.cases``."""

from django.db import transaction
from django.utils.translation import gettext as _

from landplots.models import Applicant, Application, Provider, State
from landplots.uploads import DocumentRejected, checked_document
from workflow.services.errors import Conflict, InvalidInput, NotFound, NotPermitted

DRAFT_FIELDS = (
    "plot_address",
    "area_ha",
    "purpose",
    "purpose_detail",
    "use_right",
    "consent",
    "contact_phone",
)


def _applicant_of(user) -> Applicant:
    applicant = getattr(user, "applicant", None) if user is not None else None
    if applicant is None:
        raise NotPermitted(_("Only an applicant with a portal profile can file applications."))
    return applicant


def _check_provider(provider: Provider) -> None:
    if not provider.accepts_applications:
        raise InvalidInput(
            field_errors={"provider": [_("This provider does not take applications directly.")]}
        )


def application_draft_create(*, actor, provider: Provider, **fields) -> Application:
    applicant = _applicant_of(actor)
    _check_provider(provider)
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise InvalidInput(field_errors={name: [_("Unknown field.")] for name in sorted(unknown)})
    return Application.objects.create(applicant=applicant, provider=provider, **fields)


def _locked_own_draft(*, application_id: int, actor) -> Application:
    applicant = _applicant_of(actor)
    application = (
        Application.objects.select_for_update()
        .filter(pk=application_id, applicant=applicant)
        .first()
    )
    if application is None:
        raise NotFound()
    if application.state != State.DRAFT:
        raise Conflict(_("The application has been submitted; it can no longer be changed."))
    return application


def application_draft_update(*, application_id: int, actor, **fields) -> Application:
    with transaction.atomic():
        application = _locked_own_draft(application_id=application_id, actor=actor)
        provider = fields.pop("provider", None)
        if provider is not None:
            _check_provider(provider)
            application.provider = provider
        for name, value in fields.items():
            if name not in DRAFT_FIELDS:
                raise InvalidInput(field_errors={name: [_("Unknown field.")]})
            setattr(application, name, value)
        application.save()
    return application


def location_scheme_attach(*, application_id: int, actor, file) -> Application:
    """The checked upload replaces any earlier scheme; the old file is removed from storage."""
    try:
        checked_document(file, "scheme")
    except DocumentRejected as rejected:
        raise InvalidInput(field_errors={"file": [rejected.message]}) from None
    with transaction.atomic():
        application = _locked_own_draft(application_id=application_id, actor=actor)
        old = application.location_scheme.name if application.location_scheme else ""
        application.location_scheme = file
        application.save(update_fields=["location_scheme", "updated_at"])
        if old:
            storage = application.location_scheme.storage
            # Only once the new name is committed: a rollback must not lose the old file.
            transaction.on_commit(lambda: storage.delete(old))
    return application

"""§8: protocols of information-system failures, recorded by the provider's ICT officer and
signed off by the provider's leadership."""

from django.db import transaction
from django.utils.translation import gettext as _

from workflow import clock
from workflow.models import ISFailureProtocol
from workflow.selectors import official_of
from workflow.services.errors import Conflict, InvalidInput, NotFound, NotPermitted


def failure_protocols_for_user(user, queryset=None):
    qs = queryset if queryset is not None else ISFailureProtocol.objects.all()
    if user.is_superuser:
        return qs
    official = official_of(user)
    if official is None or official.provider_id is None:
        return qs.none()
    return qs.filter(provider_id=official.provider_id)


def failure_protocol_record(
    *, actor, occurred_at, description: str, resolved_at=None, affected_cases=()
) -> ISFailureProtocol:
    """The ICT officer draws up the protocol for their own provider (§8)."""
    if not actor.has_perm("workflow.record_failure"):
        raise NotPermitted()
    official = official_of(actor)
    if official is None or official.provider_id is None:
        raise NotPermitted(_("Only a provider's ICT officer records a failure protocol."))
    if resolved_at is not None and resolved_at < occurred_at:
        raise InvalidInput(
            field_errors={"resolved_at": [_("The failure cannot end before it began.")]}
        )
    foreign = [a for a in affected_cases if a.provider_id != official.provider_id]
    if foreign:
        raise InvalidInput(field_errors={"affected_cases": [_("Only cases of your own provider.")]})
    with transaction.atomic():
        protocol = ISFailureProtocol.objects.create(
            provider_id=official.provider_id,
            occurred_at=occurred_at,
            resolved_at=resolved_at,
            description=description,
            recorded_by=actor,
        )
        protocol.affected_cases.set(affected_cases)
    return protocol


def failure_protocol_sign(*, protocol_id: int, actor) -> ISFailureProtocol:
    """The provider's leadership signs the protocol; a signed protocol stays as signed."""
    with transaction.atomic():
        protocol = (
            failure_protocols_for_user(actor, ISFailureProtocol.objects.select_for_update())
            .filter(pk=protocol_id)
            .first()
        )
        if protocol is None:
            raise NotFound(_("No such protocol in your scope."))
        if not actor.has_perm("workflow.sign_failure_protocol"):
            raise NotPermitted()
        if protocol.signed_at is not None:
            raise Conflict(_("This protocol is already signed."))
        protocol.signed_by = actor
        protocol.signed_at = clock.now()
        protocol.save(update_fields=["signed_by", "signed_at"])
    return protocol

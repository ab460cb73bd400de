"""The EDS boundary. The portal asks the configured signer to sign a document for a user and
stores what it returns. ``PORTAL_EDS_SIGNER`` (a dotted path) names the implementation; the
default, ``LocalSigner``, records who signed what and when without a certificate check, and a
real NCALayer/NCANode signer replaces it by changing that one setting.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from workflow import clock

DEFAULT_SIGNER = "landplots.adapters.eds.LocalSigner"


class SignatureRefused(Exception):
    """The signer could not sign (bad certificate, cancelled by the user, ...)."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


@dataclass(frozen=True)
class SignatureResult:
    signer_id: int
    signed_at: datetime
    method: str
    digest: str
    certificate: str = ""
    extra: dict = field(default_factory=dict)

    def as_snapshot(self) -> dict:
        """The part of the signature kept with the application as filed (JSON-safe)."""
        return {
            "signer_id": self.signer_id,
            "signed_at": self.signed_at.isoformat(),
            "method": self.method,
            "digest": self.digest,
        }


class Signer(Protocol):
    def sign(self, *, user, document: dict, signed_blob: str = "") -> SignatureResult: ...


def canonical_digest(document: dict) -> str:
    """SHA-256 of the document in one canonical JSON form: the same data, the same digest."""
    raw = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


class LocalSigner:
    """Signs by recording the user, the digest of the document and the instant. It trusts the
    logged-in session as the signer's identity; there is no certificate to check."""

    method = "local"

    def sign(self, *, user, document: dict, signed_blob: str = "") -> SignatureResult:
        if user is None or not user.is_authenticated:
            from django.utils.translation import gettext as _

            raise SignatureRefused(_("Log in to sign the application."))
        return SignatureResult(
            signer_id=user.pk,
            signed_at=clock.now(),
            method=self.method,
            digest=canonical_digest(document),
        )


def get_signer() -> Signer:
    # Read at call time, never at import: tests and deployments switch it by setting.
    return import_string(getattr(settings, "PORTAL_EDS_SIGNER", DEFAULT_SIGNER))()

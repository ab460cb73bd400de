"""The payment-gateway boundary (Annex 2 row 6: payment through the e-government payment
gateway). ``PORTAL_PAYMENT_GATEWAY`` (a dotted path) names the implementation.

The default, ``LocalGateway``, simulates a gateway inside the portal: it has its own page
where the applicant "pays", and it then calls our callback as a real gateway would, with a
payload signed by HMAC-SHA256 under a secret only the gateway and we hold. The callback
verifies the signature and the age here; the service refuses a nonce that was used before.
"""

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Protocol

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string

from workflow import clock

DEFAULT_GATEWAY = "landplots.adapters.payments.LocalGateway"
# A real gateway retries a callback for minutes, not hours; anything older is a replay of a
# captured request rather than a late delivery.
CALLBACK_MAX_AGE = timedelta(minutes=15)


class CallbackRejected(Exception):
    def __init__(self, outcome: str, detail: str = ""):
        self.outcome = outcome
        self.detail = detail
        super().__init__(f"{outcome}: {detail}")


@dataclass(frozen=True)
class CallbackData:
    reference: str
    amount: Decimal
    status: str
    transaction: str
    nonce: str
    sent_at: datetime


class PaymentGateway(Protocol):
    def checkout_url(self, *, reference: str) -> str: ...

    def verify_callback(self, *, data) -> CallbackData: ...


def _secret() -> bytes:
    configured = getattr(settings, "PAYMENT_GATEWAY_SECRET", "")
    if configured:
        return configured.encode()
    # Without a configured secret, one derived from SECRET_KEY: stable per deployment and
    # never equal to the key itself.
    return salted_hmac("landplots.payments.local", "gateway-secret").hexdigest().encode()


def sign_payload(payload: str) -> str:
    return hmac.new(_secret(), payload.encode(), hashlib.sha256).hexdigest()


class LocalGateway:
    """The simulation. Its checkout page is ``portal:gateway`` in our own URLs."""

    def checkout_url(self, *, reference: str) -> str:
        return reverse("portal:gateway", kwargs={"reference": reference})

    def build_callback(self, *, reference: str, amount: Decimal, status: str = "paid") -> dict:
        """What the simulated gateway sends to our callback after the applicant pays."""
        payload = json.dumps(
            {
                "reference": reference,
                "amount": str(amount),
                "status": status,
                "transaction": f"LOCAL-{secrets.token_hex(6).upper()}",
                "nonce": secrets.token_hex(16),
                "sent_at": clock.now().isoformat(),
            },
            sort_keys=True,
        )
        return {"payload": payload, "signature": sign_payload(payload)}

    def verify_callback(self, *, data) -> CallbackData:
        payload = data.get("payload") or ""
        signature = data.get("signature") or ""
        if not payload or not hmac.compare_digest(sign_payload(payload), signature):
            raise CallbackRejected("forged", "signature does not match")
        try:
            body = json.loads(payload)
            parsed = CallbackData(
                reference=str(body["reference"]),
                amount=Decimal(str(body["amount"])),
                status=str(body["status"]),
                transaction=str(body["transaction"]),
                nonce=str(body["nonce"]),
                sent_at=datetime.fromisoformat(body["sent_at"]),
            )
        except (ValueError, KeyError, TypeError, InvalidOperation) as exc:
            raise CallbackRejected("invalid", f"unreadable payload: {exc}") from None
        if parsed.sent_at.tzinfo is None:
            raise CallbackRejected("invalid", "sent_at has no time zone")
        age = clock.now() - parsed.sent_at
        if age > CALLBACK_MAX_AGE or age < -CALLBACK_MAX_AGE:
            raise CallbackRejected("stale", f"sent {parsed.sent_at.isoformat()}")
        return parsed


def get_gateway():
    return import_string(getattr(settings, "PORTAL_PAYMENT_GATEWAY", DEFAULT_GATEWAY))()

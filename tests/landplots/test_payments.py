"""Agreement of the final act and payment of the cadastral-works invoice (§6 step 1.10,
Annex 2 row 6), through the payment adapter and its signed callback."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from landplots.adapters.payments import LocalGateway, sign_payload
from landplots.models import Invoice, Payment, PaymentCallback, State
from tests.landplots.helpers import officials_to_awaiting_applicant
from workflow import clock
from workflow.services import cases

CALLBACK = reverse("portal:payment_callback")


@pytest.fixture
def awaiting(world):
    app = world.application()
    cases.application_submit(application_id=app.pk, actor=world.applicant.user)
    officials_to_awaiting_applicant(world, app.pk)
    app.refresh_from_db()
    assert app.state == State.AWAITING_APPLICANT
    return app


def start_payment(client, app) -> Payment:
    response = client.post(reverse("portal:pay", args=[app.pk]))
    payment = Payment.objects.get(invoice__application=app)
    assert response["Location"] == reverse("portal:gateway", args=[payment.reference])
    return payment


def test_the_applicant_agrees_the_final_act(applicant_client, awaiting):
    """§6 step 1.10: the applicant agrees the final act; the 10 WD validity clock stops."""
    # when the applicant agrees
    response = applicant_client.post(reverse("portal:act_agree", args=[awaiting.pk]))
    # then the agreement is recorded and the act no longer runs out
    awaiting.refresh_from_db()
    assert response.status_code == 302
    assert awaiting.act_agreed_at is not None
    assert not awaiting.deadlines.filter(step="1.11", done_at__isnull=True).exists()
    # and a second agreement is refused with a message, not a 500
    again = applicant_client.post(reverse("portal:act_agree", args=[awaiting.pk]), follow=True)
    assert "already agreed" in again.content.decode()


def test_paying_through_the_gateway_settles_the_invoice_and_starts_stage_two(
    applicant_client, awaiting
):
    """§6 step 1.10 and stage 2: agreed and paid, the 18 WD of stage 2 start."""
    # given the act is agreed
    applicant_client.post(reverse("portal:act_agree", args=[awaiting.pk]))
    # when the applicant pays on the gateway's page
    payment = start_payment(applicant_client, awaiting)
    page = applicant_client.get(reverse("portal:gateway", args=[payment.reference]))
    assert "45000" in page.content.decode()
    handed = applicant_client.post(
        reverse("portal:gateway", args=[payment.reference]), {"decision": "pay"}
    )
    callback = handed.context["callback"]
    # and the gateway calls our callback with its signed payload
    response = applicant_client.post(CALLBACK, callback)
    # then the payment and the invoice are settled and stage 2 has begun
    assert response.status_code == 302
    payment.refresh_from_db()
    awaiting.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert Invoice.objects.get(application=awaiting).paid_at is not None
    assert awaiting.state == State.CADASTRAL_PLAN_PREPARATION
    assert PaymentCallback.objects.filter(outcome="accepted").count() == 1


def test_a_forged_callback_is_rejected_and_logged(applicant_client, awaiting, caplog):
    """Issue 5: a callback whose signature does not verify settles nothing."""
    # given a payment in progress
    payment = start_payment(applicant_client, awaiting)
    # when someone posts a "paid" payload signed with a wrong key
    payload = json.dumps(
        {
            "reference": payment.reference,
            "amount": str(payment.amount),
            "status": "paid",
            "transaction": "X",
            "nonce": "n" * 32,
            "sent_at": clock.now().isoformat(),
        }
    )
    response = applicant_client.post(CALLBACK, {"payload": payload, "signature": "0" * 64})
    # then it is refused, stored and logged, and nothing is paid
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert Invoice.objects.get(application=awaiting).paid_at is None
    assert PaymentCallback.objects.get().outcome == "forged"
    assert "payment callback rejected: forged" in caplog.text


def test_a_replayed_callback_is_rejected_and_logged(applicant_client, awaiting, caplog):
    """Issue 5: a captured genuine callback cannot be sent again."""
    # given a genuine callback that was accepted
    payment = start_payment(applicant_client, awaiting)
    callback = LocalGateway().build_callback(reference=payment.reference, amount=payment.amount)
    assert applicant_client.post(CALLBACK, callback).status_code == 302
    # when the same callback arrives again
    response = applicant_client.post(CALLBACK, callback)
    # then it is refused and logged as a replay
    assert response.status_code == 400
    assert PaymentCallback.objects.filter(outcome="replayed").count() == 1
    assert "payment callback rejected: replayed" in caplog.text


def test_a_fresh_nonce_cannot_settle_a_payment_twice(applicant_client, awaiting):
    # given a settled payment
    payment = start_payment(applicant_client, awaiting)
    gateway = LocalGateway()
    applicant_client.post(
        CALLBACK, gateway.build_callback(reference=payment.reference, amount=payment.amount)
    )
    # when a second, validly signed callback with a new nonce names it
    response = applicant_client.post(
        CALLBACK, gateway.build_callback(reference=payment.reference, amount=payment.amount)
    )
    # then it is refused
    assert response.status_code == 400
    assert PaymentCallback.objects.filter(outcome="replayed").count() == 1


def test_an_old_callback_is_rejected_as_stale(applicant_client, awaiting):
    payment = start_payment(applicant_client, awaiting)
    with clock.frozen_at(clock.now() - timedelta(hours=2)):
        callback = LocalGateway().build_callback(reference=payment.reference, amount=payment.amount)
    response = applicant_client.post(CALLBACK, callback)
    assert response.status_code == 400
    assert PaymentCallback.objects.get().outcome == "stale"


def test_a_signed_callback_with_the_wrong_amount_is_rejected(applicant_client, awaiting):
    payment = start_payment(applicant_client, awaiting)
    callback = LocalGateway().build_callback(reference=payment.reference, amount=Decimal("1"))
    response = applicant_client.post(CALLBACK, callback)
    assert response.status_code == 400
    assert PaymentCallback.objects.get().outcome == "invalid"
    assert Invoice.objects.get(application=awaiting).paid_at is None


def test_the_callback_signature_is_hmac_sha256_of_the_payload():
    import hashlib
    import hmac

    from landplots.adapters.payments import _secret

    assert sign_payload("abc") == hmac.new(_secret(), b"abc", hashlib.sha256).hexdigest()


def test_an_exempt_applicant_sees_no_payment_due(client, world):
    """Annex 2 row 6: orphans and children without parental care under 18 get the
    cadastral plan free of charge."""
    # given a 16-year-old applicant without parental care (IIN born 2010-05-15)
    from landplots.identity import check_digit

    stem = "100515500123"[:11]
    iin = stem + str(check_digit(stem))
    world.applicant.iin = iin
    world.applicant.without_parental_care = True
    world.applicant.save()
    app = world.application()
    cases.application_submit(application_id=app.pk, actor=world.applicant.user)
    officials_to_awaiting_applicant(world, app.pk)
    client.force_login(world.applicant.user)
    # when the applicant opens the case
    body = client.get(reverse("portal:application", args=[app.pk])).content.decode()
    # then no payment is due and there is no pay button
    assert "No payment is due" in body
    assert 'id="pay"' not in body
    # and starting a payment is refused with a message
    response = client.post(reverse("portal:pay", args=[app.pk]), follow=True)
    assert "No payment is due" in response.content.decode()
    assert not Payment.objects.exists()
    # and agreeing alone starts stage 2
    client.post(reverse("portal:act_agree", args=[app.pk]))
    app.refresh_from_db()
    assert app.state == State.CADASTRAL_PLAN_PREPARATION


def test_a_rejected_callback_says_so_in_utf_8(client, db):
    """The refusal is plain text in the page's language: Kazakh letters need the charset."""
    # When a malformed callback reaches the Kazakh page
    with translation.override("kk"):
        url = reverse("portal:payment_callback")
    response = client.post(url, {"payload": "{}", "signature": "0" * 64})

    # Then the answer names its charset and reads as Kazakh
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    with translation.override("kk"):
        assert response.content.decode("utf-8") == translation.gettext("Callback rejected.")
    assert response.content.decode("utf-8") != "Callback rejected."

"""The portal's records in the admin (EDS signatures, payment callbacks): read-only evidence,
each official seeing those of the cases in their scope; and officials who log in through the
portal land in the back office."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from landplots.models import Invoice, Payment, PaymentCallback, Signature, State
from tests.backoffice.helpers import T1, drive
from workflow.models import Official
from workflow.roles import Role


@pytest.fixture
def signature(bo_world):
    app = drive(bo_world, bo_world.application(), State.SUBMITTED)
    return Signature.objects.create(
        application=app,
        signer=bo_world.applicant.user,
        signed_at=T1,
        method="test",
        digest="a" * 64,
        document={"number": app.number},
    )


@pytest.fixture
def callbacks(bo_world):
    """An accepted callback for a payment of the world's case, and a forged one that names
    no payment."""
    app = drive(bo_world, bo_world.application(), State.ACT_SIGNED, invoiced=True)
    invoice = Invoice.objects.get(application=app)
    Payment.objects.create(invoice=invoice, reference="PAY-1", amount=Decimal("45000"))
    accepted = PaymentCallback.objects.create(
        nonce="n-1", reference="PAY-1", outcome=PaymentCallback.Outcome.ACCEPTED
    )
    forged = PaymentCallback.objects.create(
        nonce="n-2", reference="PAY-FORGED", outcome=PaymentCallback.Outcome.FORGED
    )
    return accepted, forged


def _url(model, action, *args):
    return reverse(f"admin:landplots_{model}_{action}", args=args)


def test_a_signature_is_read_only(client, bo_world, signature):
    """Annex 1: the applicant's EDS signature is evidence; nobody edits it in the admin."""
    # given the clerk of the signed case
    client.force_login(bo_world.user(Role.CLERK))
    # when they open the list and the record / then both show it
    changelist = client.get(_url("signature", "changelist"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == 1
    page = client.get(_url("signature", "change", signature.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert 'name="_save"' not in page.content.decode()
    # when they try to add, change or delete / then every door is shut
    assert client.get(_url("signature", "add")).status_code == 403
    response = client.post(_url("signature", "change", signature.pk), {"digest": "b" * 64})
    assert response.status_code == 403
    assert (
        client.post(_url("signature", "delete", signature.pk), {"post": "yes"}).status_code == 403
    )
    signature.refresh_from_db()
    assert signature.digest == "a" * 64


def test_another_providers_official_sees_no_signature(client, bo_world, signature):
    """Scope: another provider's official sees neither the case nor its signature."""
    user = get_user_model().objects.create_user("clerk-other", is_staff=True)
    Official.objects.create(user=user, role=Role.CLERK, provider=bo_world.other_provider)
    user.groups.add(Group.objects.get(name=Role.CLERK))
    client.force_login(user)
    assert client.get(_url("signature", "changelist")).context["cl"].result_count == 0
    assert client.get(_url("signature", "change", signature.pk)).status_code == 404


def test_payment_callbacks_are_read_only_and_scoped_to_the_case(client, bo_world, callbacks):
    """Annex 2 row 6: the gateway's callbacks for a case's payment are shown to the officials
    of the case; a callback naming no payment only to the superuser."""
    accepted, forged = callbacks
    # given the State Corporation's operator who issued the invoice
    client.force_login(bo_world.user(Role.STATE_CORP))
    # when they open the list / then only the callback of their case's payment is there
    changelist = client.get(_url("paymentcallback", "changelist"))
    assert changelist.status_code == 200
    assert [c.pk for c in changelist.context["cl"].result_list] == [accepted.pk]
    assert client.get(_url("paymentcallback", "change", forged.pk)).status_code == 404
    # and nothing can be added, changed or deleted
    assert client.get(_url("paymentcallback", "add")).status_code == 403
    response = client.post(_url("paymentcallback", "change", accepted.pk), {"outcome": "forged"})
    assert response.status_code == 403
    response = client.post(_url("paymentcallback", "delete", accepted.pk), {"post": "yes"})
    assert response.status_code == 403
    accepted.refresh_from_db()
    assert accepted.outcome == PaymentCallback.Outcome.ACCEPTED
    # given a superuser / then both callbacks are there
    admin = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(admin)
    changelist = client.get(_url("paymentcallback", "changelist"))
    assert {c.pk for c in changelist.context["cl"].result_list} == {accepted.pk, forged.pk}


def test_an_official_logging_in_through_the_portal_lands_in_the_admin(client, bo_world):
    """§1: officials work in the back office; the applicant's cabinet has nothing for them."""
    # given an official whose login is an IIN, as the portal's log-in form expects
    user = get_user_model().objects.create_user(
        "880101300111", password="pass-12345", is_staff=True
    )
    Official.objects.create(user=user, role=Role.CLERK, provider=bo_world.provider)
    user.groups.add(Group.objects.get(name=Role.CLERK))
    # when they log in through the portal
    response = client.post(
        reverse("portal:login"), {"username": "880101300111", "password": "pass-12345"}, follow=True
    )
    # then they end on the admin index, not in the cabinet
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert response.status_code == 200


def test_an_applicant_still_gets_the_cabinet(client, bo_world):
    """§4 / Annex 2 row 10: the applicant follows the case in the cabinet."""
    client.force_login(bo_world.applicant.user)
    response = client.get(reverse("portal:cabinet"))
    assert response.status_code == 200

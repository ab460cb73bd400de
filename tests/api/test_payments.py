"""Paying the cadastral-works invoice over the API (Annex 2 row 6, §6 step 1.10): the API
starts a payment through the portal's payment service; only the gateway's signed callback
settles the invoice."""

from urllib.parse import urlsplit

from django.test import Client
from django.urls import reverse

from landplots.identity import check_digit
from landplots.models import Invoice, Payment, State
from tests.factories import ApplicantFactory
from workflow.roles import Role


def _error(response):
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == response.status_code
    return body["error"]


def _pay_on_the_gateway(world, redirect_url: str):
    """What the applicant's browser does after the API answered: open the local gateway's page,
    press "Pay", and hand its signed callback to our callback endpoint (as the portal tests
    do)."""
    browser = Client()
    browser.force_login(world.applicant.user)
    gateway_path = urlsplit(redirect_url).path
    assert browser.get(gateway_path).status_code == 200
    handed = browser.post(gateway_path, {"decision": "pay"})
    return browser.post(reverse("portal:payment_callback"), handed.context["callback"])


def test_start_returns_the_gateway_page_and_settles_nothing(case_in, world, client_for):
    """Annex 2 row 6: the API opens a payment; the invoice stays unpaid until the gateway
    confirms it."""
    # given a final act and an unpaid invoice in the cabinet
    app = case_in(State.AWAITING_APPLICANT)
    # when the applicant starts paying
    response = client_for(world.applicant.user).post(f"/api/applications/{app.pk}/payment/")
    # then 201 names the payment and the gateway page to go to
    assert response.status_code == 201, response.json()
    body = response.json()
    payment = Payment.objects.get(invoice__application=app)
    assert body["reference"] == payment.reference
    assert body["status"] == "pending"
    assert body["redirect_url"] == "http://testserver" + reverse(
        "portal:gateway", args=[payment.reference]
    )
    # and nothing is paid by the applicant's own request
    assert Invoice.objects.get(application=app).paid_at is None
    app.refresh_from_db()
    assert app.state == State.AWAITING_APPLICANT


def test_agreed_and_paid_through_the_gateway_the_case_enters_stage_two(case_in, world, client_for):
    """§6 step 1.10: agreed and paid, stage 2 begins; the payment counts only once the
    gateway's signed callback arrives."""
    # given a case whose final act the applicant has agreed
    app = case_in(State.AWAITING_APPLICANT)
    api = client_for(world.applicant.user)
    assert api.post(f"/api/applications/{app.pk}/agree/").status_code == 200
    # when the applicant starts paying over the API and pays on the gateway
    started = api.post(f"/api/applications/{app.pk}/payment/").json()
    callback = _pay_on_the_gateway(world, started["redirect_url"])
    # then the callback is accepted, the invoice is paid and the case is in stage 2
    assert callback.status_code == 302
    card = api.get(f"/api/applications/{app.pk}/").json()
    assert card["state"] == State.CADASTRAL_PLAN_PREPARATION
    assert card["stage"] == 2
    assert card["invoice"]["is_settled"] is True
    assert Payment.objects.get(reference=started["reference"]).status == Payment.Status.PAID


def test_paid_but_not_agreed_stays_in_stage_one(case_in, world, client_for):
    """§6 step 1.10: stage 2 only when the act is agreed as well as paid."""
    # given an unagreed act
    app = case_in(State.AWAITING_APPLICANT)
    api = client_for(world.applicant.user)
    # when the applicant pays first
    started = api.post(f"/api/applications/{app.pk}/payment/").json()
    _pay_on_the_gateway(world, started["redirect_url"])
    # then the invoice is paid, but the case still waits for the agreement
    card = api.get(f"/api/applications/{app.pk}/").json()
    assert card["invoice"]["is_settled"] is True
    assert card["state"] == State.AWAITING_APPLICANT and card["stage"] == 1


def test_nothing_due_before_the_invoice_is_409(case_in, world, client_for):
    # given a case still at registration
    app = case_in(State.SUBMITTED)
    # when the applicant tries to pay; then 409 says there is nothing to pay
    response = client_for(world.applicant.user).post(f"/api/applications/{app.pk}/payment/")
    assert response.status_code == 409
    assert "no invoice waiting" in _error(response)["message"]
    assert not Payment.objects.exists()


def test_paying_twice_is_409(case_in, world, client_for):
    # given an invoice already paid through the gateway
    app = case_in(State.AWAITING_APPLICANT)
    api = client_for(world.applicant.user)
    _pay_on_the_gateway(
        world, api.post(f"/api/applications/{app.pk}/payment/").json()["redirect_url"]
    )
    # when the applicant starts another payment; then 409, and no new payment is opened
    response = api.post(f"/api/applications/{app.pk}/payment/")
    assert response.status_code == 409
    assert "already been paid" in _error(response)["message"]
    assert Payment.objects.count() == 1


def test_an_exempt_applicant_has_nothing_to_pay(world, case_in, client_for):
    """Annex 2 row 6: free of charge for children without parental care under 18."""
    # given a 16-year-old applicant without parental care (IIN born 2010-05-15)
    stem = "10051550012"
    world.applicant.iin = stem + str(check_digit(stem))
    world.applicant.without_parental_care = True
    world.applicant.save()
    app = case_in(State.AWAITING_APPLICANT)
    # when they try to pay; then 409 explains that nothing is due
    response = client_for(world.applicant.user).post(f"/api/applications/{app.pk}/payment/")
    assert response.status_code == 409
    assert "free of charge" in _error(response)["message"]
    assert not Payment.objects.exists()


def test_another_applicants_case_and_an_official_are_404(case_in, world, client_for):
    # given a case waiting for payment
    app = case_in(State.AWAITING_APPLICANT)
    url = f"/api/applications/{app.pk}/payment/"
    # then another applicant, and the State Corporation which sees the case, get 404: a
    # payment is only the case's own applicant's to start
    assert client_for(ApplicantFactory().user).post(url).status_code == 404
    assert client_for(world.user(Role.STATE_CORP)).post(url).status_code == 404
    assert not Payment.objects.exists()

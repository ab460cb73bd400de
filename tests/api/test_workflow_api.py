"""Officials' transitions, the invoice, approving bodies' answers, the calendar and
the error shape."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from approvals.models import ApprovalRequest
from landplots.models import State
from tests.factories import PDF_BYTES, ApplicantFactory
from tests.world import official
from workflow.roles import Role


def _error(response):
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == response.status_code
    return body["error"]


def _pdf(name="act.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


# --- transitions -----------------------------------------------------------------------------


def test_clerk_sees_register_and_runs_it(case_in, world, client_for):
    # given a submitted case (§6 step 1.1 is the clerk's)
    app = case_in(State.SUBMITTED)
    clerk = client_for(world.user(Role.CLERK))
    listed = clerk.get(f"/api/applications/{app.pk}/transitions/").json()
    assert [t["name"] for t in listed] == ["register"] and listed[0]["ready"] is True
    # when the clerk runs it
    response = clerk.post(
        f"/api/applications/{app.pk}/transitions/register/", {"comment": "ok"}, format="json"
    )
    # then 200 with the new state and the log row in the timeline
    assert response.status_code == 200
    assert response.json()["state"] == "registered"
    assert response.json()["timeline"][-1]["transition"] == "register"
    assert response.json()["timeline"][-1]["comment"] == "ok"


def test_role_that_may_not_run_a_step_gets_403(case_in, world, client_for):
    # given a submitted case; when the architecture head tries to register it
    app = case_in(State.SUBMITTED)
    response = client_for(world.user(Role.ARCH_HEAD)).post(
        f"/api/applications/{app.pk}/transitions/register/"
    )
    assert response.status_code == 403
    _error(response)
    app.refresh_from_db()
    assert app.state == State.SUBMITTED


def test_step_not_open_in_this_state_is_409(case_in, world, client_for):
    # given a case already registered (another clerk got there first)
    app = case_in(State.REGISTERED)
    response = client_for(world.user(Role.CLERK)).post(
        f"/api/applications/{app.pk}/transitions/register/"
    )
    assert response.status_code == 409
    assert "not open" in _error(response)["message"]


def test_another_providers_case_is_404_for_transitions(case_in, world, client_for):
    app = case_in(State.SUBMITTED)
    other_clerk = official(Role.CLERK, provider=world.other_provider, username="clerk-other")
    client = client_for(other_clerk)
    assert client.get(f"/api/applications/{app.pk}/transitions/").status_code == 404
    assert client.post(f"/api/applications/{app.pk}/transitions/register/").status_code == 404


def test_unknown_step_is_404_and_automatic_step_403(case_in, world, client_for):
    app = case_in(State.IN_APPROVAL)
    client = client_for(world.user(Role.ARCH_EXECUTOR))
    assert client.post(f"/api/applications/{app.pk}/transitions/fly_away/").status_code == 404
    # §6 step 1.6 opens by itself when the last positive conclusion arrives
    response = client.post(f"/api/applications/{app.pk}/transitions/close_round_positive/")
    assert response.status_code == 403


def test_dispatch_takes_the_three_documents_as_multipart(case_in, world, client_for):
    # given the act in preparation (§6 step 1.4): the list offers dispatch, not yet ready
    app = case_in(State.ACT_PREPARATION)
    client = client_for(world.user(Role.ARCH_EXECUTOR))
    listed = {t["name"]: t for t in client.get(f"/api/applications/{app.pk}/transitions/").json()}
    assert listed["dispatch"]["ready"] is False
    assert set(listed["dispatch"]["fields"]) >= {"draft_file", "situational_scheme", "apz_file"}
    # when the act, the situational scheme and the APZ are sent together
    response = client.post(
        f"/api/applications/{app.pk}/transitions/dispatch/",
        {"draft_file": _pdf(), "situational_scheme": _pdf(), "apz_file": _pdf()},
        format="multipart",
    )
    # then the case is in approval and every body got a request at once
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "in_approval"
    assert ApprovalRequest.objects.filter(application=app).count() == 3


def test_dispatch_without_documents_is_400_with_field_errors(case_in, world, client_for):
    app = case_in(State.ACT_PREPARATION)
    response = client_for(world.user(Role.ARCH_EXECUTOR)).post(
        f"/api/applications/{app.pk}/transitions/dispatch/",
        {"draft_file": SimpleUploadedFile("a.pdf", b"not a pdf")},
        format="multipart",
    )
    assert response.status_code == 400
    assert {"draft_file", "situational_scheme", "apz_file"} <= set(_error(response)["fields"])


def test_dispatch_with_a_bad_or_too_large_file_keeps_the_api_wording(
    case_in, world, client_for, settings
):
    """§6 step 1.4: the API's field errors after the one upload check (landplots/uploads.py)."""
    # given a 1 MB limit and a case waiting for its act
    settings.PORTAL_UPLOAD_MAX_BYTES = 1024 * 1024
    app = case_in(State.ACT_PREPARATION)
    # when the act is a text file named .pdf and the scheme is a PDF over the limit
    response = client_for(world.user(Role.ARCH_EXECUTOR)).post(
        f"/api/applications/{app.pk}/transitions/dispatch/",
        {
            "draft_file": SimpleUploadedFile("act.pdf", b"not a pdf"),
            "situational_scheme": SimpleUploadedFile("s.pdf", PDF_BYTES + b"0" * 1024 * 1024),
            "apz_file": _pdf("apz.pdf"),
        },
        format="multipart",
    )
    # then 400 in the one error shape, each field with its message, and nothing happened
    assert response.status_code == 400
    fields = _error(response)["fields"]
    assert fields["draft_file"] == ["Upload a PDF, JPEG or PNG file."]
    assert fields["situational_scheme"] == ["The file is larger than 1 MB."]
    assert "apz_file" not in fields
    app.refresh_from_db()
    assert app.state == State.ACT_PREPARATION
    assert not ApprovalRequest.objects.filter(application=app).exists()


def test_assign_executor_of_another_provider_is_400(case_in, world, client_for):
    app = case_in(State.AT_ARCHITECTURE)
    foreign = official(Role.ARCH_EXECUTOR, provider=world.other_provider, username="exec-other")
    response = client_for(world.user(Role.ARCH_HEAD)).post(
        f"/api/applications/{app.pk}/transitions/assign_executor/",
        {"executor": foreign.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "executor" in _error(response)["fields"]


def test_refusal_at_review_only_on_grounds_1_and_2(case_in, world, client_for):
    # §9: at a review step a refusal cites ground 1 or 2; ground 3 comes from the round
    app = case_in(State.REGISTERED)
    client = client_for(world.user(Role.LEADERSHIP))
    url = f"/api/applications/{app.pk}/transitions/open_refusal/"
    assert client.post(url, {"ground": 3}, format="json").status_code == 400
    response = client.post(url, {"ground": 1, "reasoning": "Недостоверные сведения"}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "refusal_preparation"


def test_full_granted_path_over_the_api(case_in, world, client_for):
    """§6 stage 1 end to stage 2 end through the transitions endpoint, payment by the
    gateway's settle service (the only way an invoice is paid)."""
    from workflow.services import cases

    app = case_in(State.AWAITING_APPLICANT)
    assert (
        client_for(world.applicant.user).post(f"/api/applications/{app.pk}/agree/").status_code
        == 200
    )
    cases.invoice_settle(application_id=app.pk, reference="GW-1")
    u = world.user
    run = [
        (
            Role.STATE_CORP,
            "submit_cadastral_plan",
            {"file": _pdf("plan.pdf"), "cadastral_number": "20-311"},
        ),
        (Role.LAND_HEAD, "approve_cadastral_plan", {"executor": u(Role.LAND_EXECUTOR).pk}),
        (Role.LAND_EXECUTOR, "draft_decision", {"text": "Предоставить право"}),
        (Role.LEADERSHIP, "sign_decision", {}),
        (Role.CLERK, "register_decision", {}),
    ]
    for role, name, data in run:
        response = client_for(u(role)).post(
            f"/api/applications/{app.pk}/transitions/{name}/", data, format="multipart"
        )
        assert response.status_code == 200, (name, response.json())
    assert response.json()["state"] == "granted"
    assert all(c["done_at"] for c in response.json()["clocks"])


# --- invoice ---------------------------------------------------------------------------------


def test_state_corporation_issues_the_invoice_from_the_tariff(case_in, world, client_for):
    app = case_in(State.ACT_SIGNED)
    response = client_for(world.user(Role.STATE_CORP)).post(f"/api/applications/{app.pk}/invoice/")
    assert response.status_code == 201
    assert response.json()["amount"] == "45000.00"


def test_invoice_by_wrong_role_403_twice_409_out_of_scope_404(case_in, world, client_for):
    app = case_in(State.ACT_SIGNED)
    url = f"/api/applications/{app.pk}/invoice/"
    assert client_for(world.user(Role.CLERK)).post(url).status_code == 403
    assert client_for(world.user(Role.STATE_CORP)).post(url).status_code == 201
    assert client_for(world.user(Role.STATE_CORP)).post(url).status_code == 409
    assert client_for(ApplicantFactory().user).post(url).status_code == 404


# --- approving bodies ------------------------------------------------------------------------


def test_body_lists_only_its_requests_and_answers(case_in, world, client_for):
    # given a case in the approval round (§6 step 1.5)
    app = case_in(State.IN_APPROVAL)
    body = client_for(world.user(Role.BODY_OFFICER))
    listed = body.get("/api/approval-requests/?answered=false").json()["results"]
    assert [r["body"]["code"] for r in listed] == ["SES"]
    request_id = listed[0]["id"]
    assert body.get(f"/api/approval-requests/{request_id}/").status_code == 200
    # when it answers positively; then the request is answered
    response = body.post(
        f"/api/approval-requests/{request_id}/answer/", {"answer": "positive"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["answer"] == "positive"
    app.refresh_from_db()
    assert app.state == State.IN_APPROVAL  # the other two have not answered


def test_negative_conclusion_without_reasons_is_400_and_with_reasons_opens_refusal(
    case_in, world, client_for
):
    # §9 ground 3: one negative answer, with its reasons, opens the motivated refusal
    app = case_in(State.IN_APPROVAL)
    request = app.approval_requests.get(body=world.state_body)
    body = client_for(world.user(Role.BODY_OFFICER))
    url = f"/api/approval-requests/{request.pk}/answer/"
    assert body.post(url, {"answer": "negative"}, format="json").status_code == 400
    assert body.post(url, {"answer": "perhaps"}, format="json").status_code == 400
    assert (
        body.post(
            url, {"answer": "negative", "reasoning": "Санитарная зона"}, format="json"
        ).status_code
        == 200
    )
    app.refresh_from_db()
    assert app.state == State.REFUSAL_PREPARATION


def test_utility_must_attach_technical_conditions(case_in, world, client_for):
    # §6 step 1.5b: a natural monopoly answers with its technical conditions
    app = case_in(State.IN_APPROVAL)
    request = app.approval_requests.get(body=world.utility)
    utility = client_for(world.user(Role.MONOPOLY_OFFICER))
    url = f"/api/approval-requests/{request.pk}/answer/"
    assert utility.post(url, {"answer": "positive"}, format="multipart").status_code == 400
    response = utility.post(
        url, {"answer": "positive", "technical_conditions": _pdf("tu.pdf")}, format="multipart"
    )
    assert response.status_code == 200
    assert response.json()["has_technical_conditions"] is True


def test_other_bodys_request_is_404_and_wrong_role_403(case_in, world, client_for):
    app = case_in(State.IN_APPROVAL)
    utility_request = app.approval_requests.get(body=world.utility)
    body = client_for(world.user(Role.BODY_OFFICER))
    assert body.get(f"/api/approval-requests/{utility_request.pk}/").status_code == 404
    url = f"/api/approval-requests/{utility_request.pk}/answer/"
    assert body.post(url, {"answer": "positive"}, format="json").status_code == 404
    # the provider's executor sees the requests of its cases but may not answer them
    executor = client_for(world.user(Role.ARCH_EXECUTOR))
    assert executor.post(url, {"answer": "positive"}, format="json").status_code == 403
    assert executor.get("/api/approval-requests/?application=abc").status_code == 400


# --- calendar --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2025-01-03", False),  # §5: 2025 transfer, Fri 3 Jan off
        ("2025-01-05", True),  # §5: Sun 5 Jan worked
        ("2024-05-08", False),  # §5: 2024 transfer, Wed 8 May off
        ("2025-03-24", False),  # Nauryz 21–23 Mar; 22–23 fell on a weekend: moved to 24–25
        ("2025-03-25", False),
        ("2025-03-26", True),
    ],
)
def test_working_day(db, client_for, day, working):
    response = client_for().get(f"/api/calendar/working-day/?date={day}")
    assert response.status_code == 200
    assert response.json() == {"date": day, "is_working_day": working}


def test_working_day_bad_date_and_missing_year_are_400(db, client_for):
    assert client_for().get("/api/calendar/working-day/?date=2025-02-30").status_code == 400
    response = client_for().get("/api/calendar/working-day/?date=1999-01-04")
    assert response.status_code == 400
    assert "calendar" in _error(response)["message"]


def test_due_instant_of_working_days_and_minutes(db, client_for):
    # §5: an event on Thu 20 Mar 2025 17:05; 1 WD is due at the close of the next working
    # day: Fri 21–Tue 25 Mar are Nauryz days off, so Wed 26 Mar 18:30
    response = client_for().get(
        "/api/calendar/due/?start=2025-03-20T17:05:00%2B05:00&amount=1&unit=days"
    )
    assert response.status_code == 200
    assert response.json()["due_at"].startswith("2025-03-26T18:30:00")
    # 15 working minutes from 18:20 run 10 minutes to the close and 5 the next working morning
    response = client_for().get(
        "/api/calendar/due/?start=2025-03-20T18:20:00%2B05:00&amount=15&unit=minutes"
    )
    assert response.json()["due_at"].startswith("2025-03-26T09:05:00")


def test_due_instant_bad_input_is_400(db, client_for):
    assert (
        client_for().get("/api/calendar/due/?start=yesterday&amount=1&unit=days").status_code == 400
    )
    response = client_for().get(
        "/api/calendar/due/?start=2025-03-20T17:05:00&amount=2&unit=same_day"
    )
    assert "amount" in _error(response)["fields"]
    assert (
        client_for()
        .get("/api/calendar/due/?start=2025-03-20T17:05:00&amount=1&unit=days&provider=999999")
        .status_code
        == 404
    )


# --- errors and throttling -------------------------------------------------------------------


def test_throttled_requests_get_429_in_the_error_shape(db, client_for, settings):
    # given an anonymous rate of two a minute
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "2/min", "uploads": "2/min"},
    }
    client = client_for()
    url = f"/api/calendar/working-day/?date={date(2025, 1, 6)}"
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    # when a third comes; then 429 with Retry-After and a message
    response = client.get(url)
    assert response.status_code == 429
    assert response["Retry-After"]
    _error(response)


def test_schema_and_readers_are_served(db, client_for):
    assert client_for().get("/api/schema/").status_code in (200, 401)
    user = ApplicantFactory().user
    assert client_for(user).get("/api/schema/").status_code == 200
    page = client_for(user).get("/api/schema/swagger/")
    assert page.status_code == 200
    assert b"cdn" not in page.content.lower()

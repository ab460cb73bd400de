"""Applicants' endpoints: drafts, the location scheme, submit, cases with timeline and clocks,
agreement, complaints, notifications."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from landplots.drafts import location_scheme_attach
from landplots.models import Application, State
from landplots.uploads import DEFAULT_UPLOAD_MAX_BYTES as MAX_UPLOAD_BYTES
from tests.api.conftest import PNG_BYTES
from tests.factories import PDF_BYTES, ApplicantFactory, ApplicationFactory
from workflow.roles import Role
from workflow.services.errors import InvalidInput

DRAFT = {
    "plot_address": "Алматы, Наурызбайский район, мкр. Шугыла, участок 16",
    "area_ha": "0.1200",
    "purpose": "individual_housing",
    "use_right": "temporary_paid",
    "consent": True,
}


def _error(response):
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == response.status_code
    assert body["error"]["message"]
    return body["error"]


# --- drafts ----------------------------------------------------------------------------------


def test_applicant_creates_a_draft(world, client_for):
    # given an applicant with a portal profile
    client = client_for(world.applicant.user)
    # when they post the Annex 1 fields
    response = client.post(
        "/api/applications/", {**DRAFT, "provider": world.provider.pk}, format="json"
    )
    # then a draft of theirs exists, with no number yet
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "draft" and body["number"] is None
    assert Application.objects.get(pk=body["id"]).applicant == world.applicant


def test_an_official_cannot_create_a_draft(world, client_for):
    # given a clerk; when they post a draft; then 403 in the one error shape
    response = client_for(world.user(Role.CLERK)).post(
        "/api/applications/", {**DRAFT, "provider": world.provider.pk}, format="json"
    )
    assert response.status_code == 403
    assert "applicant" in _error(response)["message"]


def test_draft_with_bad_input_is_400_with_field_errors(world, client_for):
    # given an applicant; when the area is zero and the purpose unknown
    response = client_for(world.applicant.user).post(
        "/api/applications/",
        {**DRAFT, "provider": world.provider.pk, "area_ha": "0", "purpose": "casino"},
        format="json",
    )
    # then 400 names both fields
    assert response.status_code == 400
    assert {"area_ha", "purpose"} <= set(_error(response)["fields"])


def test_unauthenticated_is_401(db, client_for):
    response = client_for().get("/api/applications/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    _error(response)


def test_applicant_edits_own_draft(world, client_for):
    # given a draft
    app = world.application()
    # when the applicant changes the plot address
    response = client_for(world.applicant.user).patch(
        f"/api/applications/{app.pk}/", {"plot_address": "Новый адрес"}, format="json"
    )
    # then it is saved
    assert response.status_code == 200
    app.refresh_from_db()
    assert app.plot_address == "Новый адрес"


def test_editing_a_submitted_application_is_409(case_in, world, client_for):
    app = case_in(State.SUBMITTED)
    response = client_for(world.applicant.user).patch(
        f"/api/applications/{app.pk}/", {"plot_address": "x"}, format="json"
    )
    assert response.status_code == 409
    _error(response)


def test_editing_another_applicants_draft_is_404(world, client_for):
    # given someone else's draft
    other = ApplicationFactory(provider=world.provider)
    # when our applicant tries to edit or read it; then 404, as if it did not exist
    client = client_for(world.applicant.user)
    assert (
        client.patch(
            f"/api/applications/{other.pk}/", {"plot_address": "x"}, format="json"
        ).status_code
        == 404
    )
    assert client.get(f"/api/applications/{other.pk}/").status_code == 404


def test_edit_with_bad_input_is_400(world, client_for):
    app = world.application()
    response = client_for(world.applicant.user).patch(
        f"/api/applications/{app.pk}/", {"use_right": "forever"}, format="json"
    )
    assert response.status_code == 400
    assert "use_right" in _error(response)["fields"]


# --- location scheme -------------------------------------------------------------------------


def test_scheme_upload_checks_content_and_stores_under_our_name(world, client_for):
    # given a draft without a scheme
    app = world.application(location_scheme="")
    # when a PNG arrives under a hostile name
    upload = SimpleUploadedFile("../../etc/passwd.exe", PNG_BYTES, content_type="image/png")
    response = client_for(world.applicant.user).put(
        f"/api/applications/{app.pk}/location-scheme/", {"file": upload}, format="multipart"
    )
    # then it is stored, as .png, under a random name of ours
    assert response.status_code == 200, response.json()
    app.refresh_from_db()
    assert app.location_scheme.name.startswith("schemes/")
    assert app.location_scheme.name.endswith(".png")
    assert "passwd" not in app.location_scheme.name


def test_scheme_that_is_not_pdf_jpeg_or_png_is_400(world, client_for):
    # given a file named .pdf whose bytes are an executable
    app = world.application(location_scheme="")
    upload = SimpleUploadedFile("scheme.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = client_for(world.applicant.user).put(
        f"/api/applications/{app.pk}/location-scheme/", {"file": upload}, format="multipart"
    )
    # then the content decides: 400 on the file field
    assert response.status_code == 400
    assert "file" in _error(response)["fields"]


def test_scheme_over_the_size_limit_is_400(world, client_for):
    app = world.application(location_scheme="")
    upload = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * MAX_UPLOAD_BYTES)
    response = client_for(world.applicant.user).put(
        f"/api/applications/{app.pk}/location-scheme/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert "MB" in str(_error(response)["fields"]["file"])


def test_scheme_for_another_applicants_draft_is_404(world, client_for):
    other = ApplicationFactory(provider=world.provider, location_scheme="")
    upload = SimpleUploadedFile("s.pdf", PDF_BYTES)
    response = client_for(world.applicant.user).put(
        f"/api/applications/{other.pk}/location-scheme/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 404


def test_an_official_cannot_upload_a_scheme(world, client_for):
    app = world.application(location_scheme="")
    upload = SimpleUploadedFile("s.pdf", PDF_BYTES)
    response = client_for(world.user(Role.CLERK)).put(
        f"/api/applications/{app.pk}/location-scheme/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 403


# --- submit ----------------------------------------------------------------------------------


def test_submit_gives_a_number_and_the_promised_date(world, client_for):
    # given a complete draft
    app = world.application()
    # when the applicant submits it
    response = client_for(world.applicant.user).post(f"/api/applications/{app.pk}/submit/")
    # then §5: it is accepted with a number and the date by which the service is due
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "submitted"
    assert body["number"].startswith("ALM-NAU-")
    assert body["promised_at"]
    assert [t["transition"] for t in body["timeline"]] == ["submit"]
    assert {c["step"] for c in body["clocks"]} >= {"1.1", "stage1"}


def test_submit_of_an_incomplete_draft_is_400_naming_what_is_missing(world, client_for):
    # given a draft without the scheme and without consent (Annex 1 requires both)
    app = world.application(location_scheme="", consent=False)
    response = client_for(world.applicant.user).post(f"/api/applications/{app.pk}/submit/")
    assert response.status_code == 400
    assert {"location_scheme", "consent"} <= set(_error(response)["fields"])
    app.refresh_from_db()
    assert app.state == State.DRAFT


def test_submit_twice_is_409(case_in, world, client_for):
    app = case_in(State.SUBMITTED)
    response = client_for(world.applicant.user).post(f"/api/applications/{app.pk}/submit/")
    assert response.status_code == 409


def test_submit_of_another_applicants_draft_is_404(world, client_for):
    other = ApplicationFactory(provider=world.provider)
    response = client_for(world.applicant.user).post(f"/api/applications/{other.pk}/submit/")
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.state == State.DRAFT


def test_an_official_cannot_submit_for_the_applicant(world, client_for):
    app = world.application()
    response = client_for(world.user(Role.CLERK)).post(f"/api/applications/{app.pk}/submit/")
    # A draft is the applicant's own: officials do not even see it.
    assert response.status_code == 404
    app.refresh_from_db()
    assert app.state == State.DRAFT


# --- list and card ---------------------------------------------------------------------------


def test_applicant_lists_only_own_cases(world, client_for):
    mine = world.application()
    ApplicationFactory(provider=world.provider)
    response = client_for(world.applicant.user).get("/api/applications/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


def test_official_lists_cases_of_own_provider_only(case_in, world, client_for):
    # given a case of our provider and one of another provider
    ours = case_in(State.SUBMITTED)
    other_applicant = ApplicantFactory()
    theirs = ApplicationFactory(applicant=other_applicant, provider=world.other_provider)
    clerk = client_for(world.user(Role.CLERK))
    ids = [row["id"] for row in clerk.get("/api/applications/").json()["results"]]
    assert ours.pk in ids and theirs.pk not in ids
    # and the other provider's card is 404
    assert clerk.get(f"/api/applications/{theirs.pk}/").status_code == 404


def test_list_filters_and_search(case_in, world, client_for):
    submitted = case_in(State.SUBMITTED)
    registered = case_in(State.REGISTERED)
    clerk = client_for(world.user(Role.CLERK))

    def ids(query):
        response = clerk.get(f"/api/applications/?{query}")
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids("state=submitted") == {submitted.pk}
    assert ids("stage=1") >= {submitted.pk, registered.pk}
    assert ids("stage=2") == set()
    assert ids(f"q={registered.number}") == {registered.pk}
    assert ids(f"q={world.applicant.iin}") >= {submitted.pk, registered.pk}
    assert ids(f"provider={world.other_provider.pk}") == set()
    assert ids("overdue=false") >= {submitted.pk}


def test_list_with_bad_filter_is_400(world, client_for):
    response = client_for(world.user(Role.CLERK)).get("/api/applications/?state=flying")
    assert response.status_code == 400
    assert "state" in _error(response)["fields"]


def test_page_size_is_capped(world, client_for):
    for _ in range(3):
        world.application()
    response = client_for(world.applicant.user).get("/api/applications/?page_size=100000")
    assert response.status_code == 200
    assert response.json()["count"] == 3


def test_overdue_filter_finds_a_case_whose_clock_ran_out(case_in, world, client_for):
    # given a submitted case whose 15-minute registration clock (§6 step 1.1) is past due
    from datetime import timedelta

    from django.utils import timezone

    from workflow.models import Deadline

    app = case_in(State.SUBMITTED)
    Deadline.objects.filter(application=app, step="1.1").update(
        due_at=timezone.now() - timedelta(minutes=1)
    )
    response = client_for(world.user(Role.CLERK)).get("/api/applications/?overdue=true")
    assert [row["id"] for row in response.json()["results"]] == [app.pk]
    assert response.json()["results"][0]["overdue"] is True


# --- agree ---------------------------------------------------------------------------


def test_applicant_agrees_the_final_act(case_in, world, client_for):
    # given a final act in the cabinet (§6 step 1.9)
    app = case_in(State.AWAITING_APPLICANT)
    # when the applicant agrees it (§6 step 1.10)
    response = client_for(world.applicant.user).post(f"/api/applications/{app.pk}/agree/")
    # then it is recorded; stage 2 waits for the payment
    assert response.status_code == 200, response.json()
    assert response.json()["act_agreed_at"]
    assert response.json()["state"] == "awaiting_applicant"


def test_agree_when_no_act_waits_is_409(case_in, world, client_for):
    app = case_in(State.SUBMITTED)
    assert (
        client_for(world.applicant.user).post(f"/api/applications/{app.pk}/agree/").status_code
        == 409
    )


def test_agree_on_another_applicants_case_is_404(case_in, world, client_for):
    app = case_in(State.AWAITING_APPLICANT)
    stranger = ApplicantFactory()
    assert client_for(stranger.user).post(f"/api/applications/{app.pk}/agree/").status_code == 404


def test_an_official_cannot_agree_for_the_applicant(case_in, world, client_for):
    app = case_in(State.AWAITING_APPLICANT)
    response = client_for(world.user(Role.ARCH_EXECUTOR)).post(f"/api/applications/{app.pk}/agree/")
    assert response.status_code == 404
    app.refresh_from_db()
    assert app.act_agreed_at is None


# --- complaints ------------------------------------------------------------------------------


def test_applicant_files_a_complaint_due_in_5_working_days(case_in, world, client_for):
    # given a submitted case; when the applicant complains to the provider's head (§10)
    app = case_in(State.SUBMITTED)
    response = client_for(world.applicant.user).post(
        f"/api/applications/{app.pk}/complaints/",
        {"addressee": "provider_head", "text": "Не зарегистрировали вовремя"},
        format="json",
    )
    # then it is registered with an answer due date
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "registered" and body["due_at"]
    listed = client_for(world.applicant.user).get(f"/api/applications/{app.pk}/complaints/")
    assert [c["id"] for c in listed.json()] == [body["id"]]


def test_complaint_with_bad_input_is_400(case_in, world, client_for):
    app = case_in(State.SUBMITTED)
    response = client_for(world.applicant.user).post(
        f"/api/applications/{app.pk}/complaints/",
        {"addressee": "president", "text": ""},
        format="json",
    )
    assert response.status_code == 400
    assert {"addressee", "text"} <= set(_error(response)["fields"])


def test_complaint_on_another_applicants_case_is_404(case_in, world, client_for):
    app = case_in(State.SUBMITTED)
    response = client_for(ApplicantFactory().user).post(
        f"/api/applications/{app.pk}/complaints/",
        {"addressee": "provider_head", "text": "x"},
        format="json",
    )
    assert response.status_code == 404


def test_complaint_answer_by_head_and_not_by_clerk(case_in, world, client_for):
    # given a complaint to the provider's head
    app = case_in(State.SUBMITTED)
    filed = (
        client_for(world.applicant.user)
        .post(
            f"/api/applications/{app.pk}/complaints/",
            {"addressee": "provider_head", "text": "x"},
            format="json",
        )
        .json()
    )
    url = f"/api/complaints/{filed['id']}/answer/"
    answer = {"outcome": "upheld", "answer": "Зарегистрировано"}
    # then a clerk may not answer it (403), bad input is 400, another provider's official 404
    assert client_for(world.user(Role.CLERK)).post(url, answer, format="json").status_code == 403
    assert (
        client_for(world.user(Role.LEADERSHIP))
        .post(url, {"outcome": "maybe"}, format="json")
        .status_code
        == 400
    )
    from tests.world import official

    stranger = official(Role.LEADERSHIP, provider=world.other_provider, username="lead-other")
    assert client_for(stranger).post(url, answer, format="json").status_code == 404
    # and leadership answers it
    response = client_for(world.user(Role.LEADERSHIP)).post(url, answer, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "upheld"


# --- notifications ---------------------------------------------------------------------------


def test_applicant_reads_own_notifications(case_in, world, client_for):
    # given a submitted case: §5 puts an acceptance notice in the cabinet
    case_in(State.SUBMITTED)
    client = client_for(world.applicant.user)
    response = client.get("/api/notifications/?unread=true")
    assert response.status_code == 200
    notices = response.json()["results"]
    assert len(notices) == 1 and "accepted" in notices[0]["subject"]
    # when it is marked read, then it is read, and a second call keeps the first time
    first = client.post(f"/api/notifications/{notices[0]['id']}/read/").json()["read_at"]
    assert first
    assert client.post(f"/api/notifications/{notices[0]['id']}/read/").json()["read_at"] == first


def test_notifications_of_others_are_404_and_bad_filter_400(case_in, world, client_for):
    case_in(State.SUBMITTED)
    notice = world.applicant.user.notifications.get()
    assert (
        client_for(world.user(Role.CLERK)).post(f"/api/notifications/{notice.pk}/read/").status_code
        == 404
    )
    assert client_for(world.user(Role.CLERK)).get("/api/notifications/").json()["count"] == 0
    assert (
        client_for(world.applicant.user).get("/api/notifications/?application=abc").status_code
        == 400
    )


def test_notifications_need_authentication(db, client_for):
    assert client_for().get("/api/notifications/").status_code == 401


def test_scheme_service_checks_the_file_whoever_calls_it(world):
    # given a draft without a scheme, and a caller that skips the API's serializer
    app = world.application(location_scheme="")
    # when a text file named .pdf is attached through the service itself
    with pytest.raises(InvalidInput) as refused:
        location_scheme_attach(
            application_id=app.pk,
            actor=world.applicant.user,
            file=ContentFile(b"not a scheme", name="scheme.pdf"),
        )
    # then the service refuses it on the file field and the draft keeps no scheme
    assert list(refused.value.field_errors) == ["file"]
    app.refresh_from_db()
    assert not app.location_scheme

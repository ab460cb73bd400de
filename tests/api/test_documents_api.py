"""Documents of a case over the API: an applicant opens theirs once sent to the cabinet
(§6 steps 1.9 and 2.5); an official in scope opens the uploaded files and the generated PDFs;
anyone else gets 404."""

import pytest

from landplots.models import Refusal, State
from tests.factories import PDF_BYTES, ApplicantFactory
from tests.world import official
from workflow.roles import Role
from workflow.services import cases


def _error(response):
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == response.status_code
    return body["error"]


def _url(app, kind=""):
    return f"/api/applications/{app.pk}/documents/{kind + '/' if kind else ''}"


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _refused(world, case_in):
    """§6 steps 1.7–1.9 on §9 ground 1: drafted, signed and sent; the case ends refused."""
    app = case_in(State.AT_ARCHITECTURE)
    cases.refusal_open(
        application_id=app.pk,
        actor=world.user(Role.ARCH_HEAD),
        ground=Refusal.Ground.UNTRUE_DOCUMENTS,
        reasoning="Схема не совпадает с кадастром",
    )
    cases.refusal_draft(
        application_id=app.pk, actor=world.user(Role.ARCH_EXECUTOR), reasoning="ЗК ст. 43"
    )
    return app


# --- the applicant -----------------------------------------------------------------------------


def test_applicant_downloads_the_final_act_once_sent(case_in, world, client_for):
    """§6 step 1.9: the final act reaches the cabinet when it is sent."""
    # given a final act sent to the applicant
    app = case_in(State.AWAITING_APPLICANT)
    client = client_for(world.applicant.user)
    # when they list and download their documents
    listed = client.get(_url(app)).json()
    response = client.get(_url(app, "final_act"))
    # then the final act is among them and comes as the stored PDF
    assert {"scheme", "final_act", "situational_scheme", "apz"} <= {d["kind"] for d in listed}
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert _body(response) == PDF_BYTES


def test_applicant_cannot_open_the_act_before_it_is_sent(case_in, world, client_for):
    """§6 step 1.9: a final act at the head's signature is not the applicant's yet."""
    # given a final act prepared but not signed or sent
    app = case_in(State.HEAD_SIGNATURE)
    client = client_for(world.applicant.user)
    # then it is not listed, and asking for it is 409 "not available yet"
    assert "final_act" not in {d["kind"] for d in client.get(_url(app)).json()}
    response = client.get(_url(app, "final_act"))
    assert response.status_code == 409
    assert "not available yet" in _error(response)["message"]
    # and the refusal of a case that has none is the same answer
    assert client.get(_url(app, "refusal")).status_code == 409


def test_applicant_gets_the_refusal_pdf_once_signed(world, case_in, client_for):
    """§6 steps 1.8–1.9: the motivated refusal is the applicant's once signed and sent."""
    # given a refusal drafted but not signed
    app = _refused(world, case_in)
    client = client_for(world.applicant.user)
    assert client.get(_url(app, "refusal")).status_code == 409
    # when the head signs it
    cases.refusal_sign(application_id=app.pk, actor=world.user(Role.ARCH_HEAD))
    # then the applicant downloads it as a generated PDF in the language asked for
    response = client.get(_url(app, "refusal") + "?lang=kk")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert _body(response).startswith(b"%PDF-")
    assert response["Content-Disposition"].endswith('-refusal-kk.pdf"')


def test_another_applicants_documents_are_404(case_in, world, client_for):
    app = case_in(State.AWAITING_APPLICANT)
    stranger = client_for(ApplicantFactory().user)
    assert stranger.get(_url(app)).status_code == 404
    assert stranger.get(_url(app, "final_act")).status_code == 404


def test_an_unknown_kind_or_an_officials_kind_is_404_for_the_applicant(case_in, world, client_for):
    # given a sent act; the draft act is the officials' working file, never the applicant's
    app = case_in(State.AWAITING_APPLICANT)
    client = client_for(world.applicant.user)
    assert client.get(_url(app, "draft_act")).status_code == 404
    assert client.get(_url(app, "act-pdf")).status_code == 404
    assert client.get(_url(app, "../../etc/passwd")).status_code == 404


def test_bad_language_is_400(world, case_in, client_for):
    app = _refused(world, case_in)
    cases.refusal_sign(application_id=app.pk, actor=world.user(Role.ARCH_HEAD))
    response = client_for(world.applicant.user).get(_url(app, "refusal") + "?lang=fr")
    assert response.status_code == 400
    assert "lang" in _error(response)["fields"]


# --- officials ---------------------------------------------------------------------------------


def test_official_in_scope_downloads_files_and_generated_pdfs(case_in, world, client_for):
    # given a case in approval: the act's files are uploaded, the act exists to be written
    app = case_in(State.IN_APPROVAL)
    client = client_for(world.user(Role.ARCH_EXECUTOR))
    kinds = {d["kind"] for d in client.get(_url(app)).json()}
    assert {"location_scheme", "draft_act", "apz", "act-pdf"} <= kinds
    assert "refusal-pdf" not in kinds
    # when the executor downloads the draft act and the generated act
    uploaded = client.get(_url(app, "draft_act"))
    generated = client.get(_url(app, "act-pdf") + "?lang=ru")
    # then the stored file and a PDF written from the case come back
    assert uploaded.status_code == 200 and _body(uploaded) == PDF_BYTES
    assert generated.status_code == 200
    assert generated["Content-Type"] == "application/pdf"
    assert _body(generated).startswith(b"%PDF-")


@pytest.mark.parametrize("kind", ["final_act", "decision", "refusal-pdf", "decision-pdf"])
def test_official_asks_for_what_is_not_written_yet_409(case_in, world, client_for, kind):
    app = case_in(State.IN_APPROVAL)
    response = client_for(world.user(Role.ARCH_EXECUTOR)).get(_url(app, kind))
    assert response.status_code == 409
    assert "not available yet" in _error(response)["message"]


def test_officials_outside_scope_get_404(case_in, world, client_for):
    # given our provider's case
    app = case_in(State.IN_APPROVAL)
    # then another provider's executor gets 404 for the list and for a file
    stranger = client_for(
        official(Role.ARCH_EXECUTOR, provider=world.other_provider, username="exec-other")
    )
    assert stranger.get(_url(app)).status_code == 404
    assert stranger.get(_url(app, "draft_act")).status_code == 404
    # and an approving body the case was sent to (§6 step 1.4) reads its files, as in the
    # back office
    assert client_for(world.user(Role.BODY_OFFICER)).get(_url(app, "draft_act")).status_code == 200

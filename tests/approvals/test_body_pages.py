from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approvals.models import ApprovalRequest
from landplots.models import State
from tests.factories import PDF_BYTES
from workflow import clock
from workflow.roles import Role

ALMATY = ZoneInfo("Asia/Almaty")


def _request(app, body):
    return ApprovalRequest.objects.get(application=app, body=body)


def test_body_officer_sees_only_requests_of_their_body(client, bo_world, round_open):
    # given a round open with three bodies
    client.force_login(bo_world.user(Role.BODY_OFFICER))
    # when the state body's officer opens the list / then one request, their own
    response = client.get(reverse("approvals:request_list"))
    assert response.status_code == 200
    assert [row["request"].body for row in response.context["rows"]] == [bo_world.state_body]
    # and another body's request answers 404
    other = _request(round_open, bo_world.utility)
    url = reverse("approvals:request_detail", args=[other.pk])
    assert client.get(url).status_code == 404


def test_negative_answer_needs_reasons_then_opens_the_refusal(client, bo_world, round_open):
    """§6 step 1.5a and §9 ground 3: a negative conclusion with its reasons refuses the case."""
    request = _request(round_open, bo_world.state_body)
    url = reverse("approvals:request_detail", args=[request.pk])
    client.force_login(bo_world.user(Role.BODY_OFFICER))
    with clock.frozen_at(datetime(2025, 4, 16, 10, 0, tzinfo=ALMATY)):
        # when answered negative without reasons / then 400 and nothing recorded
        response = client.post(url, {"answer": "negative", "reasoning": ""})
        assert response.status_code == 400
        assert response.context["form"].errors["reasoning"]
        request.refresh_from_db()
        assert request.answer is None
        # when answered negative with reasons / then recorded on time, case to refusal
        response = client.post(url, {"answer": "negative", "reasoning": "Санитарлық аймақ"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.answer == "negative" and request.late is False
    round_open.refresh_from_db()
    assert round_open.state == State.REFUSAL_PREPARATION
    assert round_open.refusal.ground == 3


def test_late_answer_is_marked_late(client, bo_world, round_open):
    """§6 step 1.5b: technical conditions are due in 5 WD; an answer after that is late but
    still counts."""
    # given the utility's request, 5 WD from 15 April 2025 long past
    request = _request(round_open, bo_world.utility)
    client.force_login(bo_world.user(Role.MONOPOLY_OFFICER))
    url = reverse("approvals:request_detail", args=[request.pk])
    tu = SimpleUploadedFile("tu.pdf", PDF_BYTES, content_type="application/pdf")
    # when the utility uploads its technical conditions on 5 May
    with clock.frozen_at(datetime(2025, 5, 5, 10, 0, tzinfo=ALMATY)):
        response = client.post(url, {"answer": "positive", "technical_conditions": tu})
    # then the answer counts and is marked late, and the list shows it late
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.answer == "positive" and request.late is True
    listing = client.get(reverse("approvals:request_list"), {"show": "all"})
    assert "bo-late" in listing.content.decode()
    # and the technical conditions download for the body and for the provider
    download = reverse("approvals:technical_conditions", args=[request.pk])
    assert client.get(download).status_code == 200
    client.force_login(bo_world.user(Role.ARCH_EXECUTOR))
    assert client.get(download).status_code == 200


def test_technical_conditions_are_required_of_a_utility(client, bo_world, round_open):
    request = _request(round_open, bo_world.utility)
    client.force_login(bo_world.user(Role.MONOPOLY_OFFICER))
    # when a positive answer comes without the document / then 400
    response = client.post(
        reverse("approvals:request_detail", args=[request.pk]), {"answer": "positive"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["technical_conditions"]


def test_provider_official_may_not_answer_for_a_body(client, bo_world, round_open):
    # given the provider's executor, who sees the case's requests
    request = _request(round_open, bo_world.state_body)
    client.force_login(bo_world.user(Role.ARCH_EXECUTOR))
    url = reverse("approvals:request_detail", args=[request.pk])
    assert client.get(url).status_code == 200
    # when they post an answer / then 403 and nothing recorded
    response = client.post(url, {"answer": "positive"})
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.answer is None


def test_other_provider_gets_404_for_a_request(client, bo_world, round_open, foreign_arch_head):
    """Scope: another provider's official does not see the request or its documents."""
    request = _request(round_open, bo_world.utility)
    client.force_login(foreign_arch_head)
    assert client.get(reverse("approvals:request_detail", args=[request.pk])).status_code == 404
    url = reverse("approvals:technical_conditions", args=[request.pk])
    assert client.get(url).status_code == 404


def test_technical_conditions_are_checked_by_content(client, bo_world, round_open):
    """An official's upload gets the portal's check: a text file is not technical conditions."""
    # given the utility's open request
    request = _request(round_open, bo_world.utility)
    client.force_login(bo_world.user(Role.MONOPOLY_OFFICER))
    url = reverse("approvals:request_detail", args=[request.pk])
    text = SimpleUploadedFile("tu.pdf", b"plain text\n", content_type="application/pdf")
    # when a text file named .pdf is sent / then 400 on the field, nothing recorded
    with clock.frozen_at(datetime(2025, 4, 16, 10, 0, tzinfo=ALMATY)):
        response = client.post(url, {"answer": "positive", "technical_conditions": text})
    assert response.status_code == 400
    assert response.context["form"].errors["technical_conditions"]
    request.refresh_from_db()
    assert request.answer is None
    # when a PDF is sent under another name / then recorded, stored under our own name
    pdf = SimpleUploadedFile("../tu.exe", PDF_BYTES, content_type="text/plain")
    with clock.frozen_at(datetime(2025, 4, 16, 10, 0, tzinfo=ALMATY)):
        response = client.post(url, {"answer": "positive", "technical_conditions": pdf})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.technical_conditions.name.endswith(".pdf")

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from landplots.models import State
from tests.backoffice.helpers import T1, drive
from workflow import clock, working_time
from workflow.roles import Role
from workflow.services import cases


def _changelist_queries(client, user):
    client.force_login(user)
    url = reverse("admin:landplots_application_changelist")
    client.get(url)  # warm the calendar and the content-type caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def _submitted(world, n):
    apps = [world.application() for _ in range(n)]
    with clock.frozen_at(T1):
        for app in apps:
            cases.application_submit(application_id=app.pk, actor=world.applicant.user)
    for app in apps:
        app.refresh_from_db()
    return apps


def test_changelist_runs_a_fixed_number_of_queries(client, bo_world):
    # given one submitted case
    working_time.current_calendar()
    _submitted(bo_world, 1)
    clerk = bo_world.user(Role.CLERK)
    # when the clerk opens the list
    one, response = _changelist_queries(client, clerk)
    assert response.context["cl"].result_count == 1
    # given nineteen more
    _submitted(bo_world, 19)
    # when the list is opened again / then it costs exactly as many queries
    twenty, response = _changelist_queries(client, clerk)
    assert response.context["cl"].result_count == 20
    assert one == twenty


def test_changelist_shows_only_the_officials_provider(client, bo_world, foreign_arch_head):
    # given a case of the world's provider
    (app,) = _submitted(bo_world, 1)
    # when the other provider's architecture head opens the list / then it is empty
    client.force_login(foreign_arch_head)
    response = client.get(reverse("admin:landplots_application_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
    # and the world's clerk sees it, with its running clock coloured
    client.force_login(bo_world.user(Role.CLERK))
    response = client.get(reverse("admin:landplots_application_changelist"))
    assert app.number in response.content.decode()
    assert "bo-clock bo-overdue" in response.content.decode()


def test_overdue_filter_and_search(client, bo_world):
    """§6 step 1.1: fifteen working minutes to register; long after, the case is overdue."""
    # given a submitted case whose 15-minute clock ran out long ago
    (app,) = _submitted(bo_world, 1)
    client.force_login(bo_world.user(Role.CLERK))
    url = reverse("admin:landplots_application_changelist")
    # when filtered by overdue, and by on time / then it is in the first only
    assert client.get(url, {"clock": "overdue"}).context["cl"].result_count == 1
    assert client.get(url, {"clock": "running"}).context["cl"].result_count == 0
    # when searched by IIN and by number / then found
    assert client.get(url, {"q": "871008401427"}).context["cl"].result_count == 1
    assert client.get(url, {"q": app.number}).context["cl"].result_count == 1
    assert client.get(url, {"q": "000000000000"}).context["cl"].result_count == 0


def test_change_page_offers_only_the_users_steps(client, bo_world):
    # given a submitted case
    (app,) = _submitted(bo_world, 1)
    url = reverse("admin:landplots_application_change", args=[app.pk])
    # when the clerk opens it / then the register button shows, the state is not a field
    client.force_login(bo_world.user(Role.CLERK))
    page = client.get(url)
    assert page.status_code == 200
    assert [a.name for a in page.context["step_actions"]] == ["register"]
    assert 'name="state"' not in page.content.decode()
    # when the architecture head opens it / then no step is offered
    client.force_login(bo_world.user(Role.ARCH_HEAD))
    assert client.get(url).context["step_actions"] == []


def test_stale_page_gets_409(client, bo_world):
    # given a case the clerk registered in another tab
    (app,) = _submitted(bo_world, 1)
    client.force_login(bo_world.user(Role.CLERK))
    url = reverse("admin:landplots_application_step", args=[app.pk, "register"])
    with clock.frozen_at(T1):
        assert client.post(url, {"expected_state": State.SUBMITTED}).status_code == 302
        # when the old page posts again / then 409, and the case is still registered
        response = client.post(url, {"expected_state": State.SUBMITTED})
        assert response.status_code == 409
        # and without the page's state the service itself finds the step closed
        assert client.post(url).status_code == 409
    app.refresh_from_db()
    assert app.state == State.REGISTERED
    assert app.transition_log.filter(transition="register").count() == 1


def test_step_form_errors_are_400_not_500(client, bo_world):
    # given a case waiting for its act
    app = drive(bo_world, bo_world.application(), State.ACT_PREPARATION)
    client.force_login(bo_world.user(Role.ARCH_EXECUTOR))
    url = reverse("admin:landplots_application_step", args=[app.pk, "dispatch"])
    # when the form opens / then it asks for the three documents
    page = client.get(url)
    assert page.status_code == 200
    assert "situational_scheme" in page.content.decode()
    # when posted without them / then 400 with the form again
    response = client.post(url, {"expected_state": app.state})
    assert response.status_code == 400
    assert response.context["form"].errors["apz_file"]


def test_other_provider_gets_404_for_case_document_and_pdf(client, bo_world, foreign_arch_head):
    """Scope: an official of another provider does not see the case or its documents."""
    # given a case with a draft act of the world's provider
    app = drive(bo_world, bo_world.application(), State.IN_APPROVAL)
    client.force_login(foreign_arch_head)
    urls = [
        reverse("admin:landplots_application_change", args=[app.pk]),
        reverse("admin:landplots_application_document", args=[app.pk, "draft_act"]),
        reverse("admin:landplots_application_document", args=[app.pk, "location_scheme"]),
        reverse("admin:landplots_application_pdf", args=[app.pk, "act", "kk"]),
    ]
    # when the foreign head asks / then 404 each time
    for url in urls:
        assert client.get(url).status_code == 404, url
    # and a step of its own role is 404 too (the case does not exist for it)
    step = reverse("admin:landplots_application_step", args=[app.pk, "sign_final_act"])
    assert client.post(step).status_code == 404
    # while the provider's own head downloads the draft act
    client.force_login(bo_world.user(Role.ARCH_HEAD))
    response = client.get(urls[1])
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(
    "lang, title", [("kk", "Жер учаскесін таңдау актісі"), ("ru", "Акт выбора")]
)
def test_selection_act_pdf_parses_with_number_and_title(client, bo_world, lang, title):
    """§2: the land-selection act carries the case number, the provider and the conclusions."""
    # given a case whose bodies all answered
    app = drive(bo_world, bo_world.application(), State.FINAL_ACT_PREPARATION)
    client.force_login(bo_world.user(Role.ARCH_EXECUTOR))
    # when the act is generated / then it parses and carries number, title and APZ summary
    response = client.get(reverse("admin:landplots_application_pdf", args=[app.pk, "act", lang]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert app.number in text
    assert title in text
    assert "Қабат саны" in text
    assert bo_world.utility.name_kk in text or bo_world.utility.name_ru in text


def test_refusal_pdf_cites_the_section_9_ground(client, bo_world):
    """§9: the motivated refusal cites its ground."""
    # given a refused case (ground 2)
    app = drive(bo_world, bo_world.application(), State.REFUSED)
    client.force_login(bo_world.user(Role.CLERK))
    # when generated in Kazakh
    response = client.get(
        reverse("admin:landplots_application_pdf", args=[app.pk, "refusal", "kk"])
    )
    # then it carries the number, the title and the Land Code ground
    text = _pdf_text(response.content)
    assert app.number in text
    assert "уәжді жауап" in text
    assert "Жер кодексінің талаптарына" in text


def test_decision_pdf_and_missing_documents(client, bo_world):
    # given a case at decision signing, and a fresh one
    app = drive(bo_world, bo_world.application(), State.DECISION_SIGNING)
    fresh = drive(bo_world, bo_world.application(), State.SUBMITTED)
    client.force_login(bo_world.user(Role.LEADERSHIP))
    # when the decision is generated in Russian / then it parses with the number
    response = client.get(
        reverse("admin:landplots_application_pdf", args=[app.pk, "decision", "ru"])
    )
    text = _pdf_text(response.content)
    assert app.number in text
    assert "Решение о предоставлении права землепользования" in text
    assert "20-321-045-123" in text
    # when a document the case does not have yet is asked for / then 404
    url = reverse("admin:landplots_application_pdf", args=[fresh.pk, "decision", "kk"])
    assert client.get(url).status_code == 404


def test_change_page_shows_requests_documents_timeline_and_clocks(client, bo_world):
    # given a case through the approval round, with technical conditions on file
    app = drive(bo_world, bo_world.application(), State.DECISION_SIGNING)
    client.force_login(bo_world.user(Role.LEADERSHIP))
    # when leadership opens it
    page = client.get(reverse("admin:landplots_application_change", args=[app.pk]))
    # then every panel is there and the step it owns is offered
    assert page.status_code == 200
    html = page.content.decode()
    for panel in ("bo-clocks", "bo-documents", "bo-requests", "bo-timeline"):
        assert f'id="{panel}"' in html
    assert reverse("approvals:technical_conditions", args=[app.approval_requests.last().pk]) in html
    assert [a.name for a in page.context["step_actions"]] == ["sign_decision"]
    assert len(page.context["timeline"]) >= 12

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from landplots.models import State
from tests.backoffice.helpers import T1, drive
from workflow import clock
from workflow.backoffice.failures import failure_protocol_sign
from workflow.models import ISFailureProtocol
from workflow.roles import Role
from workflow.services.errors import NotPermitted

ALMATY = ZoneInfo("Asia/Almaty")


def test_my_tasks_lists_the_roles_cases_soonest_first(client, bo_world):
    """§6 steps 1.1–1.2: a submitted case waits on the clerk, a registered one on leadership."""
    # given a case submitted and another one registered
    first = drive(bo_world, bo_world.application(), State.SUBMITTED)
    second = drive(bo_world, bo_world.application(), State.SUBMITTED)
    drive(bo_world, bo_world.application(), State.REGISTERED)
    client.force_login(bo_world.user(Role.CLERK))
    # when the clerk opens My tasks / then the two submitted cases, soonest due first
    response = client.get(reverse("admin:landplots_application_my_tasks"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["task"].application.pk for r in rows] == [first.pk, second.pk]
    assert all(r["status"] is not None for r in rows)
    # and the admin index counts them
    index = client.get(reverse("admin:index"))
    assert "2 cases waiting on you" in index.content.decode()


def test_body_queue_holds_open_requests(client, bo_world):
    # given a round open with the state body
    drive(bo_world, bo_world.application(), State.IN_APPROVAL)
    client.force_login(bo_world.user(Role.BODY_OFFICER))
    # when the officer opens My tasks / then their body's request is there
    rows = client.get(reverse("admin:landplots_application_my_tasks")).context["rows"]
    assert [r["task"].request.body for r in rows] == [bo_world.state_body]
    assert "1 approval request" in client.get(reverse("admin:index")).content.decode()


def test_state_corporation_queue_holds_invoices_to_issue(client, bo_world):
    """§6 step 1.9: a signed act waits for the State Corporation's invoice."""
    app = drive(bo_world, bo_world.application(), State.ACT_SIGNED)
    client.force_login(bo_world.user(Role.STATE_CORP))
    rows = client.get(reverse("admin:landplots_application_my_tasks")).context["rows"]
    assert [(r["task"].kind, r["task"].application.pk) for r in rows] == [("invoice", app.pk)]


def test_monitoring_feed_exports_stage_events(client, bo_world, foreign_arch_head):
    """§7: every change of stage is in the monitoring feed, exported as JSON."""
    # given a registered case (two stage events)
    app = drive(bo_world, bo_world.application(), State.REGISTERED)
    client.force_login(bo_world.user(Role.SUPERVISOR))
    # when the supervisor exports the feed
    response = client.get(reverse("admin:workflow_stageevent_export"))
    # then both events are there in order, with UTC instants
    assert response.status_code == 200
    body = json.loads(response.content)
    assert [e["state"] for e in body["events"]] == [State.SUBMITTED, State.REGISTERED]
    assert {e["case_number"] for e in body["events"]} == {app.number}
    assert (
        body["events"][0]["occurred_at"].endswith("Z")
        or "+00:00" in body["events"][0]["occurred_at"]
    )
    # and paging past the last one gives nothing
    after = client.get(reverse("admin:workflow_stageevent_export"), {"after": body["next_after"]})
    assert json.loads(after.content)["events"] == []
    # and the page lists them
    page = client.get(reverse("admin:workflow_stageevent_changelist"))
    assert page.context["cl"].result_count == 2
    # and a role without the feed permission gets 403
    client.force_login(bo_world.user(Role.CLERK))
    assert client.get(reverse("admin:workflow_stageevent_export")).status_code == 403


def test_failure_protocol_recorded_by_ict_signed_by_leadership(client, bo_world):
    """§8: the ICT officer draws up the protocol; the provider signs it."""
    # given a case that was waiting during the failure
    app = drive(bo_world, bo_world.application(), State.SUBMITTED)
    client.force_login(bo_world.user(Role.ICT_OFFICER))
    # when the ICT officer records the failure in the admin
    response = client.post(
        reverse("admin:workflow_isfailureprotocol_add"),
        {
            "occurred_at_0": "2025-04-15",
            "occurred_at_1": "10:00:00",
            "resolved_at_0": "2025-04-15",
            "resolved_at_1": "12:30:00",
            "description": "Шлюз электронного правительства недоступен",
            "affected_cases": [app.pk],
        },
    )
    # then it is stored for the officer's provider, unsigned
    assert response.status_code == 302, response.content[:1000]
    protocol = ISFailureProtocol.objects.get()
    assert protocol.provider == bo_world.provider
    assert protocol.recorded_by == bo_world.user(Role.ICT_OFFICER)
    assert list(protocol.affected_cases.all()) == [app]
    assert protocol.occurred_at == datetime(2025, 4, 15, 10, 0, tzinfo=ALMATY)
    # when the ICT officer tries to sign it / then refused
    with pytest.raises(NotPermitted):
        failure_protocol_sign(protocol_id=protocol.pk, actor=bo_world.user(Role.ICT_OFFICER))
    # when leadership signs it with the admin action
    client.force_login(bo_world.user(Role.LEADERSHIP))
    with clock.frozen_at(T1):
        response = client.post(
            reverse("admin:workflow_isfailureprotocol_changelist"),
            {"action": "sign_protocols", "_selected_action": [protocol.pk]},
        )
    # then it is signed by them
    assert response.status_code == 302
    protocol.refresh_from_db()
    assert protocol.signed_by == bo_world.user(Role.LEADERSHIP)
    assert protocol.signed_at == T1


def test_transition_log_is_read_only_in_the_admin(client, bo_world, admin_user):
    # given a registered case with its log, and a superuser who holds every permission
    app = drive(bo_world, bo_world.application(), State.REGISTERED)
    entry = app.transition_log.first()
    client.force_login(admin_user)
    assert client.get(reverse("admin:workflow_transitionlog_changelist")).status_code == 200
    # when they try to add or delete an entry / then the admin refuses
    assert client.get(reverse("admin:workflow_transitionlog_add")).status_code == 403
    url = reverse("admin:workflow_transitionlog_delete", args=[entry.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert app.transition_log.count() == 2

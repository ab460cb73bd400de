"""Regression tests for the back-office findings of a run through the README."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from landplots.models import State
from tests.backoffice.helpers import drive
from workflow.roles import Role


def _step_url(app, name):
    return reverse("admin:landplots_application_step", args=[app.pk, name])


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password="x")


def test_change_page_renders_for_a_step_with_a_form(client, bo_world):
    # given a case at architecture
    app = drive(bo_world, bo_world.application(), State.AT_ARCHITECTURE)
    # when the architecture head opens it
    client.force_login(bo_world.user(Role.ARCH_HEAD))
    page = client.get(reverse("admin:landplots_application_change", args=[app.pk]))
    # then the page renders and offers a link to the executor form, not a one-click POST
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{_step_url(app, "assign_executor")}"' in html
    assert f'action="{_step_url(app, "assign_executor")}"' not in html


@pytest.mark.parametrize(
    "state, form_steps, click_steps",
    [
        (State.SUBMITTED, [], ["register"]),
        (State.REGISTERED, ["open_refusal"], ["forward"]),
        (State.AT_ARCHITECTURE, ["assign_executor"], []),
        (State.ACT_PREPARATION, ["dispatch"], []),
        (State.DECISION_DRAFTING, ["draft_decision"], []),
    ],
)
def test_change_page_renders_for_the_superuser(
    client, bo_world, superuser, state, form_steps, click_steps
):
    # given a case at the state
    app = drive(bo_world, bo_world.application(), state)
    # when the superuser opens it
    client.force_login(superuser)
    page = client.get(reverse("admin:landplots_application_change", args=[app.pk]))
    # then 200; form steps are links to their page, the others one-click buttons
    assert page.status_code == 200
    html = page.content.decode()
    for name in form_steps:
        assert f'href="{_step_url(app, name)}"' in html, name
        assert f'action="{_step_url(app, name)}"' not in html, name
    for name in click_steps:
        assert f'action="{_step_url(app, name)}"' in html, name

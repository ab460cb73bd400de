"""Fixtures of the API tests: a token client per role and cases driven to a given state
through the services (never by writing the state)."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from landplots.models import State
from tests.factories import PDF_BYTES
from workflow.roles import Role
from workflow.services import cases

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _api_settings(settings):
    """Throttle counters live in the cache: start every test from zero, with rates that a
    test's own burst of requests does not reach (the throttle test sets its own)."""
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "100000/min",
            "user": "100000/min",
            "uploads": "100000/min",
        },
    }
    yield
    cache.clear()


@pytest.fixture
def client_for():
    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


def pdf(name="doc.pdf"):
    return ContentFile(PDF_BYTES, name=name)


# The order of §6: each entry moves a case one state on, through the service of that step.
def _steps(world):
    u = world.user
    return [
        (
            State.DRAFT,
            lambda a: cases.application_submit(application_id=a.pk, actor=world.applicant.user),
        ),
        (
            State.SUBMITTED,
            lambda a: cases.application_register(application_id=a.pk, actor=u(Role.CLERK)),
        ),
        (
            State.REGISTERED,
            lambda a: cases.application_forward(application_id=a.pk, actor=u(Role.LEADERSHIP)),
        ),
        (
            State.AT_ARCHITECTURE,
            lambda a: cases.executor_assign(
                application_id=a.pk, actor=u(Role.ARCH_HEAD), executor=u(Role.ARCH_EXECUTOR)
            ),
        ),
        (
            State.ACT_PREPARATION,
            lambda a: cases.act_dispatch(
                application_id=a.pk,
                actor=u(Role.ARCH_EXECUTOR),
                draft_file=pdf(),
                situational_scheme=pdf(),
                apz_file=pdf(),
            ),
        ),
        (State.IN_APPROVAL, lambda a: _answer_all(world, a)),
        (
            State.FINAL_ACT_PREPARATION,
            lambda a: cases.final_act_prepare(
                application_id=a.pk, actor=u(Role.ARCH_EXECUTOR), final_file=pdf()
            ),
        ),
        (
            State.HEAD_SIGNATURE,
            lambda a: cases.final_act_sign(application_id=a.pk, actor=u(Role.ARCH_HEAD)),
        ),
        (State.ACT_SIGNED, lambda a: _issue_and_send(world, a)),
    ]


def _answer_all(world, application):
    who = {
        "state_body": Role.BODY_OFFICER,
        "natural_monopoly": Role.MONOPOLY_OFFICER,
        "state_corporation": Role.STATE_CORP,
    }
    for request in application.approval_requests.select_related("body"):
        cases.conclusion_record(
            request_id=request.pk,
            actor=world.user(who[request.body.kind]),
            answer="positive",
            technical_conditions=pdf("tu.pdf"),
        )


def _issue_and_send(world, application):
    cases.invoice_issue(application_id=application.pk, actor=world.user(Role.STATE_CORP))
    cases.act_send(application_id=application.pk, actor=world.user(Role.ARCH_EXECUTOR))


@pytest.fixture
def case_in(world):
    """``case_in(State.X)``: a case of the world's applicant and provider in state X."""

    def make(state, **kwargs):
        application = world.application(**kwargs)
        for source, step in _steps(world):
            if application.state == state:
                break
            assert application.state == source
            step(application)
            application.refresh_from_db()
        assert application.state == state, application.state
        return application

    return make

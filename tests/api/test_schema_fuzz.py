"""The generated OpenAPI schema, exercised by schemathesis as each role: no answer is a 5xx,
and every answer (status, content type, body) is the one the schema documents."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from landplots.models import State
from workflow.roles import Role

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Bounded so the whole run stays within about two minutes.
EXAMPLES_PER_OPERATION = 10
# One role of each kind of scope: own cases, a provider's, a body's, the State Corporation's,
# the whole country.
ROLES = [
    "applicant",
    Role.CLERK,
    Role.ARCH_EXECUTOR,
    Role.BODY_OFFICER,
    Role.STATE_CORP,
    Role.SUPERVISOR,
]


@pytest.fixture
def api_schema(db):
    # As Django's test client does: the WSGI handler must not close the connection that
    # holds the test's transaction at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def real_ids(case_in):
    """Ids that exist, so that generated calls reach the views' logic and not only 404s."""
    cases = [case_in(State.DRAFT), case_in(State.SUBMITTED), case_in(State.IN_APPROVAL)]
    requests = list(cases[2].approval_requests.values_list("pk", flat=True))
    return [c.pk for c in cases] + requests


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_as_documented(api_schema, real_ids, world, role):
    # given a user of this role with a token
    user = world.applicant.user if role == "applicant" else world.user(role)
    token, _ = Token.objects.get_or_create(user=user)
    headers = {"Authorization": f"Token {token.key}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:

        @given(case=operation.as_strategy(), real=st.sampled_from(real_ids), swap=st.booleans())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case, real, swap):
            if swap and case.path_parameters and "id" in case.path_parameters:
                case.path_parameters["id"] = real
            # when it is called; then the answer is documented and no 5xx
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)

        check()

"""List endpoints run the same number of SQL queries whatever the page size: no query per row."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from approvals.models import ApprovalRequest
from landplots.models import Application
from workflow.api_support import MAX_PAGE_SIZE
from workflow.models import Deadline, Notification, TransitionLog
from workflow.roles import Role

ROWS = MAX_PAGE_SIZE + 5


@pytest.fixture
def many(world):
    """More rows than the largest page, each with a clock, a log row and an approval request."""
    now = timezone.now()
    apps = [world.application(location_scheme="") for _ in range(ROWS)]
    # Submitted, so that officials see them too (a draft is the applicant's own).
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(state="submitted")
    Deadline.objects.bulk_create(
        Deadline(
            application=a,
            step="1.1",
            owner_role=Role.CLERK,
            started_at=now,
            due_at=now + timedelta(hours=i - 50),
        )
        for i, a in enumerate(apps)
    )
    TransitionLog.objects.bulk_create(
        TransitionLog(
            application=a,
            transition="submit",
            role=Role.APPLICANT,
            source="draft",
            target="draft",
            at=now,
        )
        for a in apps
    )
    ApprovalRequest.objects.bulk_create(
        ApprovalRequest(application=a, body=world.state_body, sent_at=now, due_at=now) for a in apps
    )
    Notification.objects.bulk_create(
        Notification(
            recipient=world.applicant.user, application=a, key=f"k{a.pk}", subject="s", body="b"
        )
        for a in apps
    )
    assert Application.objects.count() == ROWS
    return apps


def _counts(client, url):
    counts = []
    for size in (1, 50, MAX_PAGE_SIZE):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{url}{'&' if '?' in url else '?'}page_size={size}")
        assert response.status_code == 200, response.json()
        assert len(response.json()["results"]) == size
        counts.append(len(queries))
    return counts


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("applicant", "/api/applications/"),
        (Role.CLERK, "/api/applications/?stage=1&q=Алматы"),
        (Role.SUPERVISOR, "/api/applications/?state=submitted&stage=1"),
        (Role.STATE_CORP, "/api/applications/"),
        (Role.BODY_OFFICER, "/api/approval-requests/?answered=false"),
        ("applicant", "/api/notifications/"),
    ],
)
def test_list_query_count_does_not_grow_with_page_size(many, world, client_for, role, url):
    # given more rows than the largest page; when pages of 1, 50 and the maximum are read
    user = world.applicant.user if role == "applicant" else world.user(role)
    counts = _counts(client_for(user), url)
    # then each page costs the same queries
    assert counts[0] == counts[1] == counts[2], counts

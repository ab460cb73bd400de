"""The demo data: realistic, driven through the real services, and safe to load twice."""

import io
from datetime import date, datetime, time

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader

from approvals.models import ApprovalRequest, ApprovingBody
from landplots import demo
from landplots.identity import bin_problem, iin_problem
from landplots.models import Applicant, Application, Provider, State
from workflow.models import Deadline, Official, TransitionLog
from workflow.roles import BODY_ROLES, PROVIDER_ROLES, Role

# A Thursday: the open cases are set a few working days before it.
TODAY = date(2026, 12, 3)
# seed_demo(today=TODAY) seeds at noon of that day.
SEEDED_AT = datetime.combine(TODAY, time(12), tzinfo=demo.ALMATY)


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seeding takes seconds; the read-only tests share one load, rolled back at the end so
    no other test module sees it."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        demo.seed_demo(today=TODAY)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_once, db):
    """Each test runs in a savepoint inside the shared load."""


def _snapshot() -> dict:
    """Every row of the project's apps and of the users, as plain values."""
    rows = {}
    for label in ("landplots", "approvals", "workflow", "auth"):
        for model in apps.get_app_config(label).get_models():
            rows[model._meta.label] = sorted(map(repr, model.objects.order_by("pk").values_list()))
    return rows


@pytest.mark.django_db
def test_a_second_run_changes_nothing():
    # Given the demo data loaded once
    first = demo.seed_demo(today=TODAY)
    before = _snapshot()

    # When it is loaded again (through the command, as `make run` does)
    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    # Then no row was added, removed or changed, and the command says so
    assert all(first.values())
    assert _snapshot() == before
    assert "nothing changed" in out.getvalue()


def test_applications_stand_at_every_demo_stage(seeded):
    # Given the demo data
    # When the demo applications are read by state
    states = set(Application.objects.values_list("state", flat=True))

    # Then each stage the demo promises is there
    assert states == {
        State.DRAFT,
        State.SUBMITTED,
        State.IN_APPROVAL,
        State.AWAITING_APPLICANT,
        State.CADASTRAL_PLAN_PREPARATION,
        State.GRANTED,
        State.REFUSED,
        State.ACT_EXPIRED,
    }


def test_cases_moved_through_the_services_with_real_clocks(seeded):
    # Given the demo data
    granted = Application.objects.get(state=State.GRANTED)
    awaiting = Application.objects.get(state=State.AWAITING_APPLICANT)

    # Then a closed case carries its log, numbered in the year it was received, with no clock open
    assert granted.number.startswith("ALM-NAU-2026-")
    assert granted.transition_log.count() >= 15
    assert not granted.deadlines.filter(done_at__isnull=True).exists()
    assert granted.decision.registered_at is not None
    # and an open case has the applicant's clocks running after the day it was seeded for
    open_steps = dict(awaiting.deadlines.filter(done_at__isnull=True).values_list("step", "due_at"))
    assert set(open_steps) == {"1.10", "1.11"}
    assert all(due.date() > TODAY for due in open_steps.values())
    # and the numbers follow the dates of receipt
    by_number = list(
        Application.objects.exclude(number=None).order_by("number").values_list("received_at")
    )
    assert by_number == sorted(by_number)


def test_the_round_shows_answered_and_overdue_requests(seeded):
    # Given the case in the approval round
    case = Application.objects.get(state=State.IN_APPROVAL)
    requests = case.approval_requests.select_related("body")

    # Then every body the provider consults got the act, some answered and some have not
    assert {r.body_id for r in requests} == set(
        case.provider.approving_bodies.values_list("pk", flat=True)
    )
    assert requests.filter(answer=ApprovalRequest.Answer.POSITIVE).exists()
    assert requests.filter(answer__isnull=True).exists()
    # and a body without its own system received it on paper (§6 step 1.4)
    assert requests.filter(on_paper=True).exists()


def test_the_refusal_cites_the_negative_conclusion(seeded):
    refused = Application.objects.get(state=State.REFUSED)

    assert refused.refusal.ground == 3
    assert refused.refusal.signed_at is not None


def test_the_orphan_gets_the_cadastral_plan_free(seeded):
    # Given the under-18 applicant without parental care
    orphan = Applicant.objects.get(user__username="orphan")
    case = orphan.applications.get()

    # Then the IIN is valid, the age is under 18, and stage 2 began without a payment
    assert iin_problem(orphan.iin) is None
    assert orphan.age_on(TODAY) < 18
    assert case.invoice.exempt and case.invoice.amount == 0
    assert case.state == State.CADASTRAL_PLAN_PREPARATION


def test_identity_numbers_are_valid(seeded):
    for applicant in Applicant.objects.all():
        if applicant.is_individual:
            assert iin_problem(applicant.iin) is None, applicant
        else:
            assert bin_problem(applicant.bin) is None, applicant
            assert iin_problem(applicant.representative_iin) is None, applicant


def test_one_login_per_role_bound_to_its_scope(seeded):
    # Given the demo data
    User = get_user_model()

    # Then every role but the system has a staff login named after it, in its group
    for role in Role:
        if role in (Role.SYSTEM, Role.APPLICANT):
            continue
        user = User.objects.get(username=role.value)
        assert user.is_staff and user.check_password(demo.DEMO_PASSWORD)
        assert user.groups.filter(name=role.value).exists()
        official = Official.objects.get(user=user)
        assert official.role == role
        if role in PROVIDER_ROLES:
            assert official.provider.code == demo.HOME_PROVIDER
        if role in BODY_ROLES:
            assert official.body is not None
    # and the applicants and the admin can log in
    for username in ("applicant", "company", "orphan", "admin"):
        assert User.objects.get(username=username).check_password(demo.DEMO_PASSWORD)
    assert User.objects.get(username="admin").is_superuser


def test_hierarchy_and_bodies_are_realistic(seeded):
    # Given the demo data
    shamalgan = Provider.objects.get(code="ALO-KAR-SHM")

    # Then a rural district sits under its district and region
    assert shamalgan.level == Provider.Level.RURAL_DISTRICT
    assert shamalgan.parent.name_ru == "Акимат Карасайского района"
    assert shamalgan.region.name_kk == "Алматы облысының әкімдігі"
    # and every provider consults the State Corporation and at least one utility
    for provider in Provider.objects.all():
        kinds = set(provider.approving_bodies.values_list("kind", flat=True))
        assert ApprovingBody.Kind.STATE_CORPORATION in kinds, provider.code
        assert ApprovingBody.Kind.NATURAL_MONOPOLY in kinds, provider.code


def test_the_demo_documents_are_readable_pdfs():
    # Given a generated document with characters PDF strings must escape
    data = demo.tiny_pdf("Act (draft) ALM-NAU-2026-000001 \\ demo")

    # When a PDF parser reads it
    page = PdfReader(io.BytesIO(data)).pages[0]

    # Then it is one page with the title on it
    assert "ALM-NAU-2026-000001" in page.extract_text()


def test_iin_for_computes_the_check_digit():
    iin = demo.iin_for(date(2010, 5, 14), male=True, serial=317)

    assert iin.startswith("1005145")
    assert iin_problem(iin) is None


def test_every_case_moves_forward_in_time(seeded):
    """A step logged after another happened after it, and no case is registered before the
    applicant submitted it."""
    # Given the demo data
    cases = Application.objects.exclude(state=State.DRAFT)
    assert cases.count() == len(demo.SCENARIOS) - 1

    for case in cases:
        # When its log is read in the order it was written
        log = list(TransitionLog.objects.filter(application=case).order_by("pk"))

        # Then the instants never go back, and the registration follows the submission
        instants = [row.at for row in log]
        assert instants == sorted(instants), case.number
        assert log[0].transition == "submit", case.number
        registered = [row.at for row in log if row.transition == "register"]
        assert case.submitted_at <= min(registered, default=SEEDED_AT), case.number
    assert TransitionLog.objects.filter(transition="register").count() == cases.count() - 1


def test_open_clocks_are_running_at_seeding(seeded):
    """The open cases' clocks run when the data is seeded; only the utilities of the case in
    the approval round are overdue, as the README says."""
    # Given the open demo cases
    closed = (State.DRAFT, State.GRANTED, State.REFUSED, State.ACT_EXPIRED)
    open_clocks = Deadline.objects.filter(done_at=None).exclude(application__state__in=closed)
    assert open_clocks.exists()

    # When their open clocks are compared with the instant of seeding
    overdue = {
        (state, step)
        for state, step in open_clocks.filter(due_at__lte=SEEDED_AT).values_list(
            "application__state", "step"
        )
    }

    # Then the only overdue ones are the utilities' technical conditions in the round
    assert overdue == {(State.IN_APPROVAL, "1.5b")}
    # and the submitted case still has time to be registered
    submitted = Application.objects.get(state=State.SUBMITTED)
    assert submitted.deadlines.get(step="1.1", done_at=None).due_at > SEEDED_AT


def test_names_close_every_quote_they_open():
    for code, _kind, name_kk, name_ru, _en, _by, _system in demo.BODIES:
        for name in (name_kk, name_ru):
            assert name.count("«") == name.count("»"), (code, name)
            assert name.count("„") == name.count("“"), (code, name)

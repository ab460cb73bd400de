"""The periodic deadline sweep (SPEC.md §3, §5, §6 step 1.11): reminders, breaches, the expiry
of an unagreed act; idempotent, safe in two workers, all-or-nothing per batch."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from landplots.models import SelectionAct, State
from tests.drive import drive, local
from tests.factories import ApplicationFactory
from workflow import clock
from workflow.models import Deadline, Notification, StageEvent, TransitionLog
from workflow.roles import Role
from workflow.services import cases, sweep
from workflow.tasks import deadlines_sweep

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs two real PostgreSQL connections"
)


def keys_of(user):
    return set(Notification.objects.filter(recipient=user).values_list("key", flat=True))


# A case whose act went out for preparation on Monday 14 April 2025: §6 step 1.4 (7 WD) is due
# on Wednesday 23 April at 18:30; the reminder goes out one working day before, at the close of
# Tuesday 22 April.
def _act_in_preparation(world):
    app = drive(world, until=State.ACT_PREPARATION)
    step = Deadline.objects.get(application=app, step="1.4", done_at__isnull=True)
    assert step.due_at == local(2025, 4, 23)
    assert step.remind_at == local(2025, 4, 22)
    return app, step


def test_reminder_goes_to_the_owner_one_working_day_before(world):
    """§6 step 1.4 (7 WD): the executor is reminded at the close of the working day before the
    due one; not earlier, not twice, and the supervisors are not bothered."""
    # Given the act in preparation
    _app, step = _act_in_preparation(world)
    executor = world.user(Role.ARCH_EXECUTOR)

    # When the sweep runs before the reminder instant
    result = sweep.sweep_run(now=local(2025, 4, 22, 18, 0))
    # Then nobody is reminded
    assert result.reminded == 0 and keys_of(executor) == set()

    # When it runs after it, twice
    first = sweep.sweep_run(now=local(2025, 4, 22, 18, 31))
    second = sweep.sweep_run(now=local(2025, 4, 22, 18, 32))

    # Then the executor got one reminder, the supervisor none, and the clock is marked
    assert (first.reminded, second.reminded) == (1, 0)
    assert f"deadline:{step.pk}:reminder" in keys_of(executor)
    assert keys_of(world.user(Role.SUPERVISOR)) == set()
    step.refresh_from_db()
    assert step.reminded_at == local(2025, 4, 22, 18, 31)
    assert step.breached_at is None


def test_breach_is_marked_once_and_told_to_owners_and_supervisors(world):
    """§6 step 1.4: a missed limit is marked breached and told to the provider's executors
    and the supervisors; another provider's officials hear nothing; a second run changes
    nothing."""
    # Given the act still in preparation after its due instant
    app, step = _act_in_preparation(world)
    from tests.world import official

    stranger = official(Role.ARCH_EXECUTOR, provider=world.other_provider)

    # When the sweep runs on Thursday morning, and again a minute later
    first = sweep.sweep_run(now=local(2025, 4, 24, 9, 0))
    second = sweep.sweep_run(now=local(2025, 4, 24, 9, 1))

    # Then the clock was breached once, at the first run
    assert (first.breached, second.breached) == (1, 0)
    step.refresh_from_db()
    assert step.breached_at == local(2025, 4, 24, 9, 0)
    assert step.done_at is None  # the step is still owed
    # and the owner and the supervisor were told once each, the stranger not at all
    key = f"deadline:{step.pk}:breached"
    assert Notification.objects.filter(key=key).count() == 2
    assert key in keys_of(world.user(Role.ARCH_EXECUTOR))
    assert key in keys_of(world.user(Role.SUPERVISOR))
    assert keys_of(stranger) == set()
    # and the case itself did not move
    app.refresh_from_db()
    assert app.state == State.ACT_PREPARATION


def test_breach_of_a_request_clock_goes_to_the_bodys_officers(world):
    """§6 step 1.5b: technical conditions missed after 5 WD: the utility's officers are told,
    the state body's are not."""
    # Given a case in the approval round since 14 April (TU due 21 April)
    app = drive(world, until=State.IN_APPROVAL)
    tu = Deadline.objects.get(application=app, step="1.5b")

    # When the sweep runs on 22 April
    sweep.sweep_run(now=local(2025, 4, 22, 9, 0))

    # Then only the TU clock is breached, and the utility's officer is told
    assert set(
        Deadline.objects.filter(application=app, breached_at__isnull=False).values_list(
            "step", flat=True
        )
    ) == {"1.5b"}
    assert f"deadline:{tu.pk}:breached" in keys_of(world.user(Role.MONOPOLY_OFFICER))
    assert keys_of(world.user(Role.BODY_OFFICER)) == set()


def test_applicant_clock_breach_goes_to_the_applicant(world):
    """§6 step 1.10: 3 WD to agree and pay; when missed the applicant is told (the act stays
    valid until its own 10 WD run out)."""
    # Given the act in the cabinet since 14 April (3 WD: due 17 April)
    app = drive(world, until=State.AWAITING_APPLICANT)
    agree = Deadline.objects.get(application=app, step="1.10")
    assert agree.due_at == local(2025, 4, 17)

    # When the sweep runs on 18 April
    result = sweep.sweep_run(now=local(2025, 4, 18, 9, 0))

    # Then the applicant is told; the case still waits on them
    assert result.breached == 1 and result.expired == 0
    assert f"deadline:{agree.pk}:breached" in keys_of(app.applicant.user)
    app.refresh_from_db()
    assert app.state == State.AWAITING_APPLICANT


def test_unagreed_act_expires_after_10_working_days(world):
    """§6 step 1.11: an act not agreed within 10 WD moves the case to act_expired, the act is
    returned for cancellation, the applicant and the architecture head are told; a second run
    does nothing more."""
    # Given the act sent on 14 April (valid until 28 April 18:30) and never agreed
    app = drive(world, until=State.AWAITING_APPLICANT)
    act = SelectionAct.objects.get(application=app)
    assert act.valid_until == local(2025, 4, 28)

    # When the sweep runs on 28 April at 18:00, then on 29 April, then again
    assert sweep.sweep_run(now=local(2025, 4, 28, 18, 0)).expired == 0
    first = sweep.sweep_run(now=local(2025, 4, 29, 9, 0))
    second = sweep.sweep_run(now=local(2025, 4, 29, 9, 1))

    # Then the case expired exactly once, by the system
    assert (first.expired, second.expired) == (1, 0)
    app.refresh_from_db()
    assert app.state == State.ACT_EXPIRED
    log = TransitionLog.objects.get(application=app, transition="expire_act")
    assert (log.actor, log.role, log.at) == (None, Role.SYSTEM, local(2025, 4, 29, 9, 0))
    assert StageEvent.objects.filter(application=app, state=State.ACT_EXPIRED).count() == 1
    act.refresh_from_db()
    assert act.returned_for_cancellation_at == local(2025, 4, 29, 9, 0)
    assert f"case:{app.pk}:act-expired" in keys_of(app.applicant.user)
    assert f"case:{app.pk}:act-returned" in keys_of(world.user(Role.ARCH_HEAD))
    # and no clock of the case is left open
    assert not app.deadlines.filter(done_at__isnull=True).exists()


def test_agreed_act_does_not_expire(world):
    """§6 step 1.11: agreement stops the validity clock, even if payment is still missing;
    agreeing after the 10 WD is refused."""
    # Given the act agreed on 15 April but not paid
    app = drive(world, until=State.AWAITING_APPLICANT)
    with clock.frozen_at(local(2025, 4, 15, 10, 0)):
        cases.act_agree(application_id=app.pk, actor=app.applicant.user)

    # When the sweep runs after the validity
    result = sweep.sweep_run(now=local(2025, 4, 30, 9, 0))

    # Then the case has not expired
    assert result.expired == 0
    app.refresh_from_db()
    assert app.state == State.AWAITING_APPLICANT

    # And another unagreed act cannot be agreed once its validity has passed
    other = drive(world, until=State.AWAITING_APPLICANT)
    from workflow.services.errors import Conflict

    with clock.frozen_at(local(2025, 4, 29, 8, 0)), pytest.raises(Conflict) as raised:
        cases.act_agree(application_id=other.pk, actor=other.applicant.user)
    assert "expired" in str(raised.value.message)


def test_a_batch_failing_midway_leaves_nothing_and_a_rerun_completes(world, monkeypatch):
    """§6 step 1.2 clocks (1 WD): an error after the first notice of a batch rolls back the
    whole batch (no notice, no breach mark); the next run does all of it."""
    # Given three cases registered on 14 April whose forwarding (1 WD) was missed
    apps = [drive(world, until=State.REGISTERED) for _ in range(3)]
    real_notify = sweep.notify
    calls = []

    def failing_notify(**kwargs):
        calls.append(kwargs["key"])
        if len(calls) == 2:
            raise RuntimeError("worker lost its database mid-batch")
        return real_notify(**kwargs)

    monkeypatch.setattr(sweep, "notify", failing_notify)

    # When the sweep fails after its first notice
    with pytest.raises(RuntimeError):
        sweep.sweep_run(now=local(2025, 4, 16, 9, 0))

    # Then nothing of the batch is left: no breach mark, no notice
    clocks = Deadline.objects.filter(application__in=apps, step="1.2")
    assert clocks.count() == 3
    assert not clocks.filter(breached_at__isnull=False).exists()
    assert not Notification.objects.filter(key__contains=":breached").exists()

    # When the next run goes through
    monkeypatch.setattr(sweep, "notify", real_notify)
    result = sweep.sweep_run(now=local(2025, 4, 16, 9, 1))

    # Then every clock is breached and every owner told once
    assert result.breached == 3
    assert clocks.filter(breached_at=local(2025, 4, 16, 9, 1)).count() == 3
    leadership = world.user(Role.LEADERSHIP)
    assert {f"deadline:{c.pk}:breached" for c in clocks} <= keys_of(leadership)


def test_an_expiry_failing_after_its_writes_rolls_back_and_reruns(world, monkeypatch):
    """§6 step 1.11: if the expiry fails after the state change and the log are written (here:
    while telling the architecture head), the case is as before; the next run expires it."""
    # Given an act past its validity
    app = drive(world, until=State.AWAITING_APPLICANT)
    real = cases.notify_role

    def boom(**kwargs):
        raise RuntimeError("mail relay down")

    monkeypatch.setattr(cases, "notify_role", boom)

    # When the task runs and fails inside the transition
    with clock.frozen_at(local(2025, 4, 29, 9, 0)), pytest.raises(RuntimeError):
        deadlines_sweep()

    # Then the case has not moved and nothing of the transition was written
    app.refresh_from_db()
    assert app.state == State.AWAITING_APPLICANT
    assert not TransitionLog.objects.filter(application=app, transition="expire_act").exists()
    assert not StageEvent.objects.filter(application=app, state=State.ACT_EXPIRED).exists()
    assert Deadline.objects.filter(application=app, step="1.11", done_at__isnull=True).exists()
    assert not Notification.objects.filter(key=f"case:{app.pk}:act-expired").exists()

    # When the task runs again
    monkeypatch.setattr(cases, "notify_role", real)
    with clock.frozen_at(local(2025, 4, 29, 9, 1)):
        result = deadlines_sweep()

    # Then it completes
    assert result["expired"] == 1
    app.refresh_from_db()
    assert app.state == State.ACT_EXPIRED


def test_beat_schedule_is_registered_once(db):
    """The sweep and the outbox delivery run every minute from the database schedule;
    registering again changes nothing and keeps an administrator's switch-off."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from workflow.apps import BEAT_TASKS, register_beat_schedule

    # Given the schedule written by migrate
    tasks = PeriodicTask.objects.filter(name__in=BEAT_TASKS)
    assert {t.task for t in tasks} == {
        "workflow.tasks.deadlines_sweep",
        "workflow.tasks.stage_events_deliver",
    }
    assert all(
        (t.interval.every, t.interval.period) == (1, IntervalSchedule.MINUTES) for t in tasks
    )
    tasks.filter(task="workflow.tasks.stage_events_deliver").update(enabled=False)

    # When it is registered again
    register_beat_schedule(using="default")
    register_beat_schedule(using="default")

    # Then there is still one row per task and one interval, and the switch-off holds
    assert PeriodicTask.objects.filter(name__in=BEAT_TASKS).count() == 2
    assert IntervalSchedule.objects.filter(every=1, period=IntervalSchedule.MINUTES).count() == 1
    assert not PeriodicTask.objects.get(task="workflow.tasks.stage_events_deliver").enabled


def _due_clocks(count: int, *, provider, step="1.2", role=Role.LEADERSHIP):
    """Open clocks already due, one per case (draft cases are enough for the sweep)."""
    due = timezone.now() - timedelta(hours=1)
    apps = [ApplicationFactory(provider=provider) for _ in range(count)]
    Deadline.objects.bulk_create(
        Deadline(
            application=app,
            step=step,
            owner_role=role,
            started_at=due - timedelta(days=1),
            due_at=due,
        )
        for app in apps
    )
    return apps


def _in_threads(count: int, target):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            results.append(target())
        except Exception as error:  # reported below, with the thread's traceback lost
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@postgres_only
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_sweeping_at_once_split_the_work():
    """§3: two workers sweeping at the same moment (SKIP LOCKED): every due clock is marked by
    exactly one of them, every owner is told once."""
    from tests.world import build_world

    world = build_world()
    apps = _due_clocks(40, provider=world.provider)
    # Small batches, so the two workers interleave many times.
    now = timezone.now()

    # When two workers run the sweep at once
    results = _in_threads(2, lambda: sweep.sweep_run(now=now, batch=5))

    # Then the marks add up to the due clocks, with none counted twice
    assert sum(r.breached for r in results) == 40
    assert Deadline.objects.filter(application__in=apps, breached_at=now).count() == 40
    # and each owner and supervisor got exactly one notice per clock
    leadership = world.user(Role.LEADERSHIP)
    supervisor = world.user(Role.SUPERVISOR)
    assert (
        Notification.objects.filter(recipient=leadership, key__endswith=":breached").count() == 40
    )
    assert (
        Notification.objects.filter(recipient=supervisor, key__endswith=":breached").count() == 40
    )


@postgres_only
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_expire_an_act_once():
    """§6 step 1.11: two sweeps at once move the case to act_expired once: one log row, one
    monitoring event, one notice."""
    from tests.world import build_world

    world = build_world()
    app = drive(world, until=State.AWAITING_APPLICANT, at=timezone.now() - timedelta(days=40))
    now = timezone.now()

    results = _in_threads(2, lambda: sweep.sweep_run(now=now))

    assert sum(r.expired for r in results) == 1
    app.refresh_from_db()
    assert app.state == State.ACT_EXPIRED
    assert TransitionLog.objects.filter(application=app, transition="expire_act").count() == 1
    assert StageEvent.objects.filter(application=app, state=State.ACT_EXPIRED).count() == 1
    assert Notification.objects.filter(key=f"case:{app.pk}:act-expired").count() == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_sweep_runs_through_the_broker_in_a_real_worker(celery_app, celery_worker, settings):
    """§3: the beat's task, taken from the broker by a real worker, breaches a due clock."""
    from tests.world import build_world

    world = build_world()
    (app,) = _due_clocks(1, provider=world.provider)
    clock_row = Deadline.objects.get(application=app)

    # When the task is queued as the beat queues it
    deadlines_sweep.delay()

    # Then the worker marks the clock and tells the owner
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        clock_row.refresh_from_db()
        if clock_row.breached_at is not None:
            break
        time.sleep(0.2)
    assert clock_row.breached_at is not None
    assert f"deadline:{clock_row.pk}:breached" in keys_of(world.user(Role.LEADERSHIP))

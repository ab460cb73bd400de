"""Two officials acting on the same case at the same moment (SPEC.md §6, one transaction per
transition): exactly one succeeds, the other gets a conflict, nothing is written twice."""

import threading
import time

import pytest
from django.db import connection, connections

from landplots.models import State
from tests.drive import drive
from workflow.models import StageEvent, TransitionLog
from workflow.roles import Role
from workflow.services import cases, transitions
from workflow.services.errors import Conflict


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections")
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clerks_register_the_same_case_at_once(monkeypatch):
    """§6 step 1.1: two clerks press "register" at the same moment: one registers, the other
    waits on the row lock, then gets the conflict message; one log row, one §7 event."""
    from tests.world import build_world, official

    world = build_world()
    app = drive(world, until=State.SUBMITTED)
    clerks = [world.user(Role.CLERK), official(Role.CLERK, provider=world.provider, username="c2")]

    # The first transaction holds the case lock a while, so the second really waits on it.
    real = transitions.clocks_on_transition

    def slow_clocks(**kwargs):
        time.sleep(0.5)
        return real(**kwargs)

    monkeypatch.setattr(transitions, "clocks_on_transition", slow_clocks)
    barrier = threading.Barrier(2)
    outcomes = []

    def press(clerk):
        try:
            barrier.wait(timeout=10)
            cases.application_register(application_id=app.pk, actor=clerk)
            outcomes.append(("ok", clerk.pk))
        except Conflict as error:
            outcomes.append(("conflict", str(error.message)))
        except Exception as error:
            outcomes.append(("error", repr(error)))
        finally:
            connections.close_all()

    # When both press at once, each on their own connection
    threads = [threading.Thread(target=press, args=(c,)) for c in clerks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # Then exactly one succeeded and the other was told the case moved on
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["conflict", "ok"], outcomes
    message = next(detail for kind, detail in outcomes if kind == "conflict")
    assert "this step is not open now" in message
    # and the case was registered once
    app.refresh_from_db()
    assert app.state == State.REGISTERED
    log = TransitionLog.objects.filter(application=app, transition="register")
    assert log.count() == 1
    winner = next(detail for kind, detail in outcomes if kind == "ok")
    assert log.get().actor_id == winner
    assert StageEvent.objects.filter(application=app, state=State.REGISTERED).count() == 1

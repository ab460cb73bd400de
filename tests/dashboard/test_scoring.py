"""Which clocks the period figures score, and for whom (the June data set of test_dashboard).

§6 step 1.11 is the act's validity period: when it runs out the act expires (an outcome), and
nobody is late. A provider's on-time rate counts the steps its own staff answer for; the
bodies', the State Corporation's and the applicant's clocks, and the stage totals (which hold
the provider's steps once more), have figures of their own.
"""

from django.utils import translation

from landplots.models import Provider
from tests.dashboard.test_dashboard import JUNE, at, clock_row, page, table
from workflow.dashboard.refresh import stats_refresh
from workflow.roles import Role


def _more_clocks(data):
    x = data["x"]
    # the applicant agreed late (§6 step 1.10, 3 WD): 1 – 6 June
    clock_row(x, "1.10", at(2, 10), at(5, 18, 30), at(6, 12), role="applicant")
    # the act's validity ran out (§6 step 1.11, 10 WD) and it expired
    clock_row(x, "1.11", at(2, 10), at(16, 18, 30), at(17, 9), role="state_corp")
    # the State Corporation's cadastral plan (§6 step 2.1, 10 WD), late
    clock_row(x, "2.1", at(2, 10), at(16, 18, 30), at(18, 9), role="state_corp")
    # stage 1 as a whole (28 WD), on time
    clock_row(x, "stage1", at(2, 10), at(30, 18, 30), at(11, 12), role="arch_head")
    # laid down after the fixture's refresh yet closed before its newest clock: a full run
    stats_refresh(full=True)


def test_the_act_validity_period_is_not_scored(client, world, data):
    _more_clocks(data)
    response = page(client, world.user(Role.SUPERVISOR), **JUNE)
    steps = {r["step"]: r for r in table(response, "steps")}
    # then §6 step 1.11 has no on-time figure; the applicant's 1.10 and the State
    # Corporation's 2.1 are scored as the steps they are
    assert "1.11" not in steps
    assert (steps["1.10"]["n"], steps["1.10"]["late"]) == (1, 1)
    assert (steps["2.1"]["n"], steps["2.1"]["late"]) == (1, 1)
    assert steps["stage1"]["on_time"] == 1
    # and it is not a step to filter by
    assert page(client, world.user(Role.SUPERVISOR), step="1.11", **JUNE).status_code == 400


def test_a_provider_is_scored_on_its_own_steps(client, world, data):
    _more_clocks(data)
    response = page(client, world.user(Role.SUPERVISOR), **JUNE)
    providers = {r["code"]: r for r in table(response, "providers")}
    # then the Nauryzbay akimat keeps its figure of the June set (1.4 of X and Y, its head's
    # answer to the complaint): the applicant's, the State Corporation's, the bodies' and the
    # stage clocks added to its cases are not its own
    assert (providers["ALM-NAU"]["n"], providers["ALM-NAU"]["on_time"]) == (3, 2)


def test_a_chosen_step_or_body_keeps_the_providers_table_to_their_own_steps(client, world, data):
    _more_clocks(data)
    user = world.user(Role.SUPERVISOR)
    # when the supervisor picks the provider's own step 1.4 (§6 step 1.4, 7 WD)
    by_own_step = table(page(client, user, step="1.4", **JUNE), "providers")
    # then each provider shows its 1.4 clocks: X on time and Y late for Nauryzbay, Z for Medeu
    assert sorted((r["code"], r["n"], r["late"]) for r in by_own_step) == [
        ("ALM-MED", 1, 0),
        ("ALM-NAU", 2, 1),
    ]
    # and the State Corporation's late 2.1, or the utility's late technical conditions
    # (§6 step 1.5), are not put on the akimat whose case it was: the table is empty
    assert table(page(client, user, step="2.1", **JUNE), "providers") == []
    assert table(page(client, user, body=world.utility.pk, **JUNE), "providers") == []
    # while the steps' and the bodies' tables show those late clocks
    steps = {r["step"]: r for r in table(page(client, user, step="2.1", **JUNE), "steps")}
    assert (steps["2.1"]["n"], steps["2.1"]["late"]) == (1, 1)
    bodies = table(page(client, user, body=world.utility.pk, **JUNE), "bodies")
    assert [(r["n"], r["late"]) for r in bodies] == [(1, 1)]


def test_providers_are_named_in_the_page_language(client, world, data, kazakh_default):
    Provider.objects.filter(pk=world.provider.pk).update(name_en="Nauryzbay district akimat")
    user = world.user(Role.SUPERVISOR)
    with translation.override("en"):
        response = page(client, user, "/en/dashboard/", **JUNE)
    names = {r["code"]: r["name"] for r in table(response, "providers")}
    assert names["ALM-NAU"] == "Nauryzbay district akimat"

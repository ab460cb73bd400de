"""The supervisors' dashboards (issue 7) on a small data set with hand-computed figures.

Clocks are inserted directly (their instants chosen by hand), then copied into the summary
tables by the refresh. "Now" is Friday 2025-06-20 12:00 in Almaty.
"""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from approvals.models import ApprovalRequest
from landplots.models import Complaint, Provider, Refusal, State
from tests.factories import ApplicationFactory, ProviderFactory, UserFactory
from workflow import clock
from workflow.dashboard.refresh import stats_refresh
from workflow.models import Deadline, Official, TransitionLog
from workflow.roles import Role

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2025, 6, 20, 12, 0, tzinfo=ALMATY)
JUNE = {"date_from": "2025-06-01", "date_to": "2025-06-30"}


def at(day, hour, minute=0, month=6):
    return datetime(2025, month, day, hour, minute, tzinfo=ALMATY)


def case(world, provider, state):
    return ApplicationFactory(
        applicant=world.applicant, provider=provider, state=state, number=f"N-{state}-{provider.pk}"
    )


def clock_row(app, step, started, due, done=None, request=None, complaint=None, role="clerk"):
    return Deadline.objects.create(
        application=app,
        step=step,
        owner_role=role,
        started_at=started,
        due_at=due,
        done_at=done,
        approval_request=request,
        complaint=complaint,
    )


@pytest.fixture
def data(world, workdays):
    region_a = ProviderFactory(code="REG-A", level=Provider.Level.REGION)
    region_b = ProviderFactory(code="REG-B", level=Provider.Level.REGION)
    Provider.objects.filter(pk=world.provider.pk).update(parent=region_a)
    Provider.objects.filter(pk=world.other_provider.pk).update(parent=region_b)
    a1, b1 = world.provider, world.other_provider
    x = case(world, a1, State.IN_APPROVAL)
    y = case(world, a1, State.FINAL_ACT_PREPARATION)
    z = case(world, b1, State.REGISTERED)
    refused = ApplicationFactory(applicant=world.applicant, provider=a1, state=State.REFUSED)
    granted = ApplicationFactory(applicant=world.applicant, provider=a1, state=State.GRANTED)
    expired = ApplicationFactory(applicant=world.applicant, provider=b1, state=State.ACT_EXPIRED)
    ses = ApprovalRequest.objects.create(
        application=x, body=world.state_body, sent_at=at(11, 12), due_at=at(27, 18, 30)
    )
    utility = ApprovalRequest.objects.create(
        application=x, body=world.utility, sent_at=at(11, 12), due_at=at(18, 18, 30)
    )
    corp = ApprovalRequest.objects.create(
        application=x, body=world.state_corp, sent_at=at(11, 12), due_at=at(19, 18, 30)
    )
    # Closed in June. 1.4 (7 WD): X took 1 WD, on time; Y took 8 WD (Tue 10 – Thu 19 closed
    # by Fri 20 17:00), late; Z closed after hours on Tue 10: 1 WD, on time.
    clock_row(x, "1.4", at(9, 10), at(18, 18, 30), at(11, 12))
    clock_row(y, "1.4", at(9, 10), at(18, 18, 30), at(20, 17))
    clock_row(z, "1.4", at(9, 10), at(18, 18, 30), at(10, 19))
    # 1.5a (SES): 1 WD, on time; 1.5b (utility): 5 WD, answered the morning after the due day.
    clock_row(x, "1.5a", at(11, 12), at(27, 18, 30), at(13, 10), request=ses)
    clock_row(x, "1.5b", at(11, 12), at(18, 18, 30), at(19, 9), request=utility)
    # Closed in May: outside the period.
    clock_row(z, "1.2", at(19, 10, month=5), at(20, 18, 30, month=5), at(20, 10, month=5))
    # Open now: the State Corporation's conclusion overdue since Thursday; Y's final act due
    # today; Z's forwarding due by Monday's close; a clock of a granted case (not in progress).
    clock_row(x, "1.5a", at(11, 12), at(19, 18, 30), request=corp)
    clock_row(y, "1.6", at(13, 10), at(20, 18, 30))
    clock_row(z, "1.2", at(20, 10), at(23, 18, 30))
    clock_row(granted, "1.9", at(13, 10), at(19, 18, 30))
    # §10: one complaint to the head answered on time, one awaiting and overdue.
    answered = Complaint.objects.create(
        application=refused,
        addressee=Complaint.Addressee.PROVIDER_HEAD,
        text="...",
        filed_by=world.applicant.user,
        registered_at=at(10, 10),
        due_at=at(17, 18, 30),
        answered_at=at(16, 11),
        state=Complaint.State.REJECTED,
    )
    waiting = Complaint.objects.create(
        application=granted,
        addressee=Complaint.Addressee.PROVIDER_HEAD,
        text="...",
        filed_by=world.applicant.user,
        registered_at=at(12, 10),
        due_at=at(19, 18, 30),
    )
    clock_row(refused, "10.head", at(10, 10), at(17, 18, 30), at(16, 11), complaint=answered)
    clock_row(granted, "10.head", at(12, 10), at(19, 18, 30), complaint=waiting)
    # Outcomes in June: refused on §9 ground 3, granted, act expired.
    Refusal.objects.create(application=refused, ground=Refusal.Ground.NEGATIVE_CONCLUSION)
    for app, target, day in (
        (refused, "refused", 16),
        (granted, "granted", 17),
        (expired, "act_expired", 18),
    ):
        TransitionLog.objects.create(
            application=app,
            transition="t",
            role="system",
            source="x",
            target=target,
            at=at(day, 11),
        )
    stats_refresh()
    return {"region_a": region_a, "region_b": region_b, "x": x}


def supervisor(region=None, username="sup-r"):
    user = UserFactory(username=username, is_staff=True)
    Official.objects.create(user=user, role=Role.SUPERVISOR, region=region)
    user.groups.add(Group.objects.get(name=Role.SUPERVISOR))
    return user


def page(client, user, url="/dashboard/", **params):
    client.force_login(user)
    with clock.frozen_at(NOW):
        return client.get(url, params)


def table(response, key):
    for spec, rows in response.context["table_rows"]:
        if spec.key == key:
            return [dict(zip([k for k, _ in spec.columns], r["cells"], strict=True)) for r in rows]
    raise KeyError(key)


def test_step_figures_on_time_rate_and_percentiles(client, world, data):
    # given the June data set, when the country supervisor opens June
    response = page(client, world.user(Role.SUPERVISOR), **JUNE)
    assert response.status_code == 200
    steps = {r["step"]: r for r in table(response, "steps")}
    # then step 1.4 (§6 step 1.4, 7 WD) has 3 closed clocks, 2 on time; days taken 1, 1, 8:
    # median (nearest rank 2 of 3) 1, 90th percentile (rank 3 of 3) 8
    assert (steps["1.4"]["n"], steps["1.4"]["on_time"], steps["1.4"]["rate"]) == (3, 2, 66.7)
    assert (steps["1.4"]["median"], steps["1.4"]["p90"]) == (1, 8)
    # and the 1.5b technical conditions (§6 step 1.5b, 5 WD) took 5 WD and were late
    assert (steps["1.5b"]["n"], steps["1.5b"]["late"], steps["1.5b"]["median"]) == (1, 1, 5)
    # and the May clock of step 1.2 is outside the period
    assert "1.2" not in steps


def test_rates_per_provider_and_per_body(client, world, data):
    response = page(client, world.user(Role.SUPERVISOR), **JUNE)
    providers = {r["code"]: r for r in table(response, "providers")}
    # then the Nauryzbay akimat's own steps closed 3 clocks, 2 on time (1.4 of X and Y, and
    # its head's answer to the complaint); the bodies' 1.5a and 1.5b are the bodies' figures,
    # not the akimat's; Medeu 1 of 1
    assert (providers["ALM-NAU"]["n"], providers["ALM-NAU"]["rate"]) == (3, 66.7)
    assert (providers["ALM-MED"]["n"], providers["ALM-MED"]["rate"]) == (1, 100.0)
    # and worst first
    assert [r["code"] for r in table(response, "providers")] == ["ALM-NAU", "ALM-MED"]
    bodies = {r["code"]: r for r in table(response, "bodies")}
    assert (bodies["SES"]["n"], bodies["SES"]["rate"]) == (1, 100.0)
    assert (bodies["AZHK"]["n"], bodies["AZHK"]["rate"]) == (1, 0.0)
    assert "GK" not in bodies  # its clock is still open


def test_open_clock_buckets_and_drill_down(client, world, data):
    response = page(client, world.user(Role.SUPERVISOR), **JUNE)
    buckets = {r["key"]: r["n"] for r in response.context["buckets"]}
    # then: overdue = the State Corporation's conclusion + the awaiting complaint (§10, 5 WD);
    # today = Y's final act; within one working day = Z's forwarding (Monday's close); the
    # open clock of the granted case is not counted
    assert buckets == {"overdue": 2, "today": 1, "next_day": 1}
    # when the supervisor drills down to the overdue list
    listing = page(client, world.user(Role.SUPERVISOR), "/dashboard/clocks/overdue/", **JUNE)
    rows = listing.context["rows"]
    # then each row names the responsible role and body and links to the case in the admin
    assert [(r["step"], r["body"]) for r in rows] == [
        ("1.5a", str(world.state_corp)),
        ("10.head", ""),
    ]
    assert rows[0]["url"] == f"/admin/landplots/application/{data['x'].pk}/change/"
    # and no working day has closed since Thursday's due instant (Friday is still open)
    assert rows[0]["working_days"] == 0
    # but the row says it is overdue
    assert rows[0]["overdue"]
    assert b"<strong>overdue</strong>" in listing.content


def test_states_outcomes_and_complaints(client, world, data):
    response = page(client, world.user(Role.SUPERVISOR), **JUNE)
    states = {r["label"]: r["n"] for r in table(response, "states")}
    assert states[State.IN_APPROVAL.label] == 1
    assert states[State.REGISTERED.label] == 1
    assert sum(states.values()) == 3  # finals are outcomes, not work in progress
    outcomes = [r["n"] for r in table(response, "outcomes")]
    # granted, §9 grounds 1, 2, 3, act expired
    assert outcomes == [1, 0, 0, 1, 1]
    complaints = table(response, "complaints")
    assert complaints[0] == {
        "addressee": Complaint.Addressee.PROVIDER_HEAD.label,
        "n": 2,
        "answered": 1,
        "answered_on_time": 1,
        "open": 1,
        "open_overdue": 1,
    }


def test_regional_supervisor_sees_only_their_region(client, world, data):
    # given a supervisor of region B (the Medeu akimat's)
    user = supervisor(region=data["region_b"])
    # when they open a link made for region A, they are told their scope, not shown B as A
    response = page(client, user, region=data["region_a"].pk, **JUNE)
    assert response.status_code == 400
    assert "remove the region from the address" in response.content.decode()
    assert (
        page(client, user, "/dashboard/export/steps.csv", region=data["region_a"].pk).status_code
        == 400
    )
    # and their own region in the address, or none, shows region B's figures only
    assert page(client, user, region=data["region_b"].pk, **JUNE).status_code == 200
    response = page(client, user, **JUNE)
    assert [r["code"] for r in table(response, "providers")] == ["ALM-MED"]
    assert {r["key"]: r["n"] for r in response.context["buckets"]} == {
        "overdue": 0,
        "today": 0,
        "next_day": 1,
    }
    assert [r["n"] for r in table(response, "outcomes")] == [0, 0, 0, 0, 1]
    # and a provider of region A is not theirs to pick, in capitals or not
    assert page(client, user, provider="ALM-NAU", **JUNE).status_code == 400
    assert page(client, user, provider="alm-nau", **JUNE).status_code == 400


def test_provider_code_is_read_whatever_its_case(client, world, data):
    user = world.user(Role.SUPERVISOR)
    upper = page(client, user, provider="ALM-MED", **JUNE)
    lower = page(client, user, provider=" alm-med ", **JUNE)
    assert lower.status_code == upper.status_code == 200
    assert table(lower, "providers") == table(upper, "providers")
    assert [r["code"] for r in table(lower, "providers")] == ["ALM-MED"]


def test_stage_rows_say_which_stage_they_are(client, world, data):
    # given a stage 1 clock closed in June (Annex 2 row 3: 28 WD)
    app = case(world, world.provider, State.AWAITING_APPLICANT)
    clock_row(app, "stage1", at(2, 10), at(28, 18, 30), at(20, 12), role="arch_head")
    stats_refresh(full=True)  # closed before the data set's newest clock
    # then its code comes with its title, on the page and in the exports
    response = page(client, world.user(Role.SUPERVISOR), **JUNE)
    titles = {r["step"]: str(r["title"]) for r in table(response, "stages")}
    assert titles == {
        "stage1": "Stage 1: land-selection act",
        "stage2": "Stage 2: decision granting the right",
    }
    # and stage 2, with no clock closed in June, has its row all the same: nothing scored
    stage2 = table(response, "stages")[1]
    assert (stage2["n"], stage2["rate"], stage2["median"]) == (0, None, None)
    text = b"".join(
        page(
            client, world.user(Role.SUPERVISOR), "/dashboard/export/stages.csv", **JUNE
        ).streaming_content
    ).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header[:2] == ["stage", "what"]


def test_others_get_403_and_anonymous_the_admin_login(client, world):
    client.force_login(world.user(Role.CLERK))
    assert client.get("/dashboard/").status_code == 403
    assert client.get("/dashboard/export/steps.csv").status_code == 403
    client.logout()
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/dashboard/")


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2025-13-01"},
        {"date_from": "2025-06-30", "date_to": "2025-06-01"},
        {"date_from": "2020-01-01", "date_to": "2025-06-01"},
        {"provider": "NO-SUCH"},
        {"step": "9.9"},
    ],
)
def test_bad_filters_answer_400(client, world, workdays, params):
    response = page(client, world.user(Role.SUPERVISOR), **params)
    assert response.status_code == 400
    assert (
        page(
            client, world.user(Role.SUPERVISOR), "/dashboard/export/steps.csv", **params
        ).status_code
        == 400
    )


def test_exports_parse_and_match_the_page(client, world, data):
    user = world.user(Role.SUPERVISOR)
    response = page(client, user, "/dashboard/export/steps.csv", **JUNE)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], {r[0]: r for r in rows[1:]}
    assert header[0] == "step"
    assert body["1.4"][header.index("on-time rate, %")] == "66.7"
    assert body["1.4"][header.index("90th percentile WD taken")] == "8"
    response = page(client, user, "/dashboard/export/clocks-overdue.xlsx", **JUNE)
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "case"
    assert [v[2] for v in values[1:]] == ["1.5a", "10.head"]
    for key in (
        "states",
        "buckets",
        "stages",
        "providers",
        "bodies",
        "trend",
        "outcomes",
        "complaints",
    ):
        for fmt in ("csv", "xlsx"):
            assert page(client, user, f"/dashboard/export/{key}.{fmt}", **JUNE).status_code == 200


def _cases(world, start, stop):
    for i in range(start, stop):
        app = case(world, world.provider if i % 2 else world.other_provider, State.IN_APPROVAL)
        set_number(app, f"Q-{i}")
        clock_row(app, "1.4", at(9, 10), at(18, 18, 30), at(11 + i % 5, 12))
        clock_row(app, "1.6", at(13, 10), at(19 + i % 3, 18, 30))
    stats_refresh()


def set_number(app, number):
    type(app).objects.filter(pk=app.pk).update(number=number)


def _count_queries(client):
    with CaptureQueriesContext(connection) as queries, clock.frozen_at(NOW):
        response = client.get("/dashboard/", JUNE)
    assert response.status_code == 200
    return len(queries)


def test_page_runs_a_fixed_number_of_queries(client, world, workdays):
    # given 2 cases with closed and open clocks, and a supervisor whose session is warm
    _cases(world, 0, 2)
    client.force_login(world.user(Role.SUPERVISOR))
    _count_queries(client)  # the calendar and the session settle on the first view
    two = _count_queries(client)
    # when 18 more cases arrive
    _cases(world, 2, 20)
    twenty = _count_queries(client)
    # then the page runs the same queries: figures are aggregates, never per case
    assert two == twenty
    assert twenty <= 20


def _count_list_queries(client, url):
    with CaptureQueriesContext(connection) as queries, clock.frozen_at(NOW):
        response = client.get(url, JUNE)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/dashboard/clocks/overdue/", "/dashboard/export/clocks-overdue.csv"]
)
def test_clock_list_and_its_export_run_a_fixed_number_of_queries(client, world, workdays, url):
    # given 3 cases, one with an overdue clock (due Thursday the 19th), and a warm session
    _cases(world, 0, 3)
    client.force_login(world.user(Role.SUPERVISOR))
    _count_list_queries(client, url)
    few = _count_list_queries(client, url)
    # when 27 more cases arrive, 9 more of them overdue
    _cases(world, 3, 30)
    many = _count_list_queries(client, url)
    # then the list reads the same queries: names come from small lookups, not per row
    assert few == many
    assert len(list(Deadline.objects.filter(done_at=None, due_at__lt=NOW))) == 10


def test_clock_list_pages_follow_the_due_order_without_gaps(client, world, workdays):
    # given 105 overdue clocks (35 cases in progress, 3 steps each), due on different days
    clocks = []
    for i in range(35):
        app = ApplicationFactory(
            applicant=world.applicant, provider=world.provider, state=State.IN_APPROVAL
        )
        for k, step in enumerate(("1.2", "1.3", "1.4")):
            clocks.append(clock_row(app, step, at(2, 10), at(3 + (i * 3 + k) % 15, 18, 30 - k)))
    expected = [d.pk for d in sorted(clocks, key=lambda d: (d.due_at, d.pk))]
    user = world.user(Role.SUPERVISOR)
    # when the supervisor pages through the overdue list (100 per page)
    first = page(client, user, "/dashboard/clocks/overdue/", **JUNE)
    second = page(client, user, "/dashboard/clocks/overdue/", page=2, **JUNE)
    # then the count is every clock, and the two pages are the clocks in due order, each once
    assert first.context["page"].paginator.count == 105
    listed = [r["clock"] for r in first.context["rows"] + second.context["rows"]]
    assert listed == expected


def unanswered_complaint(world, app, addressee, registered_at, due_at):
    return Complaint.objects.create(
        application=app,
        addressee=addressee,
        text="...",
        filed_by=world.applicant.user,
        registered_at=registered_at,
        due_at=due_at,
    )


def test_a_complaint_filed_after_hours_counts_in_a_period_ending_today(client, world, data):
    # given a complaint to the quality-control authority filed on Friday 20 June at 20:00,
    # after hours: it is registered at the next working start, Monday 23 June 09:00 (§5)
    unanswered_complaint(
        world, data["x"], Complaint.Addressee.QUALITY_CONTROL, at(23, 9), at(14, 18, 30, month=7)
    )
    user = world.user(Role.SUPERVISOR)
    quality = Complaint.Addressee.QUALITY_CONTROL.label

    def awaiting(**params):
        client.force_login(user)
        with clock.frozen_at(at(20, 21)):
            rows = table(client.get("/dashboard/", params), "complaints")
        return [(r["n"], r["open"]) for r in rows if r["addressee"] == quality]

    # then the default period (the last 30 days, ending today) counts it as awaiting an answer
    assert awaiting() == [(1, 1)]
    assert awaiting(date_from="2025-06-01", date_to="2025-06-20") == [(1, 1)]
    # and a period that ended before it was registered does not count it as registered, yet
    # it is awaiting an answer now all the same
    assert awaiting(date_from="2025-06-01", date_to="2025-06-19") == [(0, 1)]


def test_a_body_the_chosen_provider_does_not_consult_is_refused(client, world, data):
    # given a body the Medeu akimat does not send its acts to
    user = world.user(Role.SUPERVISOR)
    world.state_body.providers.remove(world.other_provider)
    response = page(client, user, provider="ALM-MED", body=world.state_body.pk, **JUNE)
    # then the supervisor is told so, rather than shown an empty page
    assert response.status_code == 400
    assert "does not send its acts to this body" in response.content.decode()
    # and a body it does consult is fine
    world.state_body.providers.add(world.other_provider)
    assert (
        page(client, user, provider="ALM-MED", body=world.state_body.pk, **JUNE).status_code == 200
    )


def test_export_files_are_named_and_typed_for_what_they_hold(client, world, data, kazakh_default):
    user = world.user(Role.SUPERVISOR)
    # a table of the period is named after the period; what is open now, after the moment
    steps = page(client, user, "/dashboard/export/steps.csv", **JUNE)
    assert 'filename="steps-20250601-20250630.csv"' in steps["Content-Disposition"]
    overdue = page(client, user, "/ru/dashboard/export/clocks-overdue.xlsx", **JUNE)
    assert 'filename="clocks-overdue-20250620-1200.xlsx"' in overdue["Content-Disposition"]
    # the sheet is named by the table's title in the page's language, and a clock's start and
    # due instants are date-time cells in Almaty time (§5 counts in local office hours)
    book = load_workbook(io.BytesIO(overdue.content))
    assert book.sheetnames == ["Просроченные сроки"]
    rows = list(book.active.values)
    due = rows[0].index("срок")
    conclusion = next(r for r in rows[1:] if r[2] == "1.5a")
    assert conclusion[due] == datetime(2025, 6, 19, 18, 30)
    # while the CSV writes them as text that sorts
    text = b"".join(
        page(client, user, "/dashboard/export/clocks-overdue.csv", **JUNE).streaming_content
    ).decode("utf-8-sig")
    assert "2025-06-19 18:30" in text


def test_open_complaints_count_whenever_they_were_registered(client, world, data):
    # given a complaint to the provider's head registered in May, still unanswered and past its
    # §10 deadline (5 WD)
    unanswered_complaint(
        world,
        data["x"],
        Complaint.Addressee.PROVIDER_HEAD,
        at(5, 10, month=5),
        at(12, 18, 30, month=5),
    )
    response = page(client, world.user(Role.SUPERVISOR), **JUNE)
    head = table(response, "complaints")[0]
    # then June's registered and answered figures are June's alone (the two of the data set)
    assert (head["n"], head["answered"], head["answered_on_time"]) == (2, 1, 1)
    # while the awaiting ones are all that await an answer now: June's and May's, both overdue
    assert (head["open"], head["open_overdue"]) == (2, 2)


def test_outcome_and_complaint_rows_have_stable_keys_for_api_clients(client, world, data):
    client.force_login(world.user(Role.SUPERVISOR))
    with clock.frozen_at(NOW):
        body = client.get("/api/dashboard/", JUNE, HTTP_ACCEPT_LANGUAGE="ru").json()
    assert [r["key"] for r in body["complaints"]] == ["provider_head", "quality_control"]
    assert [r["key"] for r in body["outcomes"]] == [
        "granted",
        "refused_1",
        "refused_2",
        "refused_3",
        "act_expired",
    ]


def test_stage_rows_follow_a_chosen_step_or_body(client, world, data):
    user = world.user(Role.SUPERVISOR)
    # without a step or body, both stages have a row (Annex 2 row 3), here with nothing closed
    assert [r["step"] for r in table(page(client, user, **JUNE), "stages")] == ["stage1", "stage2"]
    # with a step or a body chosen, no stage is among the chosen clocks: no row says "0 closed"
    assert table(page(client, user, step="1.4", **JUNE), "stages") == []
    assert table(page(client, user, body=world.utility.pk, **JUNE), "stages") == []


def test_the_dashboards_only_read(client, world, data):
    client.force_login(world.user(Role.SUPERVISOR))
    assert client.post("/dashboard/").status_code == 405
    assert client.post("/dashboard/export/steps.csv").status_code == 405
    assert client.head("/dashboard/").status_code == 200


def test_a_regional_supervisor_is_told_a_body_is_outside_their_region(client, world, data):
    # given a supervisor of region B, and a body only region A's provider consults
    world.state_body.providers.remove(world.other_provider)
    user = supervisor(region=data["region_b"])
    response = page(client, user, body=world.state_body.pk, **JUNE)
    assert response.status_code == 400
    assert "No provider of your region sends its acts to this body." in response.content.decode()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_sheet_names_fit_and_tell_the_tables_apart(language):
    from django.utils import translation

    from workflow.dashboard.exports import sheet_title
    from workflow.dashboard.tables import TABLES

    with translation.override(language):
        names = [sheet_title(t) for t in TABLES.values()]
    assert len(set(names)) == len(names)
    assert all(0 < len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)

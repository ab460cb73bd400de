"""Speed of the supervisors' dashboard (issue 7) on a national volume, in PostgreSQL.

Generates cases with their clocks, transitions, complaints and closed-clock facts in SQL
(generate_series, INSERT ... SELECT, secondary indexes dropped and rebuilt once per size), then
runs the refresh's final-transition copy and a full rewrite of the per-day rollups; first
100,000 cases, then 900,000 more (1,000,000), and at each size prints the median and 95th
percentile of the dashboard page (Django test Client, a country-wide supervisor,
default filters: the last 30 days) and of every export.

The national rate is fixed (CASES_PER_DAY received per calendar day): a larger database is a
longer history, as it is in production, so 1,000,000 cases are about six years of cases and
100,000 the most recent seven months. Cases older than their full path are closed (granted,
refused, act expired); the recent ones are in progress with open clocks.

Simplifications: clocks of closed cases carry no approval-request row (the summary row keeps
the body), one state body and one utility per case, every event at 17:00 local; the facts'
working days taken are the working days strictly between start and end (as the refresh counts
them for events at 17:00).

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/landplots_bench_dash python bench/dashboard.py
     python bench/dashboard.py --remeasure   (measure the database left by a run, no load)
Targets: page p95 < 500 ms; page p95 at 1,000,000 within 3x of 100,000.
"""

import math
import os
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

# bench/calendar.py shadows the standard library's calendar: keep this folder off the path.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/landplots_bench_dash"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

CASES_PER_DAY = 450
# BENCH_SIZES="2000,20000" runs a quick smoke test of the same steps.
SIZES = tuple(int(n) for n in os.environ.get("BENCH_SIZES", "100000,1000000").split(","))
PAGE_RUNS = 20
EXPORT_RUNS = 5
SEED = 7
REGIONS = 20
DISTRICTS_PER_REGION = 12
ALMATY = ZoneInfo("Asia/Almaty")


def reset_database(url: str) -> None:
    import psycopg2

    name = url.rsplit("/", 1)[1]
    conn = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def reference_data():
    from django.contrib.auth.models import Group

    from approvals.models import ApprovingBody
    from landplots.models import Applicant, Provider
    from tests.factories import UserFactory
    from workflow.dashboard.refresh import working_days_sync
    from workflow.models import Official

    working_days_sync()
    regions, districts = [], []
    for r in range(REGIONS):
        region = Provider.objects.create(
            code=f"R{r:02d}", name_kk=f"Облыс {r}", name_ru=f"Область {r}", level="region"
        )
        regions.append(region)
        for d in range(DISTRICTS_PER_REGION):
            districts.append(
                Provider.objects.create(
                    code=f"R{r:02d}D{d:02d}",
                    name_kk=f"Аудан {r}-{d}",
                    name_ru=f"Район {r}-{d}",
                    level="district",
                    parent=region,
                )
            )
    bodies = {}
    for r, region in enumerate(regions):
        bodies[region.pk] = (
            ApprovingBody.objects.create(
                code=f"SES{r:02d}", name_kk=f"СЭК {r}", name_ru=f"СЭК {r}", kind="state_body"
            ),
            ApprovingBody.objects.create(
                code=f"UT{r:02d}", name_kk=f"РЭК {r}", name_ru=f"РЭК {r}", kind="natural_monopoly"
            ),
        )
    user = UserFactory(username="bench-applicant")
    applicant = Applicant.objects.create(user=user, kind="individual", iin="871008401427")
    supervisor = UserFactory(username="bench-supervisor", is_staff=True)
    Official.objects.create(user=supervisor, role="supervisor")
    supervisor.groups.add(Group.objects.get(name="supervisor"))
    return districts, bodies, applicant, supervisor


# The generator, in SQL: one row of draws per case, the path's working-day indexes computed
# from them, then every table filled by INSERT ... SELECT from that row and a template of the
# path's steps. Working days are indexes into bench_wd (0 = the first shipped working day).

DRAW = """
CREATE OR REPLACE FUNCTION pg_temp.draw(lim int) RETURNS int LANGUAGE sql VOLATILE AS $$
  SELECT CASE WHEN random() < 0.88
    THEN CASE WHEN lim = 0 THEN 0 ELSE 1 + floor(random() * lim)::int END
    ELSE lim + 1 + floor(random() * 5)::int END $$
"""

CALENDAR = """
CREATE TEMP TABLE bench_wd AS
SELECT (row_number() OVER (ORDER BY date) - 1)::int AS idx, date AS day,
       (date + time '17:00') AT TIME ZONE 'Asia/Almaty' AS t1700,
       (date + time '17:10') AT TIME ZONE 'Asia/Almaty' AS t1710,
       (date + time '17:15') AT TIME ZONE 'Asia/Almaty' AS t1715,
       (date + time '18:30') AT TIME ZONE 'Asia/Almaty' AS t1830
FROM workflow_workingday WHERE is_working;
ALTER TABLE bench_wd ADD PRIMARY KEY (idx);
ANALYZE bench_wd;
"""

# %(first)s .. %(last)s: case ids; %(start)s: the working day the first of them is received;
# %(per_day)s cases per working day; %(today)s: today's working-day index.
CASES = """
DROP TABLE IF EXISTS bench_draw, bench_case;
CREATE TEMP TABLE bench_draw AS
SELECT n AS id, %(start)s + (n - %(first)s) / %(per_day)s AS r,
       1 + floor(random() * %(providers)s)::int AS pick, random() AS roll, random() AS appr_roll,
       pg_temp.draw(1) AS d12, pg_temp.draw(0) AS d13, pg_temp.draw(7) AS d14,
       pg_temp.draw(12) AS d15a, pg_temp.draw(5) AS d15b, pg_temp.draw(1) AS d17,
       pg_temp.draw(1) AS d18r, pg_temp.draw(5) AS d16, pg_temp.draw(1) AS d18,
       1 + floor(random() * 3)::int AS agree, pg_temp.draw(10) AS d21, pg_temp.draw(3) AS d22,
       pg_temp.draw(3) AS d23, pg_temp.draw(1) AS d24,
       random() < 0.01 AS complaint, 1 + floor(random() * 7)::int AS answer
FROM generate_series(%(first)s, %(last)s) AS n
WHERE %(start)s + (n - %(first)s) / %(per_day)s <= %(today)s;

CREATE TEMP TABLE bench_case AS
SELECT c.*, p.provider_id, p.region_id, b.ses, b.util,
       CASE WHEN g.outcome = 'refused' THEN i.ia + c.d17 + c.d18r ELSE i.ia + c.d16 + c.d18 END
         AS st1end,
       CASE g.outcome
         WHEN 'refused' THEN i.ia + c.d17 + c.d18r
         WHEN 'act_expired' THEN i.ia + c.d16 + c.d18 + 10
         ELSE i.ia + c.d16 + c.d18 + c.agree + c.d21 + c.d22 + c.d23 + c.d24 END AS final,
       i.ia, g.outcome, g.appr
FROM bench_draw c
JOIN bench_provider p ON p.pick = c.pick
JOIN bench_body b ON b.region_id = p.region_id
CROSS JOIN LATERAL (SELECT CASE WHEN c.roll < 0.75 THEN 'granted' WHEN c.roll < 0.9
    THEN 'refused' ELSE 'act_expired' END AS outcome) o
CROSS JOIN LATERAL (SELECT o.outcome, (o.outcome <> 'refused' OR c.appr_roll < 0.7) AS appr) g
CROSS JOIN LATERAL (SELECT c.r + c.d12 + c.d13 + c.d14 + CASE WHEN g.appr
    THEN greatest(c.d15a, c.d15b) ELSE 0 END AS ia) i;
ANALYZE bench_case;
"""

# One row per step of a case's path: (step, owner, start, end, due index (NULL: 15 minutes),
# state entered at the start, the state before it, body column, whether the case has it).
PATH = """
CROSS JOIN LATERAL (VALUES
  (1, '1.1', 'clerk', c.r, c.r, NULL, 'submitted', 'draft', NULL, true),
  (2, '1.2', 'leadership', c.r, c.r + c.d12, c.r + 1, 'registered', 'submitted', NULL, true),
  (3, '1.3', 'arch_head', c.r + c.d12, c.r + c.d12 + c.d13, c.r + c.d12, 'at_architecture',
   'registered', NULL, true),
  (4, '1.4', 'arch_executor', c.r + c.d12 + c.d13, c.r + c.d12 + c.d13 + c.d14,
   c.r + c.d12 + c.d13 + 7, 'act_preparation', 'at_architecture', NULL, true),
  (5, '1.5a', 'body_officer', c.r + c.d12 + c.d13 + c.d14, c.r + c.d12 + c.d13 + c.d14 + c.d15a,
   c.r + c.d12 + c.d13 + c.d14 + 12, NULL, NULL, c.ses, c.appr),
  (6, '1.5b', 'monopoly_officer', c.r + c.d12 + c.d13 + c.d14,
   c.r + c.d12 + c.d13 + c.d14 + c.d15b, c.r + c.d12 + c.d13 + c.d14 + 5, NULL, NULL, c.util,
   c.appr),
  (7, '1.7', 'arch_executor', c.ia, c.ia + c.d17, c.ia + 1, 'refusal_preparation',
   'act_preparation', NULL, c.outcome = 'refused'),
  (8, '1.8r', 'arch_head', c.ia + c.d17, c.ia + c.d17 + c.d18r, c.ia + c.d17 + 1,
   'refusal_signature', 'refusal_preparation', NULL, c.outcome = 'refused'),
  (9, '1.6', 'arch_executor', c.ia, c.ia + c.d16, c.ia + 5, 'final_act_preparation',
   'act_preparation', NULL, c.outcome <> 'refused'),
  (10, '1.8', 'arch_head', c.ia + c.d16, c.ia + c.d16 + c.d18, c.ia + c.d16 + 1, 'head_signature',
   'final_act_preparation', NULL, c.outcome <> 'refused'),
  (11, '1.9', 'arch_executor', c.st1end, c.st1end, c.r + 28, 'act_signed', 'head_signature', NULL,
   c.outcome <> 'refused'),
  (12, NULL, NULL, c.st1end, c.st1end, NULL, 'awaiting_applicant', 'act_signed', NULL,
   c.outcome <> 'refused'),
  (13, '1.10', 'applicant', c.st1end, c.st1end + CASE WHEN c.outcome = 'granted' THEN c.agree
   ELSE 10 END, c.st1end + 3, NULL, NULL, NULL, c.outcome <> 'refused'),
  (14, '1.11', 'state_corp', c.st1end, c.st1end + CASE WHEN c.outcome = 'granted' THEN c.agree
   ELSE 10 END, c.st1end + 10, NULL, NULL, NULL, c.outcome <> 'refused'),
  (15, '2.1', 'state_corp', c.st1end + c.agree, c.st1end + c.agree + c.d21,
   c.st1end + c.agree + 10, 'cadastral_plan_preparation', 'awaiting_applicant', NULL,
   c.outcome = 'granted'),
  (16, '2.2', 'land_head', c.st1end + c.agree + c.d21, c.st1end + c.agree + c.d21 + c.d22,
   c.st1end + c.agree + c.d21 + 3, 'cadastral_plan_approval', 'cadastral_plan_preparation',
   NULL, c.outcome = 'granted'),
  (17, '2.3', 'land_executor', c.final - c.d24 - c.d23, c.final - c.d24, c.final - c.d24 - c.d23 + 3,
   'decision_drafting', 'cadastral_plan_approval', NULL, c.outcome = 'granted'),
  (18, '2.4', 'leadership', c.final - c.d24, c.final, c.final - c.d24 + 1, 'decision_signing',
   'decision_drafting', NULL, c.outcome = 'granted'),
  (19, '2.5', 'clerk', c.final, c.final, NULL, 'decision_registration', 'decision_signing', NULL,
   c.outcome = 'granted'),
  (20, 'stage2', 'leadership', c.st1end + c.agree, c.final, c.st1end + c.agree + 18, NULL, NULL,
   NULL, c.outcome = 'granted'),
  (21, 'stage1', 'arch_head', c.r, c.st1end, c.r + 28, NULL, NULL, NULL, true)
) AS s(k, step, owner, s, e, due, state, before, body, has)
"""

FILL = (
    # The state each case is in today: its outcome once closed, else the last state entered.
    """
INSERT INTO landplots_application (id, created_at, updated_at, number, applicant_id,
  provider_id, plot_address, area_ha, purpose, purpose_detail, use_right, consent,
  contact_phone, location_scheme, applicant_snapshot, state, submitted_at, received_at,
  closed_at)
SELECT c.id, w.t1700, w.t1700, 'B-' || c.id, %(applicant)s, c.provider_id, 'Учаскe', 0.1,
  'individual_housing', '', 'temporary_paid', true, '', '', '{}',
  CASE WHEN c.final <= %(today)s THEN c.outcome
       WHEN c.appr AND c.ia - greatest(c.d15a, c.d15b) <= %(today)s AND %(today)s < c.ia
         THEN 'in_approval'
       ELSE coalesce((SELECT s.state FROM (SELECT 1) AS one """
    + PATH
    + """ WHERE s.has AND s.state IS NOT NULL AND s.s <= %(today)s
          ORDER BY s.s DESC, s.e DESC LIMIT 1), 'submitted') END,
  w.t1700, w.t1700, f.t1700
FROM bench_case c JOIN bench_wd w ON w.idx = c.r
LEFT JOIN bench_wd f ON f.idx = c.final AND c.final <= %(today)s
""",
    """
INSERT INTO landplots_refusal (id, created_at, updated_at, application_id, ground, reasoning)
SELECT c.id, w.t1700, w.t1700, c.id, CASE WHEN c.appr THEN 3 ELSE 1 + c.id %% 2 END, ''
FROM bench_case c JOIN bench_wd w ON w.idx = c.final
WHERE c.outcome = 'refused' AND c.final <= %(today)s
""",
    # Approval requests of the cases still open (ids: 2 per case).
    """
INSERT INTO approvals_approvalrequest (id, created_at, updated_at, application_id, body_id,
  sent_at, due_at, on_paper, reasoning, technical_conditions, late)
SELECT 2 * c.id - (s.step = '1.5a')::int, w.t1700, w.t1700, c.id, s.body, w.t1700, d.t1830,
  false, '', '', false
FROM bench_case c """
    + PATH
    + """ JOIN bench_wd w ON w.idx = s.s JOIN bench_wd d ON d.idx = s.due
WHERE s.has AND s.body IS NOT NULL AND c.final > %(today)s AND s.s <= %(today)s
""",
    """
INSERT INTO workflow_transitionlog (application_id, transition, role, source, target, at,
  comment)
SELECT c.id, 't', 'system', s.before, s.state, w.t1700, ''
FROM bench_case c """
    + PATH
    + """ JOIN bench_wd w ON w.idx = s.s
WHERE s.has AND s.state IS NOT NULL AND s.s <= %(today)s
UNION ALL
SELECT c.id, 't', 'system', CASE c.outcome WHEN 'refused' THEN 'refusal_signature'
  WHEN 'granted' THEN 'decision_registration' ELSE 'awaiting_applicant' END, c.outcome,
  w.t1700, ''
FROM bench_case c JOIN bench_wd w ON w.idx = c.final WHERE c.final <= %(today)s
""",
    """
INSERT INTO workflow_deadline (id, application_id, step, owner_role, approval_request_id,
  complaint_id, started_at, due_at, done_at, breached_at)
SELECT 32 * c.id + s.k, c.id, s.step, s.owner,
  CASE WHEN s.body IS NOT NULL AND c.final > %(today)s
    THEN 2 * c.id - (s.step = '1.5a')::int END,
  NULL, w.t1700, coalesce(d.t1830, w.t1715),
  CASE WHEN s.e > %(today)s THEN NULL WHEN s.due IS NULL AND s.e = s.s THEN e.t1710
    ELSE e.t1700 END,
  CASE WHEN s.e > %(today)s AND coalesce(d.t1830, w.t1715) < t.t1700
    THEN coalesce(d.t1830, w.t1715) END
FROM bench_case c """
    + PATH
    + """ JOIN bench_wd w ON w.idx = s.s LEFT JOIN bench_wd d ON d.idx = s.due
JOIN bench_wd e ON e.idx = s.e JOIN bench_wd t ON t.idx = %(today)s
WHERE s.has AND s.step IS NOT NULL AND s.s <= %(today)s
""",
    # The closed clocks' facts, as the refresh would copy them: working days taken are the
    # working days strictly between start and end (every event is at 17:00, before close).
    """
INSERT INTO workflow_clockfact (deadline_id, step, owner_role, provider_id, region_id, body_id,
  started_at, due_at, done_at, closed_on, working_days_taken, on_time)
SELECT 32 * c.id + s.k, s.step, s.owner, c.provider_id, c.region_id, s.body, w.t1700,
  coalesce(d.t1830, w.t1715), CASE WHEN s.due IS NULL AND s.e = s.s THEN e.t1710 ELSE e.t1700 END,
  e.day, greatest(s.e - s.s - 1, 0),
  (CASE WHEN s.due IS NULL AND s.e = s.s THEN e.t1710 ELSE e.t1700 END)
    <= coalesce(d.t1830, w.t1715)
FROM bench_case c """
    + PATH
    + """ JOIN bench_wd w ON w.idx = s.s LEFT JOIN bench_wd d ON d.idx = s.due
JOIN bench_wd e ON e.idx = s.e
WHERE s.has AND s.step IS NOT NULL AND s.e <= %(today)s
""",
    # §10: about one case in a hundred draws a complaint to the provider's head.
    """
INSERT INTO landplots_complaint (id, created_at, updated_at, application_id, addressee, text,
  state, filed_by_id, registered_at, due_at, answer, answered_at)
SELECT c.id, g.t1700, g.t1700, c.id, 'provider_head', 'Шағым',
  CASE WHEN c.r + 2 + c.answer <= %(today)s THEN 'rejected' ELSE 'registered' END,
  %(supervisor)s, g.t1700, d.t1830,
  CASE WHEN c.r + 2 + c.answer <= %(today)s THEN 'Жауап' ELSE '' END,
  CASE WHEN c.r + 2 + c.answer <= %(today)s THEN a.t1700 END
FROM bench_case c JOIN bench_wd g ON g.idx = c.r + 2 JOIN bench_wd d ON d.idx = c.r + 7
JOIN bench_wd a ON a.idx = c.r + 2 + c.answer
WHERE c.complaint AND c.r + 2 <= %(today)s
""",
    """
INSERT INTO workflow_deadline (id, application_id, step, owner_role, approval_request_id,
  complaint_id, started_at, due_at, done_at, breached_at)
SELECT 32 * k.id + 31, k.application_id, '10.head', 'leadership', NULL, k.id, k.registered_at, k.due_at,
  k.answered_at, NULL
FROM landplots_complaint k JOIN bench_case c ON c.id = k.id
""",
    """
INSERT INTO workflow_clockfact (deadline_id, step, owner_role, provider_id, region_id, body_id,
  started_at, due_at, done_at, closed_on, working_days_taken, on_time)
SELECT 32 * k.id + 31, '10.head', 'leadership', c.provider_id, c.region_id, NULL,
  k.registered_at, k.due_at, k.answered_at, a.day, greatest(c.answer - 1, 0),
  k.answered_at <= k.due_at
FROM landplots_complaint k JOIN bench_case c ON c.id = k.id
JOIN bench_wd a ON a.idx = c.r + 2 + c.answer
WHERE k.answered_at IS NOT NULL
""",
)

LOADED_TABLES = (
    "landplots_application",
    "landplots_complaint",
    "landplots_refusal",
    "approvals_approvalrequest",
    "workflow_deadline",
    "workflow_transitionlog",
    "workflow_clockfact",
)


def drop_indexes(cur) -> list[str]:
    """Bulk loads run without secondary indexes and constraints; returns the statements that
    put them back."""
    restore = []
    for table in LOADED_TABLES:
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('f', 'u')",
            [table],
        )
        for name, definition, kind in cur.fetchall():
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            suffix = " NOT VALID" if kind == "f" else ""
            restore.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}{suffix}')
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexname NOT LIKE '%%pkey'",
            [table],
        )
        for name, definition in cur.fetchall():
            cur.execute(f'DROP INDEX "{name}"')
            restore.append(definition)
    return restore


def step(label: str, seconds: dict):
    class _Timer:
        def __enter__(self):
            self.t = time.perf_counter()

        def __exit__(self, *exc):
            seconds[label] = seconds.get(label, 0) + time.perf_counter() - self.t

    return _Timer()


def load(params: dict) -> dict:
    """Generate and load the cases ``params`` names; returns seconds per phase."""
    from django.db import connection, transaction

    from workflow.dashboard.refresh import (
        CASE_OUTCOME_COLUMNS,
        _insert_select,
        case_outcomes_select,
        rollups_refresh,
    )
    from workflow.models import CaseOutcome

    seconds: dict[str, float] = {}
    with connection.cursor() as cursor:
        cur = cursor.cursor
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("SET work_mem = '256MB'")
        cur.execute("SET synchronous_commit = off")
        with step("draws", seconds):
            cur.execute(DRAW)
            cur.execute(CASES % params)
        with step("drop indexes", seconds):
            restore = drop_indexes(cur)
        with step("insert", seconds):
            for statement in FILL:
                cur.execute(statement, params)
        with step("indexes", seconds):
            for statement in restore:
                cur.execute(statement)
        for table in (
            "landplots_application",
            "workflow_deadline",
            "workflow_transitionlog",
            "approvals_approvalrequest",
            "landplots_complaint",
            "landplots_refusal",
        ):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        with step("analyze", seconds):
            for table in LOADED_TABLES:
                cur.execute(f"VACUUM ANALYZE {table}")
    # The rest of the summary tables through the refresh's own statements: the final
    # transitions, then every per-day rollup rewritten in full from the closed clocks.
    with step("refresh", seconds), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '256MB'")
        _insert_select(CaseOutcome, CASE_OUTCOME_COLUMNS, case_outcomes_select(since=None))
        rollups_refresh(None)
    with connection.cursor() as cursor:
        for table in (
            "workflow_clockfact",
            "workflow_caseoutcome",
            "workflow_stepday",
            "workflow_clockday",
            "workflow_providerday",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return seconds


def timings(fn, runs):
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    out.sort()
    return statistics.median(out), out[max(0, round(0.95 * len(out)) - 1)]


def measure(supervisor) -> dict:
    from django.test import Client

    from approvals.models import ApprovingBody
    from landplots.models import Provider
    from workflow import clock
    from workflow.dashboard.forms import DashboardFilterForm
    from workflow.dashboard.selectors import clocks_in_bucket
    from workflow.dashboard.tables import TABLES
    from workflow.dashboard.views import LIST_PAGE_SIZE

    client = Client()
    client.force_login(supervisor)

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)

    for _ in range(3):
        get("/dashboard/")
    results = {"page": timings(lambda: get("/dashboard/"), PAGE_RUNS)}
    # The page as supervisors narrow it down (a region, a provider, a body, a step).
    region = Provider.objects.get(code="R00")
    body = ApprovingBody.objects.get(code="SES00")
    for label, query in (
        ("page ?region", f"region={region.pk}"),
        ("page ?provider", "provider=R00D00"),
        ("page ?body", f"body={body.pk}"),
        ("page ?step", "step=1.4"),
        ("page ?trend=month", "trend=month"),
    ):
        get(f"/dashboard/?{query}")
        results[label] = timings(lambda q=query: get(f"/dashboard/?{q}"), PAGE_RUNS // 2)
    # A drill-down list, its first page and its last (how deep it goes depends on the day the
    # bench runs: the open cases are the most recent ones).
    form = DashboardFilterForm({}, region=None)
    form.is_valid()
    overdue = clocks_in_bucket(form.filters(), "overdue", clock.now()).count()
    last = max(1, math.ceil(overdue / LIST_PAGE_SIZE))
    for label, url in (
        ("overdue list p.1", "/dashboard/clocks/overdue/"),
        (f"overdue list p.{last}", f"/dashboard/clocks/overdue/?page={last}"),
    ):
        get(url)
        results[label] = timings(lambda u=url: get(u), PAGE_RUNS // 2)
    for key in TABLES:
        for fmt in ("csv", "xlsx"):
            get(f"/dashboard/export/{key}.{fmt}")
            results[f"{key}.{fmt}"] = timings(
                lambda k=key, f=fmt: get(f"/dashboard/export/{k}.{f}"), EXPORT_RUNS
            )
    results[f"refresh ({REFRESH_BATCH} clocks)"] = refresh_timings()
    return results


# Clocks closed between two periodic refreshes, generously: the national rate closes about
# 450 x 15 clocks a working day, some 60 in five office minutes.
REFRESH_BATCH = 1000


class _Rollback(Exception):
    pass


def refresh_timings(runs: int = 5) -> tuple[float, float]:
    """The periodic refresh (workflow.dashboard.tasks) as it runs every five minutes: close
    REFRESH_BATCH open clocks now, copy them and rewrite today's rollups; rolled back after
    each run, so the database stays as loaded. Returns (median, slowest) in ms."""
    from django.db import connection, transaction
    from django.utils import timezone

    from workflow.dashboard.refresh import stats_refresh

    out = []
    for _ in range(runs):
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(
                        "UPDATE workflow_deadline SET done_at = %s WHERE id IN (SELECT id FROM "
                        "workflow_deadline WHERE done_at IS NULL ORDER BY id LIMIT %s)",
                        [timezone.now(), REFRESH_BATCH],
                    )
                t = time.perf_counter()
                result = stats_refresh()
                out.append((time.perf_counter() - t) * 1000)
                assert result["clocks"] == REFRESH_BATCH, result
                raise _Rollback
        except _Rollback:
            pass
    out.sort()
    return statistics.median(out), out[-1]


def counts() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        out = {}
        for table in (
            "landplots_application",
            "workflow_deadline",
            "workflow_transitionlog",
            "workflow_clockfact",
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")
            out[table] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM workflow_deadline d JOIN landplots_application a "
            "ON a.id = d.application_id WHERE d.done_at IS NULL AND a.state NOT IN "
            "('granted', 'refused', 'act_expired')"
        )
        out["open clocks"] = cursor.fetchone()[0]
        return out


def remeasure() -> None:
    """Measure the database a previous run left, without loading anything (after a change to
    the dashboard's code; the schema must be migrated and the summaries current)."""
    setup()
    from django.contrib.auth import get_user_model

    size = counts()["landplots_application"]
    print(f"\n== {size:,} cases (the database as loaded before)", flush=True)
    for key, (median, p95) in measure(
        get_user_model().objects.get(username="bench-supervisor")
    ).items():
        print(f"  {key:24s} median {median:7.1f} ms   p95 {p95:7.1f} ms", flush=True)


def main() -> None:
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        sys.exit("bench/dashboard.py needs PostgreSQL (DATABASE_URL)")
    if "--remeasure" in sys.argv:
        remeasure()
        return
    t0 = time.perf_counter()
    reset_database(url)
    setup()
    from django.db import connection
    from django.utils import timezone

    districts, bodies, applicant, supervisor = reference_data()
    with connection.cursor() as cursor:
        cur = cursor.cursor
        cur.execute("SELECT setseed(%s)", [SEED / 100])
        cur.execute(CALENDAR)
        cur.execute(
            "CREATE TEMP TABLE bench_provider (pick int, provider_id bigint, region_id bigint)"
        )
        cur.executemany(
            "INSERT INTO bench_provider VALUES (%s, %s, %s)",
            [(i + 1, d.pk, d.parent_id) for i, d in enumerate(districts)],
        )
        cur.execute("CREATE TEMP TABLE bench_body (region_id bigint, ses bigint, util bigint)")
        cur.executemany(
            "INSERT INTO bench_body VALUES (%s, %s, %s)",
            [(region, ses.pk, util.pk) for region, (ses, util) in bodies.items()],
        )
        cur.execute("SELECT max(idx) FROM bench_wd WHERE day < %s", [timezone.localdate()])
        today = cur.fetchone()[0]
    per_working_day = CASES_PER_DAY * 365 // 247
    report = {}
    generated = 0
    # The newest cases first; each larger size adds older history in front of them.
    newest_start = today - SIZES[0] // per_working_day
    for size in SIZES:
        add = size - generated
        params = {
            "first": generated + 1,
            "last": size,
            "start": newest_start - (size - SIZES[0]) // per_working_day,
            "per_day": per_working_day,
            "today": today,
            "providers": len(districts),
            "applicant": applicant.pk,
            "supervisor": supervisor.pk,
        }
        assert params["start"] >= 0, "the shipped calendar is too short for this size"
        g0 = time.perf_counter()
        phases = load(params)
        load_s = time.perf_counter() - g0
        generated = size
        rows = counts()
        figures = measure(supervisor)
        report[size] = figures
        print(
            f"\n== {size:,} cases ({add:,} added): loaded in {load_s:.0f} s "
            f"({', '.join(f'{k} {v:.0f} s' for k, v in phases.items())}); rows: {rows}",
            flush=True,
        )
        for key, (median, p95) in figures.items():
            print(f"  {key:24s} median {median:7.1f} ms   p95 {p95:7.1f} ms", flush=True)
    small, large = report[SIZES[0]]["page"][1], report[SIZES[-1]]["page"][1]
    print(
        f"\npage p95: {small:.1f} ms at {SIZES[0]:,}, {large:.1f} ms at {SIZES[-1]:,}; "
        f"ratio {large / small:.2f} (target < 3); target p95 < 500 ms: "
        f"{'met' if large < 500 and small < 500 else 'NOT met'}"
    )
    print(f"total {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()

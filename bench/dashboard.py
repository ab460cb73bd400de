"""Speed of the supervisors' dashboard (issue 7) on a national volume, in PostgreSQL.

Generates cases with their clocks, transitions, complaints and the dashboard summary rows by
COPY, first 100,000 cases, then 900,000 more (1,000,000), and at each size prints the median
and 95th percentile of the dashboard page (Django test Client, a country-wide supervisor,
default filters: the last 30 days) and of every export.

The national rate is fixed (CASES_PER_DAY received per calendar day): a larger database is a
longer history, as it is in production, so 1,000,000 cases are about six years of cases and
100,000 the most recent seven months. Cases older than their full path are closed (granted,
refused, act expired); the recent ones are in progress with open clocks.

Simplifications: clocks of closed cases carry no approval-request row (the summary row keeps
the body), one state body and one utility per case, every event at 17:00 local.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/landplots_bench_dash python bench/dashboard.py
Targets: page p95 < 500 ms; page p95 at 1,000,000 within 3x of 100,000.
"""

import io
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime
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
PAGE_RUNS = 40
EXPORT_RUNS = 5
SEED = 7
REGIONS = 20
DISTRICTS_PER_REGION = 12
ALMATY = ZoneInfo("Asia/Almaty")

# (step, owner, limit in WD; None: minutes; "stage": the stage-1 total; state entered)
STAGE1_HEAD = [
    ("1.1", "clerk", None, "submitted"),
    ("1.2", "leadership", 1, "registered"),
    ("1.3", "arch_head", 0, "at_architecture"),
    ("1.4", "arch_executor", 7, "act_preparation"),
]
APPROVAL = [("1.5a", "body_officer", 12), ("1.5b", "monopoly_officer", 5)]
GRANT_STAGE1 = [
    ("1.6", "arch_executor", 5, "final_act_preparation"),
    ("1.8", "arch_head", 1, "head_signature"),
    ("1.9", "arch_executor", "stage", "act_signed"),
]
REFUSAL = [
    ("1.7", "arch_executor", 1, "refusal_preparation"),
    ("1.8r", "arch_head", 1, "refusal_signature"),
]
STAGE2 = [
    ("2.1", "state_corp", 10, "cadastral_plan_preparation"),
    ("2.2", "land_head", 3, "cadastral_plan_approval"),
    ("2.3", "land_executor", 3, "decision_drafting"),
    ("2.4", "leadership", 1, "decision_signing"),
    ("2.5", "clerk", None, "decision_registration"),
]

LOADED_TABLES = (
    "landplots_application",
    "landplots_complaint",
    "landplots_refusal",
    "approvals_approvalrequest",
    "workflow_deadline",
    "workflow_transitionlog",
    "workflow_clockfact",
    "workflow_caseoutcome",
)


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


class Calendar:
    """Working days as indexes, with the UTC text of the instants the generator uses."""

    def __init__(self):
        from workflow import working_time

        cal = working_time.current_calendar()
        self.days = [datetime.fromordinal(o).date() for o in cal.work_ords]
        self.texts = {}

    def at(self, index: int, hour: int, minute: int = 0) -> str:
        key = (index, hour, minute)
        text = self.texts.get(key)
        if text is None:
            day = self.days[index]
            local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ALMATY)
            text = local.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S+00")
            self.texts[key] = text
        return text

    def index_on_or_after(self, day) -> int:
        import bisect

        return bisect.bisect_left(self.days, day)


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
    supervisor = UserFactory(username="bench-supervisor")
    Official.objects.create(user=supervisor, role="supervisor")
    supervisor.groups.add(Group.objects.get(name="supervisor"))
    return districts, bodies, applicant, supervisor


def draw(rng: random.Random, limit) -> int:
    """Working days from a step's start to its end: mostly within the limit, some late."""
    if limit is None or limit == "stage":
        return 0
    if rng.random() < 0.88:
        return rng.randint(0 if limit == 0 else 1, max(limit, 0))
    return limit + rng.randint(1, 5)


class Writer:
    def __init__(self):
        self.buffers = {t: io.StringIO() for t in LOADED_TABLES}
        self.ids = dict.fromkeys(LOADED_TABLES, 0)

    def next_id(self, table):
        self.ids[table] += 1
        return self.ids[table]

    def row(self, table, *values):
        self.buffers[table].write("\t".join("\\N" if v is None else str(v) for v in values))
        self.buffers[table].write("\n")


COLUMNS = {
    "landplots_application": "id, created_at, updated_at, number, applicant_id, provider_id, "
    "plot_address, area_ha, purpose, purpose_detail, use_right, consent, contact_phone, "
    "location_scheme, applicant_snapshot, state, submitted_at, received_at, closed_at",
    "landplots_complaint": "id, created_at, updated_at, application_id, addressee, text, state, "
    "filed_by_id, registered_at, due_at, answer, answered_at",
    "landplots_refusal": "id, created_at, updated_at, application_id, ground, reasoning",
    "approvals_approvalrequest": "id, created_at, updated_at, application_id, body_id, sent_at, "
    "due_at, on_paper, reasoning, technical_conditions, late",
    "workflow_deadline": "id, application_id, step, owner_role, approval_request_id, "
    "complaint_id, started_at, due_at, done_at, breached_at",
    "workflow_transitionlog": "id, application_id, transition, role, source, target, at, comment",
    "workflow_clockfact": "deadline_id, step, owner_role, provider_id, region_id, body_id, "
    "started_at, due_at, done_at, closed_on, working_days_taken, on_time",
    "workflow_caseoutcome": "application_id, provider_id, region_id, state, ground, closed_at, "
    "closed_on",
}


def generate(w: Writer, cal: Calendar, rng, count, first_day_index, today, ctx):
    """``count`` cases received on working days from ``first_day_index`` on, CASES_PER_DAY
    per calendar day (about 1.4 times that per working day)."""
    districts, bodies, applicant_id, supervisor_id = ctx
    per_working_day = CASES_PER_DAY * 365 // 247
    for n in range(count):
        day0 = first_day_index + n // per_working_day
        if day0 > today:
            break
        provider = rng.choice(districts)
        region_id = provider.parent_id
        ses, utility = bodies[region_id]
        app_id = w.next_id("landplots_application")
        clocks = []  # (step, owner, start, due(text), end, body, request-able)
        log = []  # (source, target, at index)
        i = day0
        received = i

        def step_clock(code, owner, limit, start, received=received):
            d = draw(rng, limit)
            end = start + d
            if limit is None:
                due = cal.at(start, 17, 15)
            elif limit == "stage":
                due = cal.at(received + 28, 18, 30)
            else:
                due = cal.at(start + limit, 18, 30)
            return code, owner, start, due, end, limit

        path = []
        for code, owner, limit, state in STAGE1_HEAD:
            c = step_clock(code, owner, limit, i)
            path.append((c, state))
            i = c[4]
        roll = rng.random()
        outcome = "granted" if roll < 0.75 else ("refused" if roll < 0.9 else "act_expired")
        ground = None
        approval = []
        if outcome != "refused" or rng.random() < 0.7:
            for code, owner, limit in APPROVAL:
                c = step_clock(code, owner, limit, i)
                approval.append((c, ses if code == "1.5a" else utility))
            i = max(c[0][4] for c in approval)
        if outcome == "refused":
            ground = 3 if approval else rng.choice((1, 2))
            for code, owner, limit, state in REFUSAL:
                c = step_clock(code, owner, limit, i)
                path.append((c, state))
                i = c[4]
            stage1_end = i
        else:
            for code, owner, limit, state in GRANT_STAGE1:
                c = step_clock(code, owner, limit, i)
                path.append((c, state))
                i = c[4]
            stage1_end = i
            agree = (
                i + rng.randint(1, 3) if outcome == "granted" else i + 10
            )  # 1.10 (3 WD) and 1.11 (10 WD) both close when the case leaves
            path.append(((None, None, i, None, i, None), "awaiting_applicant"))
            for code, owner, limit in (("1.10", "applicant", 3), ("1.11", "state_corp", 10)):
                path.append(((code, owner, i, cal.at(i + limit, 18, 30), agree, limit), None))
            i = agree
            if outcome == "granted":
                stage2_start = i
                for code, owner, limit, state in STAGE2:
                    c = step_clock(code, owner, limit, i)
                    path.append((c, state))
                    i = c[4]
                clocks.append(
                    (
                        "stage2",
                        "leadership",
                        stage2_start,
                        cal.at(stage2_start + 18, 18, 30),
                        i,
                        None,
                    )
                )
        clocks.append(
            ("stage1", "arch_head", received, cal.at(received + 28, 18, 30), stage1_end, None)
        )
        final_at = i
        # Where the case stands today: the first state whose clock has not ended.
        state = outcome if final_at <= today else None
        current = "submitted"
        for c, st in path:
            if c[0] is not None:
                clocks.append(c)
            if c[2] <= today and st is not None:
                log.append((current, st, c[2]))
                current = st
            if state is None and c[2] <= today < c[4] and st is not None:
                state = st
        for c, _body in approval:
            clocks.append((*c, _body))
        if state is None:
            in_round = approval and approval[0][0][2] <= today < max(c[0][4] for c in approval)
            state = "in_approval" if in_round else current
        if final_at <= today:
            log.append((current, outcome, final_at))
        received_text = cal.at(received, 17)
        w.row(
            "landplots_application",
            app_id,
            received_text,
            received_text,
            f"{provider.code}-{app_id}",
            applicant_id,
            provider.pk,
            "Учаскe",
            "0.1000",
            "individual_housing",
            "",
            "temporary_paid",
            "t",
            "",
            "",
            "{}",
            state,
            received_text,
            received_text,
            cal.at(final_at, 17) if final_at <= today else None,
        )
        for k, (source, target, at) in enumerate(log):
            w.row(
                "workflow_transitionlog",
                w.next_id("workflow_transitionlog"),
                app_id,
                f"t{k}",
                "system",
                source,
                target,
                cal.at(at, 17, 0),
                "",
            )
        open_case = final_at > today
        for c in clocks:
            code, owner, start, due, end = c[:5]
            limit = c[5]
            body = c[6] if len(c) > 6 else None
            if start > today:
                continue
            done = end <= today
            request_id = None
            if body is not None and open_case:
                request_id = w.next_id("approvals_approvalrequest")
                w.row(
                    "approvals_approvalrequest",
                    request_id,
                    cal.at(start, 17),
                    cal.at(start, 17),
                    app_id,
                    body.pk,
                    cal.at(start, 17),
                    due,
                    "f",
                    "",
                    "",
                    "f",
                )
            minutes = limit is None and code not in ("stage1", "stage2")
            end_text = cal.at(end, 17, 10) if minutes and end == start else cal.at(end, 17)
            deadline_id = w.next_id("workflow_deadline")
            overdue_open = not done and due < cal.at(today, 17)
            w.row(
                "workflow_deadline",
                deadline_id,
                app_id,
                code,
                owner,
                request_id,
                None,
                cal.at(start, 17),
                due,
                end_text if done else None,
                due if overdue_open else None,
            )
            if done:
                w.row(
                    "workflow_clockfact",
                    deadline_id,
                    code,
                    owner,
                    provider.pk,
                    region_id,
                    body.pk if body is not None else None,
                    cal.at(start, 17),
                    due,
                    end_text,
                    cal.days[end].isoformat(),
                    max(0, end - start - 1),
                    "t" if end_text <= due else "f",
                )
        if final_at <= today:
            w.row(
                "workflow_caseoutcome",
                app_id,
                provider.pk,
                region_id,
                outcome,
                ground,
                cal.at(final_at, 17),
                cal.days[final_at].isoformat(),
            )
            if outcome == "refused":
                w.row(
                    "landplots_refusal",
                    w.next_id("landplots_refusal"),
                    cal.at(final_at, 17),
                    cal.at(final_at, 17),
                    app_id,
                    ground,
                    "",
                )
        # §10: about one case in a hundred draws a complaint to the provider's head.
        if rng.random() < 0.01 and received + 2 <= today:
            registered = min(today, received + 2)
            answered = registered + rng.randint(1, 7)
            complaint_id = w.next_id("landplots_complaint")
            done = answered <= today
            due = cal.at(registered + 5, 18, 30)
            w.row(
                "landplots_complaint",
                complaint_id,
                cal.at(registered, 17),
                cal.at(registered, 17),
                app_id,
                "provider_head",
                "Шағым",
                "rejected" if done else "registered",
                supervisor_id,
                cal.at(registered, 17),
                due,
                "Жауап" if done else "",
                cal.at(answered, 17) if done else None,
            )
            deadline_id = w.next_id("workflow_deadline")
            w.row(
                "workflow_deadline",
                deadline_id,
                app_id,
                "10.head",
                "leadership",
                None,
                complaint_id,
                cal.at(registered, 17),
                due,
                cal.at(answered, 17) if done else None,
                None,
            )
            if done:
                w.row(
                    "workflow_clockfact",
                    deadline_id,
                    "10.head",
                    "leadership",
                    provider.pk,
                    region_id,
                    None,
                    cal.at(registered, 17),
                    due,
                    cal.at(answered, 17),
                    cal.days[answered].isoformat(),
                    max(0, answered - registered - 1),
                    "t" if answered <= registered + 5 else "f",
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


def load(w: Writer) -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cur = cursor.cursor
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET synchronous_commit = off")
        restore = drop_indexes(cur)
        for table in LOADED_TABLES:
            buf = w.buffers[table]
            buf.seek(0)
            cur.copy_expert(f"COPY {table} ({COLUMNS[table]}) FROM STDIN", buf)
            w.buffers[table] = io.StringIO()
        for statement in restore:
            cur.execute(statement)
    with connection.cursor() as cursor:
        for table in LOADED_TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - started


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

    from workflow.dashboard.tables import TABLES

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
    for key in TABLES:
        for fmt in ("csv", "xlsx"):
            get(f"/dashboard/export/{key}.{fmt}")
            results[f"{key}.{fmt}"] = timings(
                lambda k=key, f=fmt: get(f"/dashboard/export/{k}.{f}"), EXPORT_RUNS
            )
    return results


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


def main() -> None:
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        sys.exit("bench/dashboard.py needs PostgreSQL (DATABASE_URL)")
    t0 = time.perf_counter()
    reset_database(url)
    setup()
    from django.utils import timezone

    cal = Calendar()
    today = cal.index_on_or_after(timezone.localdate()) - 1
    districts, bodies, applicant, supervisor = reference_data()
    ctx = (districts, bodies, applicant.pk, supervisor.pk)
    rng = random.Random(SEED)
    per_working_day = CASES_PER_DAY * 365 // 247
    report = {}
    generated = 0
    # The newest cases first; each larger size adds older history in front of them.
    newest_start = today - SIZES[0] // per_working_day
    for size in SIZES:
        w = Writer()
        w.ids = getattr(main, "ids", w.ids)
        add = size - generated
        start = newest_start - (size // per_working_day) + SIZES[0] // per_working_day
        g0 = time.perf_counter()
        generate(w, cal, rng, add, start, today, ctx)
        gen_s = time.perf_counter() - g0
        load_s = load(w)
        main.ids = w.ids
        generated = size
        figures = measure(supervisor)
        report[size] = figures
        print(
            f"\n== {size:,} cases: generated in {gen_s:.0f} s, loaded (COPY, indexes, "
            f"analyze) in {load_s:.0f} s; rows: {counts()}"
        )
        for key, (median, p95) in figures.items():
            print(f"  {key:24s} median {median:7.1f} ms   p95 {p95:7.1f} ms")
    small, large = report[SIZES[0]]["page"][1], report[SIZES[1]]["page"][1]
    print(
        f"\npage p95: {small:.1f} ms at {SIZES[0]:,}, {large:.1f} ms at {SIZES[1]:,}; "
        f"ratio {large / small:.2f} (target < 3); target p95 < 500 ms: "
        f"{'met' if large < 500 and small < 500 else 'NOT met'}"
    )
    print(f"total {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()

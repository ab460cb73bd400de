"""Cost of the deadline sweep (SPEC.md §3): it must follow the number of clocks due, not the
number of clocks open. Fills PostgreSQL with 1,000,000 open clocks of which 10,000 are due and
times the sweep's selection and breach marking of the due ones (no notices, no mail); then the
same with 100,000 open and 10,000 due; prints both times and their ratio (target: within 1.5x).

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/landplots_bench python bench/sweep.py
(the database is created when missing and migrated; its deadline rows are replaced).
"""

import sys
from pathlib import Path

# bench/calendar.py shadows the standard library's `calendar` when this folder is on the
# import path: keep it off, and put the project root there instead.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

import io  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/landplots_bench"
DUE = 10_000
SIZES = (1_000_000, 100_000)
# Clocks per case: one per step code, as a case accumulates them over its life. Ten open
# clocks per case keeps 1,000,000 clocks on 100,000 cases.
STEPS = ("1.1", "1.2", "1.3", "1.4", "1.6", "1.7", "1.8", "2.1", "2.2", "2.3")
PROVIDERS = 200
APPLICANTS = 5_000
COPY_CHUNK = 200_000
REPEATS = 3
SEED = 20250320


def setup_django() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    _create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _create_database(url: str) -> None:
    import environ
    import psycopg2

    cfg = environ.Env.db_url_config(url)
    if "postgresql" not in cfg["ENGINE"]:
        raise SystemExit("bench/sweep.py measures PostgreSQL; set DATABASE_URL to one")
    admin = psycopg2.connect(
        dbname="postgres",
        user=cfg["USER"],
        password=cfg["PASSWORD"] or None,
        host=cfg["HOST"] or None,
        port=cfg["PORT"] or None,
    )
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    admin.close()


def _copy(cursor, table: str, columns: tuple[str, ...], rows) -> None:
    """COPY the rows in chunks (tab-separated, \\N for NULL)."""
    buffer, count = io.StringIO(), 0
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    for row in rows:
        buffer.write("\t".join(r"\N" if v is None else str(v) for v in row) + "\n")
        count += 1
        if count == COPY_CHUNK:
            buffer.seek(0)
            cursor.copy_expert(sql, buffer)
            buffer, count = io.StringIO(), 0
    if count:
        buffer.seek(0)
        cursor.copy_expert(sql, buffer)


def fill(*, open_clocks: int, due: int, now: datetime, shuffled: bool = False) -> None:
    """Replace every case and clock with ``open_clocks`` open clocks on realistic cases, of
    which ``due`` are past their due instant and the rest due within the next 28 WD."""
    from django.db import connection

    from landplots.models import Applicant, Application, Provider
    from workflow.models import Deadline
    from workflow.steps import BY_CODE

    rng = random.Random(SEED)
    cases = open_clocks // len(STEPS)
    with connection.cursor() as cur:
        cur.execute(
            f"TRUNCATE {Deadline._meta.db_table}, {Application._meta.db_table} "
            "RESTART IDENTITY CASCADE"
        )
        if Provider.objects.filter(code__startswith="BENCH-").count() < PROVIDERS:
            Provider.objects.bulk_create(
                [
                    Provider(
                        code=f"BENCH-{i:03d}",
                        name_kk=f"Аудан әкімдігі {i}",
                        name_ru=f"Акимат района {i}",
                        level=Provider.Level.DISTRICT,
                    )
                    for i in range(PROVIDERS)
                ],
                ignore_conflicts=True,
            )
        providers = list(
            Provider.objects.filter(code__startswith="BENCH-").values_list("pk", flat=True)
        )
        if Applicant.objects.filter(user__username__startswith="bench-").count() < APPLICANTS:
            from django.contrib.auth import get_user_model

            User = get_user_model()
            User.objects.bulk_create(
                [User(username=f"bench-{i}") for i in range(APPLICANTS)], ignore_conflicts=True
            )
            users = User.objects.filter(username__startswith="bench-").values_list("pk", flat=True)
            Applicant.objects.bulk_create(
                [
                    Applicant(
                        user_id=pk,
                        kind=Applicant.Kind.INDIVIDUAL,
                        iin="871008401427",
                        last_name="Нұрланов",
                        first_name="Асқар",
                    )
                    for pk in users
                ],
                ignore_conflicts=True,
            )
        applicants = list(
            Applicant.objects.filter(user__username__startswith="bench-").values_list(
                "pk", flat=True
            )
        )
        stamp = now.isoformat()
        _copy(
            cur.cursor,
            Application._meta.db_table,
            (
                "created_at",
                "updated_at",
                "applicant_id",
                "provider_id",
                "plot_address",
                "area_ha",
                "purpose",
                "purpose_detail",
                "use_right",
                "consent",
                "contact_phone",
                "location_scheme",
                "applicant_snapshot",
                "state",
                "number",
            ),
            (
                (
                    stamp,
                    stamp,
                    rng.choice(applicants),
                    rng.choice(providers),
                    f"Шұғыла ш/а, {i}-учаске",
                    "0.1000",
                    "individual_housing",
                    "",
                    "temporary_paid",
                    "t",
                    "",
                    f"schemes/{i}.pdf",
                    "{}",
                    "act_preparation",
                    f"BENCH-{i:07d}",
                )
                for i in range(cases)
            ),
        )
        cur.execute(f"SELECT min(id) FROM {Application._meta.db_table}")
        first_case = cur.fetchone()[0]
        # Rows are appended as clocks start, so the clocks due now (started earliest) sit
        # together on the oldest pages; "shuffled" scatters them over the whole table, the
        # worst case for the heap (one page read per due clock).
        due_rows = set(rng.sample(range(open_clocks), due)) if shuffled else set(range(due))

        def clocks():
            for n in range(open_clocks):
                step = STEPS[n % len(STEPS)]
                if n in due_rows:
                    due_at = now - timedelta(minutes=rng.randint(1, 60 * 24 * 20))
                else:
                    due_at = now + timedelta(minutes=rng.randint(60, 60 * 24 * 40))
                started = min(due_at - timedelta(days=7), now - timedelta(minutes=n % 997))
                remind = due_at - timedelta(days=1) if n not in due_rows else None
                yield (
                    first_case + n // len(STEPS),
                    step,
                    BY_CODE[step].owner.value,
                    started.isoformat(),
                    due_at.isoformat(),
                    remind.isoformat() if remind and remind > now else None,
                )

        _copy(
            cur.cursor,
            Deadline._meta.db_table,
            ("application_id", "step", "owner_role", "started_at", "due_at", "remind_at"),
            clocks(),
        )
    # VACUUM cannot run inside a transaction block; Django's cursor is in autocommit here.
    with connection.cursor() as cur:
        cur.execute(f"VACUUM ANALYZE {Deadline._meta.db_table}")
        cur.execute(f"VACUUM ANALYZE {Application._meta.db_table}")


def time_sweep(*, now: datetime, due: int) -> float:
    """Best of REPEATS: select and mark every due clock in SWEEP_BATCH batches, as the sweep
    does, without notices; the marks are undone between repeats."""
    from workflow.models import Deadline
    from workflow.services.sweep import SWEEP_BATCH, breaches_mark

    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        marked = 0
        while True:
            done = breaches_mark(now=now, batch=SWEEP_BATCH, send=False)
            marked += done
            if done < SWEEP_BATCH:
                break
        elapsed = time.perf_counter() - started
        if marked != due:
            raise SystemExit(f"marked {marked} clocks, expected {due}")
        best = min(best, elapsed)
        Deadline.objects.filter(breached_at=now).update(breached_at=None)
    return best


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--layout",
        choices=("chronological", "shuffled"),
        default="chronological",
        help="where the due clocks sit in the table (default: as inserted over time)",
    )
    shuffled = parser.parse_args().layout == "shuffled"
    setup_django()
    from django.db import connection

    now = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
    figures = {}
    for size in SIZES:
        started = time.perf_counter()
        fill(open_clocks=size, due=DUE, now=now, shuffled=shuffled)
        filled = time.perf_counter() - started
        with connection.cursor() as cur:
            cur.execute(
                "EXPLAIN SELECT id FROM workflow_deadline WHERE done_at IS NULL AND "
                "breached_at IS NULL AND due_at <= %s ORDER BY due_at, id LIMIT 500 "
                "FOR UPDATE SKIP LOCKED",
                [now],
            )
            plan = " | ".join(row[0].strip() for row in cur.fetchall()[:3])
        figures[size] = time_sweep(now=now, due=DUE)
        print(
            f"{size:>9,} open, {DUE:,} due: sweep {figures[size]:.3f} s "
            f"(fill {filled:.1f} s; plan: {plan})"
        )
    big, small = figures[SIZES[0]], figures[SIZES[1]]
    ratio = big / small
    verdict = "OK" if ratio <= 1.5 else "OVER TARGET"
    layout = "shuffled" if shuffled else "chronological"
    print(
        f"ratio {SIZES[0]:,} / {SIZES[1]:,}: {ratio:.2f}x (target <= 1.5x) {verdict} "
        f"[{layout} layout]"
    )


if __name__ == "__main__":
    main()

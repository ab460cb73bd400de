"""Speed of the REST API against PostgreSQL: submissions per second and case-list requests per
second, each next to a bare DRF endpoint on the same server doing one insert or one select, so
the ratio shows what the domain work (row lock, case number, clocks, log, monitoring event,
notice; scope, filters, annotations, nested output) costs over the HTTP stack itself.

The server is gunicorn on loopback; the load comes from a second process (threads with
keep-alive http.client connections).

Run: python bench/api.py [--seconds 15] [--threads 8] [--workers N]
     DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/landplots_bench_api; the
     database is dropped and created anew on each run.
"""

import sys
from pathlib import Path

# bench/ also holds calendar.py, which would shadow the standard library's `calendar`.
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from urllib.parse import urlparse  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/landplots_bench_api"
PORT = 8765
PROVIDERS = 8  # case numbers are taken under a per-provider lock: spread the submissions
APPLICANTS = 40
DRAFTS = 20000  # more than the run can submit, so the submission phase never runs dry


def server_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_DEBUG="false",
        DJANGO_LOG_LEVEL="ERROR",
        API_BENCH_ENDPOINTS="true",
        # The load generator is one client: throttling would measure the throttle.
        API_THROTTLE_ANON="100000000/min",
        API_THROTTLE_USER="100000000/min",
        API_THROTTLE_UPLOADS="100000000/min",
    )
    return env


def recreate_database(database_url: str) -> None:
    import psycopg2

    url = urlparse(database_url)
    name = url.path.lstrip("/")
    admin = psycopg2.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def seed() -> dict:
    """Providers with a clerk each, applicants with many complete drafts, tokens."""
    import django

    django.setup()
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from landplots.models import Applicant, Application, Provider
    from workflow.models import Official

    user_model = get_user_model()
    providers = [
        Provider.objects.create(
            code=f"B{i:02d}", name_kk=f"Әкімдік {i}", name_ru=f"Акимат {i}", level="district"
        )
        for i in range(PROVIDERS)
    ]
    clerk = user_model.objects.create_user("bench-clerk", password="x")
    Official.objects.create(user=clerk, role="clerk", provider=providers[0])
    clerk.groups.add(Group.objects.get(name="clerk"))
    applicants = []
    for i in range(APPLICANTS):
        user = user_model.objects.create_user(f"bench-applicant-{i}", password="x")
        applicants.append(
            Applicant.objects.create(
                user=user,
                kind="individual",
                iin="871008401427",
                last_name="Bench",
                first_name=str(i),
            )
        )
    Application.objects.bulk_create(
        Application(
            applicant=applicants[i % APPLICANTS],
            provider=providers[i % PROVIDERS],
            plot_address=f"Алматы, участок {i}",
            area_ha=Decimal("0.1000"),
            purpose="individual_housing",
            use_right="temporary_paid",
            consent=True,
            location_scheme="schemes/bench.pdf",
        )
        for i in range(DRAFTS)
    )
    tokens = {a.pk: Token.objects.create(user=a.user).key for a in applicants}
    drafts = [
        (pk, tokens[applicant_id])
        for pk, applicant_id in Application.objects.order_by("pk").values_list("pk", "applicant_id")
    ]
    return {
        "drafts": drafts,
        "clerk_token": Token.objects.create(user=clerk).key,
        "any_case": drafts[0][0],
    }


# --- the load generator (second process) -----------------------------------------------------


def _worker(host, port, deadline, next_request, results, lock):
    conn = http.client.HTTPConnection(host, port, timeout=30)
    latencies, ok, failed = [], 0, 0
    while time.perf_counter() < deadline:
        request = next_request()
        if request is None:
            break
        method, path, token = request
        started = time.perf_counter()
        conn.request(
            method, path, headers={"Authorization": f"Token {token}", "Content-Length": "0"}
        )
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        if 200 <= response.status < 300:
            ok += 1
        else:
            failed += 1
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.close()
    with lock:
        results["ok"] += ok
        results["failed"] += failed
        results["latencies"].extend(latencies)


def run_phase(name, make_next, *, seconds, threads, port):
    results = {"ok": 0, "failed": 0, "latencies": []}
    lock = threading.Lock()
    next_request = make_next()
    started = time.perf_counter()
    deadline = started + seconds
    pool = [
        threading.Thread(
            target=_worker, args=("127.0.0.1", port, deadline, next_request, results, lock)
        )
        for _ in range(threads)
    ]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    lat = sorted(results["latencies"]) or [0.0]
    return {
        "phase": name,
        "ok": results["ok"],
        "failed": results["failed"],
        "per_second": results["ok"] / elapsed,
        "p50_ms": statistics.median(lat) * 1000,
        "p95_ms": lat[int(len(lat) * 0.95) - 1 if len(lat) > 1 else 0] * 1000,
    }


def load(plan_path: str, seconds: float, threads: int, port: int) -> None:
    plan = json.loads(Path(plan_path).read_text())
    clerk, case = plan["clerk_token"], plan["any_case"]

    def submissions():
        queue = iter(plan["drafts"])
        lock = threading.Lock()

        def take():
            with lock:
                item = next(queue, None)
            return (
                None if item is None else ("POST", f"/api/applications/{item[0]}/submit/", item[1])
            )

        return take

    def constant(method, path):
        return lambda: lambda: (method, path, clerk)

    phases = [
        ("submit", submissions),
        ("bare insert", constant("POST", f"/api/bench/insert/?case={case}")),
        ("case list", constant("GET", "/api/applications/?page_size=20")),
        ("bare select", constant("GET", "/api/bench/select/")),
    ]
    out = [
        run_phase(name, make, seconds=seconds, threads=threads, port=port) for name, make in phases
    ]
    print(json.dumps(out))


# --- orchestration ---------------------------------------------------------------------------


def wait_for_server(port: int, timeout: float = 60.0) -> None:
    stop = time.monotonic() + timeout
    while time.monotonic() < stop:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not come up")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 1) * 2))
    parser.add_argument("--load", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=PORT)
    args = parser.parse_args()
    if args.load:
        load(args.load, args.seconds, args.threads, args.port)
        return

    database_url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    env = server_env(database_url)
    os.environ.update(env)
    recreate_database(database_url)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    plan = seed()
    plan_path = ROOT / "var" / "bench-api-plan.json"
    plan_path.write_text(json.dumps(plan))

    server = subprocess.Popen(
        [
            str(Path(python).with_name("gunicorn")),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{args.port}",
            "-w",
            str(args.workers),
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for_server(args.port)
        loader = subprocess.run(
            [
                python,
                str(Path(__file__).resolve()),
                "--load",
                str(plan_path),
                "--seconds",
                str(args.seconds),
                "--threads",
                str(args.threads),
                "--port",
                str(args.port),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    phases = {p["phase"]: p for p in json.loads(loader.stdout.strip().splitlines()[-1])}
    print(
        f"gunicorn workers={args.workers}, client threads={args.threads}, "
        f"{args.seconds:.0f} s per phase, PostgreSQL {urlparse(database_url).path.lstrip('/')}"
    )
    print(f"{'phase':<12} {'ok':>7} {'failed':>7} {'per s':>9} {'p50 ms':>8} {'p95 ms':>8}")
    for p in phases.values():
        print(
            f"{p['phase']:<12} {p['ok']:>7} {p['failed']:>7} {p['per_second']:>9.1f} "
            f"{p['p50_ms']:>8.1f} {p['p95_ms']:>8.1f}"
        )
    submit, insert = phases["submit"]["per_second"], phases["bare insert"]["per_second"]
    listing, select = phases["case list"]["per_second"], phases["bare select"]["per_second"]
    print(f"submissions / bare insert: {submit / insert:.2f}")
    print(f"case list   / bare select: {listing / select:.2f}")


if __name__ == "__main__":
    main()

"""Production mode: `check --deploy` is clean, missing secrets stop the start, gunicorn's
settings come from the environment. Each runs in a fresh interpreter, since settings are read
once per process."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(args, **env_changes) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update({k: v for k, v in env_changes.items() if v is not None})
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _production(**extra):
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "example.kz",
        **extra,
    }


def test_check_deploy_prints_no_warnings():
    # Given production settings with the required variables
    # When Django's deployment checks run
    result = _run([sys.executable, "manage.py", "check", "--deploy"], **_production())

    # Then they pass with no issue at all (a warning would be listed and counted)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_SECRET_KEY", None),
        ("DJANGO_SECRET_KEY", ""),
        ("DJANGO_SECRET_KEY", "short-key"),
        ("DJANGO_ALLOWED_HOSTS", None),
    ],
)
def test_production_refuses_to_start_without_its_secrets(variable, value):
    # Given production settings with one required variable missing or too weak
    env = _production()
    env.pop(variable)
    if value is not None:
        env[variable] = value

    # When Django starts
    result = _run([sys.executable, "manage.py", "check"], **env)

    # Then it stops at once, naming the variable
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


def test_gunicorn_reads_workers_and_bind_from_the_environment():
    # Given the environment of a host with its own sizing
    env = _production(WEB_CONCURRENCY="3", GUNICORN_BIND="127.0.0.1:8765")

    # When gunicorn loads its configuration file
    result = _run(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py",
         "--print-config"],
        **env,
    )  # fmt: skip

    # Then it uses those values and serves the project's WSGI application
    assert result.returncode == 0, result.stderr
    pairs = (line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    config = {key.strip(): value.strip() for key, value in pairs}
    assert config["workers"] == "3"
    assert config["bind"] == "['127.0.0.1:8765']"
    assert config["wsgi_app"] == "config.wsgi:application"


def test_gunicorn_config_loads_the_production_application():
    # Given production variables only (no settings module chosen by hand)
    env = _production()
    env.pop("DJANGO_SETTINGS_MODULE")

    # When gunicorn checks its configuration, which imports the application
    result = _run(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py",
         "--check-config"],
        **env,
    )  # fmt: skip

    # Then the application loads under the production settings
    assert result.returncode == 0, result.stderr

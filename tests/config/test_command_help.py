import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("command", ["walkthrough", "kzcalendar", "seed_demo"])
def test_the_projects_commands_explain_themselves(command):
    # When an administrator asks a command for its help
    result = subprocess.run(
        [sys.executable, "manage.py", command, "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )

    # Then it prints its usage, not a traceback
    assert result.returncode == 0, result.stderr
    assert f"manage.py {command}" in result.stdout

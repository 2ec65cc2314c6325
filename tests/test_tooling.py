"""The linters are part of the test command: ruff (style, imports, likely bugs) and mypy (types) over
the package and the scripts, with the settings in pyproject.toml."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_is_clean():
    res = run("ruff", "check", ".")
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-1000:]


def test_mypy_is_clean():
    res = run("mypy", "simulator", "scripts")
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-1000:]

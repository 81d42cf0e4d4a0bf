"""Installed and run as a command: no development tools needed, no noise before the UI."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEV_TOOLS = {"pytest", "ruff", "mypy", "import-linter", "hypothesis", "handinger", "pyte"}


def _name(requirement: str) -> str:
    for stop in "<>=!~[; ":
        requirement = requirement.split(stop, 1)[0]
    return requirement.strip().lower()


def test_running_the_app_needs_no_development_tool() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    runtime = {_name(r) for r in project["project"]["dependencies"]}
    dev = {_name(r) for r in project["dependency-groups"]["dev"]}
    assert not runtime & DEV_TOOLS
    assert dev >= DEV_TOOLS  # they are still there for `uv run pytest` from the checkout


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not installed")
def test_uv_run_prints_nothing_before_the_app() -> None:
    """uv's `compile-bytecode` setting recompiles the environment on every `uv run` and
    prints "Bytecode compiled …" above the UI (astral-sh/uv#12202)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("UV_")}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        ["uv", "run", "--frozen", "python", "-c", "print('ready')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert done.stdout.strip() == "ready"
    assert "Bytecode compiled" not in done.stderr, done.stderr

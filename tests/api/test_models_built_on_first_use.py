"""Models the worker list never reads are built on first use, and read exactly as before."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.support.first_use import DEFERRED, LISTED, outcomes

ROOT = Path(__file__).resolve().parents[2]


def _fresh(code: str) -> Any:
    """What ``code`` prints as JSON in a fresh interpreter (nothing built yet)."""
    run = subprocess.run(
        [sys.executable, "-c", f"import json; {code}"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return json.loads(run.stdout)


def test_only_the_models_of_the_worker_list_are_built_at_import() -> None:
    """Start-up builds what the first answers need, and not the task bodies, requests and
    placeholders (~4 ms of CPU before the list fills)."""
    built = _fresh("from tests.support.first_use import built; print(json.dumps(built()))")
    assert [name for name, done in built.items() if done] == [cls.__name__ for cls in LISTED]
    assert [name for name, done in built.items() if not done] == [c.__name__ for c in DEFERRED]


def test_a_first_use_reads_and_refuses_as_a_built_model() -> None:
    """Strict and lax, good and bad payloads: the first use in a fresh interpreter gives
    what the same models give here, where earlier reads have built them."""
    first = _fresh("from tests.support.first_use import outcomes; print(json.dumps(outcomes()))")
    for cls in DEFERRED:
        cls.model_rebuild(force=True)
    again = json.loads(json.dumps(outcomes()))
    assert first == again
    refused = [name for name, value in again.items() if value and isinstance(value, list)]
    assert "template extra (strict)" in refused and "template extra (lax)" not in refused
    assert "when no cron (lax)" in refused and "archived none (lax)" in refused
    assert again["files (lax)"]["files"][0]["reason"]  # a placeholder, with its reason

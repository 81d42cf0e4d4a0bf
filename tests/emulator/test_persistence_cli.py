"""``--db`` persistence across restarts (also after kill -9) and the ``emulator`` CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from handinger_tui.emulator import EmulatorServer
from tests.support.emulator import client_for

KEY = "hdg_test_cli_key"


def test_state_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "emu.sqlite"
    with (
        EmulatorServer(api_key=KEY, seed="empty", db=db, task_seconds=0.05) as first,
        client_for(first) as api,
    ):
        wid = api.post("/api/workers", json={"title": "Persistent", "summary": "kept"}).json()["id"]
        hook = api.put(
            f"/api/workers/{wid}/webhook", json={"url": "https://hooks.example.com/p"}
        ).json()
        sched = api.post(
            f"/api/workers/{wid}/schedules",
            json={"input": "later", "when": {"type": "interval", "intervalSeconds": 3600}},
        ).json()
        api.post("/api/tasks", json={"workerId": wid, "input": "Remember me", "taskId": "tsk_p"})
        state = api.get(f"/api/workers/{wid}").json()
        first.advance_clock(120)
        email = api.get(f"/api/workers/{wid}/email").json()
    with EmulatorServer(api_key=KEY, seed="empty", db=db) as second, client_for(second) as api:
        assert second.worker_ids() == [wid]
        assert api.get(f"/api/workers/{wid}").json() == state
        assert api.get(f"/api/workers/{wid}/webhook").json() == hook
        assert api.get(f"/api/workers/{wid}/schedules").json()["schedules"] == [sched]
        assert api.get("/api/tasks/tsk_p").json()["task"]["status"] == "completed"
        assert api.get(f"/api/workers/{wid}/email").json() == email
        assert api.get("/_emulator/clock").json()["offsetSeconds"] == 120  # the clock persists
        newer = api.post("/api/workers", json={}).json()["id"]
        assert newer != wid


def test_demo_seed_is_loaded_once(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    with EmulatorServer(api_key=KEY, seed="demo", db=db) as first, client_for(first) as api:
        ids = first.worker_ids()
        assert api.delete(f"/api/workers/{ids[6]}").status_code == 200
    with EmulatorServer(api_key=KEY, seed="demo", db=db) as second:
        assert second.worker_ids() == ids[:6] + ids[7:]


@contextmanager
def _ctrl_c_reaches_children() -> Iterator[None]:
    """A child started inside takes SIGINT (Ctrl-C) even when this test run inherited it
    ignored, as a shell's background job does: an ignored signal stays ignored across exec,
    a handler does not (the child starts with the default). It hung 10 s on SIGINT then."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _start_cli(*args: str) -> tuple[subprocess.Popen[str], str, list[str]]:
    with _ctrl_c_reaches_children():
        command = [sys.executable, "-m", "handinger_tui", "emulator", "--port", "0"]
        proc = subprocess.Popen(
            [*command, "--api-key", KEY, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith("Control surface"):
            break
    url = next(
        line.split()[-1] for line in lines if line.startswith("Handinger emulator listening on")
    )
    return proc, url, lines


@pytest.fixture
def procs() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def test_cli_prints_how_to_use_it_and_serves(procs: list[subprocess.Popen[str]]) -> None:
    proc, url, lines = _start_cli("--seed", "demo")
    procs.append(proc)
    assert url.startswith("http://127.0.0.1:")
    assert f"API key: {KEY}" in lines
    assert f"  export HANDINGER_BASE_URL={url}" in lines
    assert f"  export HANDINGER_API_KEY={KEY}" in lines
    worker_lines = [line.split(None, 1) for line in lines if line.startswith("  t_org_")]
    assert len(worker_lines) == 11
    assert worker_lines[0][1] == "Support ticket triage"
    with httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {KEY}"}, trust_env=False
    ) as api:
        listing = api.get("/_emulator/workers").json()
        assert [w["id"] for w in listing] == [w[0] for w in worker_lines]
        assert api.get(f"/api/workers/{worker_lines[0][0]}").status_code == 200
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=10) == 0


def test_cli_db_survives_kill_9(tmp_path: Path, procs: list[subprocess.Popen[str]]) -> None:
    db = str(tmp_path / "cli.sqlite")
    proc, url, _ = _start_cli("--seed", "empty", "--db", db)
    procs.append(proc)
    with httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {KEY}"}, trust_env=False
    ) as api:
        wid = api.post("/api/workers", json={"title": "Survivor"}).json()["id"]
    proc.kill()  # SIGKILL: no clean shutdown
    proc.wait(timeout=10)
    again, url2, lines = _start_cli("--seed", "empty", "--db", db)
    procs.append(again)
    assert f"  {wid}  Survivor" in lines
    with httpx.Client(
        base_url=url2, headers={"Authorization": f"Bearer {KEY}"}, trust_env=False
    ) as api:
        assert api.get(f"/api/workers/{wid}").status_code == 200
    again.send_signal(signal.SIGTERM)
    assert again.wait(timeout=10) == 0


def test_cli_refuses_non_loopback_host() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "handinger_tui", "emulator", "--host", "0.0.0.0", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "--allow-non-loopback" in result.stderr
    assert result.stdout == ""


def test_cli_api_key_twice_adds_a_second_user(procs: list[subprocess.Popen[str]]) -> None:
    proc, url, lines = _start_cli("--seed", "empty", "--api-key", "hdg_test_cli_second")
    procs.append(proc)
    assert any("acting as usr_" in line for line in lines)
    assert not any("hdg_test_cli_second" in line for line in lines)  # not echoed
    headers = {"Authorization": f"Bearer {KEY}"}
    with httpx.Client(base_url=url, headers=headers, trust_env=False) as first:
        wid = first.post("/api/workers", json={"title": "First's"}).json()["id"]
    headers = {"Authorization": "Bearer hdg_test_cli_second"}
    with httpx.Client(base_url=url, headers=headers, trust_env=False) as second:
        assert second.get(f"/api/workers/{wid}").status_code == 200
        assert second.delete(f"/api/workers/{wid}").status_code == 403
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0

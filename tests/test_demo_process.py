"""`--demo`'s emulator runs in a child process that lives exactly as long as the app.

It starts before Textual loads (so it seeds on the other core meanwhile), says where it
listens over a pipe (never on its command line), stops when the app stops it or when the
app is gone without a word (a kill: its pipe ends), and says in words why it did not start.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from handinger_tui import demo_process
from handinger_tui.demo_process import DemoError, DemoProcess
from tests.support.emulator import wait_until
from tests.support.processes import gone, kill_if_alive


def test_the_child_serves_the_demo_and_stops_with_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HANDINGER_API_KEY", "hdg_live_operators_own_key")
    demo = DemoProcess.start()
    try:
        target = demo.target()
        cmdline = Path(f"/proc/{demo.pid}/cmdline").read_bytes()
        environ = Path(f"/proc/{demo.pid}/environ").read_bytes()
        assert target.api_key.encode() not in cmdline  # handed over the pipe
        assert b"hdg_live_operators_own_key" not in environ  # the operator's key stays here
        assert len(target.worker_ids) >= 5
        assert [t["id"] for t in target.templates] == list(target.worker_ids)
        answer = httpx.get(
            f"{target.base_url}/api/workers/{target.worker_ids[0]}",
            headers={"Authorization": f"Bearer {target.api_key}"},
        )
        assert answer.status_code == 200
        assert answer.json()["id"] == target.worker_ids[0]
    finally:
        demo.stop()
    assert gone(demo.pid)
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{target.base_url}/api/workers")
    demo.stop()  # again (the app and the CLI both stop it): nothing happens


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_the_child_dies_when_the_app_dies_without_a_word(how: signal.Signals) -> None:
    app = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from handinger_tui.demo_process import DemoProcess; "
            "demo = DemoProcess.start(); demo.target(); print(demo.pid, flush=True); "
            "sys.stdin.read()",  # blocks until killed
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert app.stdout is not None
    child = int(app.stdout.readline())
    try:
        assert not gone(child)
        app.send_signal(how)  # no clean-up runs in the app
        app.wait(10)
        wait_until(lambda: gone(child), 10, "the demo emulator to exit")
    finally:
        kill_if_alive(child)
        app.kill()
        app.wait()


def test_a_child_that_cannot_start_is_said_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo_process, "CHILD", "handinger_tui.emulator.no_such_child")
    demo = DemoProcess.start()
    try:
        with pytest.raises(DemoError) as raised:
            demo.target()
    finally:
        demo.stop()
    said = str(raised.value)
    assert said.startswith("the demo emulator stopped before it listened (exit code 1")
    assert "No module named 'handinger_tui.emulator.no_such_child'" in said  # its last words

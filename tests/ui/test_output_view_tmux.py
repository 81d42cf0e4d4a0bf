"""`o` then `p` in a real terminal: the full-screen view hands the text to $PAGER and back.

The explorer runs in a private tmux server; $PAGER is a script that records what it was
given (``tests/support/output.py``). Skipped only when tmux is not installed.
"""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from handinger_tui.core.safe_text import clean
from handinger_tui.emulator import EmulatorServer
from tests.support.output import HOSTILE_TAIL, RECORDER, report, worker_with_output
from tests.support.tmux import clean_env, tmux_server

SIZE = (160, 48)  # wide: the detail pane is on screen


def test_o_then_p_hands_the_whole_output_to_pager(emulator: EmulatorServer, tmp_path: Path) -> None:
    """The view opens (plain text: 1 MB), `p` runs $PAGER on the cleaned whole output, the
    view is back after it, and esc returns to the explorer."""
    output = report("BIG", 1024 * 1024) + "\n" + HOSTILE_TAIL
    worker = worker_with_output(emulator, "Pager probe", output)
    script = tmp_path / "recorder.py"
    script.write_text(RECORDER, encoding="utf-8")
    record = tmp_path / "record.json"
    pager = shlex.join([sys.executable, str(script), str(record)])
    env = clean_env(HANDINGER_API_KEY=emulator.api_key, LANG="C.UTF-8", PAGER=pager)
    command = [sys.executable, "-m", "handinger_tui", "--base-url", emulator.base_url]
    with tmux_server() as tmux:
        tmux.start([*command, "--worker", worker["id"]], env, SIZE)
        tmux.wait(lambda: "of 1.0 MB" in tmux.screen(), "the size line")
        tmux.tmux("send-keys", "o")
        tmux.wait(lambda: "Plain text" in tmux.screen(), "the full-screen view")
        assert not record.exists()  # `o` alone runs no pager
        tmux.tmux("send-keys", "p")
        tmux.wait(record.exists, "the pager to run")
        tmux.wait(lambda: "Output shown in" in tmux.screen(), "the view back on screen")
        assert "Plain text" in tmux.screen()
        tmux.tmux("send-keys", "Escape")
        tmux.wait(lambda: "Plain text" not in tmux.screen(), "the explorer back")
    seen = json.loads(record.read_text(encoding="utf-8"))
    assert seen["mode"] == 0o600
    assert seen["text"] == clean(output)
    assert not any(c in seen["text"] for c in "\x1b\x07\x9b\u202e")
    assert not Path(seen["path"]).exists()


def test_o_then_p_without_pager_runs_less_cleaned_and_q_returns(
    emulator: EmulatorServer,
) -> None:
    """No $PAGER: plain `less` shows the escape sequences as text (the pane title stays),
    and q comes back to the view."""
    if shutil.which("less") is None:
        pytest.skip("less is not installed")
    output = report("BIG", 256 * 1024) + "\n" + HOSTILE_TAIL
    worker = worker_with_output(emulator, "Less probe", output)
    env = clean_env(HANDINGER_API_KEY=emulator.api_key, LANG="C.UTF-8")
    env.pop("PAGER", None)
    env.pop("LESS", None)
    command = [sys.executable, "-m", "handinger_tui", "--base-url", emulator.base_url]
    with tmux_server() as tmux:
        tmux.start([*command, "--worker", worker["id"]], env, SIZE)
        tmux.wait(lambda: "of 256.0 KB" in tmux.screen(), "the size line")
        title = tmux.tmux("display-message", "-p", "#{pane_title}")
        tmux.tmux("send-keys", "o")
        tmux.wait(lambda: "Plain text" in tmux.screen(), "the full-screen view")
        tmux.tmux("send-keys", "p")
        tmux.wait(lambda: "Plain text" not in tmux.screen(), "less on the whole screen")
        tmux.tmux("send-keys", "G")  # the end, where the escape sequences were
        tmux.wait(lambda: "␛]0;pwned" in tmux.screen(), "the sequences shown, not obeyed")
        assert tmux.tmux("display-message", "-p", "#{pane_title}") == title
        tmux.tmux("send-keys", "q")
        tmux.wait(lambda: "Output shown in" in tmux.screen(), "the view back on screen")

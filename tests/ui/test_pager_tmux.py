"""`o` in a real terminal: the app hands the screen to $PAGER and comes back.

The explorer runs inside a private tmux server (own socket, ``-f /dev/null``) against the
emulator; $PAGER is a small script that records what it was given. Skipped only when tmux
is not installed.
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
from tests.tmux_server import clean_env, tmux_server
from tests.ui.test_big_output import report, worker_with_output
from tests.ui.test_pager import RECORDER

SIZE = (160, 48)  # wide: the detail pane is on screen
HOSTILE_TAIL = "\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07 \x1b[2J \x9b31m \u202eend\n"


def test_o_opens_the_whole_output_in_pager_and_returns(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    output = report("BIG", 1024 * 1024) + "\n" + HOSTILE_TAIL
    worker = worker_with_output(emulator, "Pager probe", output)
    script = tmp_path / "recorder.py"
    script.write_text(RECORDER, encoding="utf-8")
    record = tmp_path / "record.json"
    pager = shlex.join([sys.executable, str(script), str(record)])
    env = clean_env(HANDINGER_API_KEY=emulator.api_key, LANG="C.UTF-8", PAGER=pager)
    command = [
        sys.executable,
        "-m",
        "handinger_tui",
        "--base-url",
        emulator.base_url,
        "--worker",
        worker["id"],
    ]
    with tmux_server() as tmux:
        tmux.start(command, env, SIZE)
        tmux.wait(lambda: "Report BIG" in tmux.screen(), "the head of the output")
        tmux.wait(lambda: "of 1.0 MB" in tmux.screen(), "the size line")
        tmux.tmux("send-keys", "o")
        tmux.wait(record.exists, "the pager to run")
        tmux.wait(lambda: "Output shown in" in tmux.screen(), "the app back on screen")
        assert "Report BIG" in tmux.screen()
    seen = json.loads(record.read_text(encoding="utf-8"))
    assert seen["mode"] == 0o600
    assert seen["text"] == clean(output)
    assert not any(c in seen["text"] for c in "\x1b\x07\x9b\u202e")
    assert not Path(seen["path"]).exists()


def test_without_pager_less_shows_it_cleaned_and_q_comes_back(emulator: EmulatorServer) -> None:
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
        tmux.wait(lambda: "Detail" not in tmux.screen(), "less on the whole screen")
        tmux.tmux("send-keys", "G")  # the end, where the escape sequences were
        tmux.wait(lambda: "␛]0;pwned" in tmux.screen(), "the sequences shown, not obeyed")
        assert tmux.tmux("display-message", "-p", "#{pane_title}") == title
        tmux.tmux("send-keys", "q")
        tmux.wait(lambda: "Output shown in" in tmux.screen(), "the app back on screen")

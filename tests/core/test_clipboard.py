"""Copy routes: pyperclip, OSC 52 (plain, tmux, screen), the shown value, and never a leak."""

from __future__ import annotations

import base64
import os
import sys
import threading
import time
from pathlib import Path

import pyperclip
import pytest

from handinger_tui.core.clipboard import (
    OSC52_MAX_BYTES,
    CopyResult,
    copy_text,
    is_ssh,
    osc52_sequence,
)

EMAIL = "brand-auditor@workers.handinger.com"
TOKEN = "whk_01J8XM0P4R6S8T2V5W7Y9Z3A1B"


def b64(value: str) -> str:
    return base64.b64encode(value.encode()).decode()


class Writer:
    def __init__(self) -> None:
        self.writes: list[str] = []

    def __call__(self, data: str) -> None:
        self.writes.append(data)


@pytest.fixture(autouse=True)
def restore_pyperclip(monkeypatch: pytest.MonkeyPatch) -> None:
    """copy_text swaps pyperclip's subprocess module; undo it and the copy patch after."""
    monkeypatch.setattr(pyperclip, "subprocess", pyperclip.subprocess)
    monkeypatch.setattr(pyperclip, "copy", pyperclip.copy)


def pyperclip_fails(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def broken(value: str) -> None:
        calls.append(value)
        raise pyperclip.PyperclipException("could not find a copy/paste mechanism")

    monkeypatch.setattr(pyperclip, "copy", broken)
    return calls


async def test_pyperclip_success(monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    writer = Writer()
    result = await copy_text(EMAIL, label="email", osc52_writer=writer, env={})
    assert result == CopyResult(
        True, "pyperclip", f"Copied email ({EMAIL}) to the system clipboard.", None, False
    )
    assert copied == [EMAIL]
    assert writer.writes == []


async def test_pyperclip_fails_then_osc52(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = pyperclip_fails(monkeypatch)
    writer = Writer()
    result = await copy_text(EMAIL, label="email", osc52_writer=writer, env={"TERM": "xterm"})
    assert calls == [EMAIL]
    assert result.ok and result.route == "osc52" and result.show_value is None
    assert writer.writes == [f"\x1b]52;c;{b64(EMAIL)}\x07"]
    assert "OSC 52" in result.message and "terminal allows clipboard writes" in result.message
    assert EMAIL in result.message


async def test_osc52_tmux_wrapping_exact_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    pyperclip_fails(monkeypatch)
    writer = Writer()
    env = {"TMUX": "/tmp/tmux-1000/default,123,0", "TERM": "screen-256color", "STY": "x"}
    result = await copy_text("hi", osc52_writer=writer, env=env)
    assert result.route == "osc52"
    assert writer.writes == ["\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"]
    assert "tmux" in result.message


def test_osc52_screen_wrapping_is_chunked() -> None:
    value = "x" * 400
    env = {"TERM": "screen.xterm-256color", "STY": "1234.pts-0.host"}
    plain = f"\x1b]52;c;{b64(value)}\x07"
    wrapped = osc52_sequence(value, env)
    chunks = [plain[i : i + 252] for i in range(0, len(plain), 252)]
    assert len(chunks) == 3
    assert wrapped == "".join(f"\x1bP{c}\x1b\\" for c in chunks)
    # TERM=screen without STY (e.g. a plain terminal claiming screen) is not wrapped.
    assert osc52_sequence(value, {"TERM": "screen"}) == plain


async def test_pyperclip_hang_times_out_quickly(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    started = threading.Event()

    def hang(value: str) -> None:
        started.set()
        release.wait(10)

    monkeypatch.setattr(pyperclip, "copy", hang)
    writer = Writer()
    begin = time.monotonic()
    try:
        result = await copy_text(EMAIL, osc52_writer=writer, env={}, pyperclip_timeout=0.05)
    finally:
        release.set()
    assert started.is_set()
    assert time.monotonic() - begin < 2.0
    assert result.ok and result.route == "osc52"
    assert len(writer.writes) == 1


async def test_everything_fails_shows_value(monkeypatch: pytest.MonkeyPatch) -> None:
    pyperclip_fails(monkeypatch)
    result = await copy_text(EMAIL, label="email", osc52_writer=None, env={})
    assert not result.ok and result.route == "none"
    assert result.show_value == EMAIL
    assert "Could not copy the email" in result.message
    assert "select it by hand" in result.message
    assert "copy/paste mechanism" in result.message  # says why


async def test_secret_never_in_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    pyperclip_fails(monkeypatch)
    failed = await copy_text(TOKEN, secret=True, label="webhook token", env={})
    assert not failed.ok and failed.show_value == TOKEN
    assert TOKEN not in failed.message and "Reveal the webhook token" in failed.message
    assert TOKEN not in repr(failed) and TOKEN not in str(failed)

    writer = Writer()
    ok = await copy_text(TOKEN, secret=True, label="webhook token", osc52_writer=writer, env={})
    assert ok.ok and ok.route == "osc52" and TOKEN not in ok.message
    assert ok.message.startswith("Copied webhook token to the clipboard via OSC 52")

    def leaky(value: str) -> None:
        raise RuntimeError(f"cannot copy {value}")

    monkeypatch.setattr(pyperclip, "copy", leaky)
    leaked = await copy_text(TOKEN, secret=True, label="token", env={})
    assert TOKEN not in leaked.message and "********" in leaked.message


async def test_ssh_prefers_osc52(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = pyperclip_fails(monkeypatch)
    writer = Writer()
    env = {"SSH_CONNECTION": "10.0.0.1 5555 10.0.0.2 22"}
    result = await copy_text(EMAIL, osc52_writer=writer, env=env)
    assert result.route == "osc52" and calls == []
    # Over SSH without a terminal writer, pyperclip is still tried.
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    result = await copy_text(EMAIL, osc52_writer=None, env={"SSH_TTY": "/dev/pts/3"})
    assert result.route == "pyperclip" and copied == [EMAIL]


def test_is_ssh() -> None:
    assert is_ssh({"SSH_CLIENT": "1.2.3.4 5 22"})
    assert not is_ssh({"SSH_TTY": ""})
    assert not is_ssh({})


async def test_osc52_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    pyperclip_fails(monkeypatch)
    writer = Writer()
    at_cap = await copy_text("é" * 5, osc52_writer=writer, env={}, osc52_max_bytes=10)
    assert at_cap.route == "osc52" and len(writer.writes) == 1
    over = await copy_text("é" * 5 + "x", osc52_writer=writer, env={}, osc52_max_bytes=10)
    assert over.route == "none" and len(writer.writes) == 1
    assert "11 bytes, above the 10-byte limit" in over.message
    assert OSC52_MAX_BYTES == 74_994


async def test_writer_error_falls_through(monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)

    def broken_writer(data: str) -> None:
        raise OSError("terminal gone")

    result = await copy_text(EMAIL, osc52_writer=broken_writer, env={"SSH_TTY": "x"})
    assert result.route == "pyperclip" and copied == [EMAIL]


async def test_label_and_preview_are_sanitized(monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    hostile = "x\x1b]52;c;ZXZpbA==\x07" + "y" * 100
    result = await copy_text(hostile, label="[@click=app.quit]\x1b[2J", env={})
    assert copied == [hostile]  # the clipboard gets the exact value
    assert "\x1b" not in result.message and "\x07" not in result.message
    assert "…" in result.message  # long values are previewed, not dumped


posix_only = pytest.mark.skipif(os.name != "posix", reason="fake xclip is a shell script")


def fake_xclip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    script = tmp_path / "xclip"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    copy, _paste = pyperclip.init_xclip_clipboard()
    monkeypatch.setattr(pyperclip, "copy", copy)


@posix_only
async def test_real_helper_error_is_captured_not_painted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    fake_xclip(
        tmp_path, monkeypatch, 'cat >/dev/null\necho "Error: Can\'t open display: :99" >&2\nexit 1'
    )
    writer = Writer()
    result = await copy_text(EMAIL, osc52_writer=writer, env={})
    out, err = capfd.readouterr()
    assert "Can't open display" not in out + err  # nothing reached the terminal
    assert result.route == "osc52"  # pyperclip's silent failure was detected
    writer_only = await copy_text(EMAIL, osc52_writer=None, env={})
    assert "Can't open display" in writer_only.message


@posix_only
async def test_real_helper_success(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "clip.txt"
    fake_xclip(tmp_path, monkeypatch, f"cat > '{target}'")
    result = await copy_text(EMAIL, env={})
    assert result.route == "pyperclip"
    assert target.read_text() == EMAIL


@posix_only
async def test_real_hanging_helper_is_killed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "pid"
    fake_xclip(tmp_path, monkeypatch, f"echo $$ > '{pid_file}'\nexec sleep 30")
    result = await copy_text(EMAIL, env={}, pyperclip_timeout=0.3)
    assert result.route == "none" and "timed out after 0.3s" in result.message
    pid = int(pid_file.read_text())
    assert wait_gone(pid, 5.0)  # SIGKILL was already sent; this only waits for it to land


def wait_gone(pid: int, limit: float) -> bool:
    deadline = time.monotonic() + limit
    while running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    if sys.platform == "linux" and stat.exists():
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True

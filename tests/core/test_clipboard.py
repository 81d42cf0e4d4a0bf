"""Copy routes: tmux, pyperclip, OSC 52 (plain, screen), the shown value, and never a leak."""

from __future__ import annotations

import base64
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyperclip
import pytest

from handinger_tui.core.clipboard import (
    OSC52_MAX_BYTES,
    CopyResult,
    copy_text,
    is_ssh,
    osc52_sequence,
    tmux_socket,
    tmux_version,
)
from tests.support.tmux import TmuxServer, tmux_server

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
        True,
        "pyperclip",
        f"Copied email ({EMAIL}) to the system clipboard (confirmed).",
        None,
        False,
        confirmed=True,
    )
    assert copied == [EMAIL]
    assert writer.writes == []


async def test_pyperclip_fails_then_osc52(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = pyperclip_fails(monkeypatch)
    writer = Writer()
    result = await copy_text(EMAIL, label="email", osc52_writer=writer, env={"TERM": "xterm"})
    assert calls == [EMAIL]
    assert result.ok and result.route == "osc52" and not result.confirmed
    assert result.show_value == EMAIL  # unverifiable: shown whole for selection by hand
    assert writer.writes == [f"\x1b]52;c;{b64(EMAIL)}\x07"]
    assert "OSC 52" in result.message and "not confirmed" in result.message
    assert "copy/paste mechanism" in result.message  # why the system clipboard was not used
    assert "select it by hand" in result.message


async def test_tmux_unreachable_falls_back_to_plain_osc52(monkeypatch: pytest.MonkeyPatch) -> None:
    """tmux drops the passthrough-wrapped form by default; the plain one works with `on`."""
    pyperclip_fails(monkeypatch)
    writer = Writer()
    env = {"TMUX": "/nonexistent/hdg-tmux/s,123,0", "TERM": "tmux-256color", "STY": "x"}
    result = await copy_text("hi", osc52_writer=writer, env={**env, "PATH": os.environ["PATH"]})
    assert result.route == "osc52" and not result.confirmed
    assert writer.writes == ["\x1b]52;c;aGk=\x07"]  # plain, not ESC P tmux; ... ESC \\
    assert "tmux: " in result.message  # says why tmux itself was not used
    assert result.show_value == "hi"


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
    assert not failed.ok and failed.show_value is None
    assert TOKEN not in failed.message and "Could not copy the webhook token" in failed.message
    assert "by hand" not in failed.message
    assert TOKEN not in repr(failed) and TOKEN not in str(failed)

    writer = Writer()
    ok = await copy_text(TOKEN, secret=True, label="webhook token", osc52_writer=writer, env={})
    assert ok.ok and ok.route == "osc52" and TOKEN not in ok.message
    assert ok.show_value is None  # unconfirmed, but a secret is never put up for display
    assert ok.message.startswith("Sent webhook token to your terminal's clipboard via OSC 52")

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
    """True while ``pid`` exists and is not a zombie.

    The process may be reaped at any moment: a ``/proc`` entry that vanishes between the
    check and the read means it is gone.
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    if not Path("/proc/self/stat").exists():
        return True  # no /proc here: kill(0) is all there is to go on
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # FileNotFoundError, or ESRCH mid-read
        return False  # reaped between kill(0) and the read
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


# -- tmux ---------------------------------------------------------------------------------


def test_tmux_socket_and_version() -> None:
    assert tmux_socket({"TMUX": "/tmp/tmux-1000/default,4242,0"}) == "/tmp/tmux-1000/default"
    assert tmux_socket({"TMUX": "/tmp/odd,name/s,4242,3"}) == "/tmp/odd,name/s"
    assert tmux_socket({"TMUX": ""}) is None and tmux_socket({}) is None
    assert tmux_version("tmux 3.3a") == (3, 3)
    assert tmux_version("tmux next-3.4") == (3, 4)
    assert tmux_version("tmux 3.2-rc2") == (3, 2)
    assert tmux_version("tmux master") is None


def _pane_env(tmux: TmuxServer, **extra: str) -> dict[str, str]:
    """What a pane inside ``tmux`` sees: ``$TMUX`` naming it, the test's PATH."""
    return {"TMUX": tmux.tmux_env, "PATH": os.environ["PATH"], **extra}


@pytest.fixture
def tmux() -> Iterator[TmuxServer]:
    with tmux_server() as server:
        server.start(["sleep", "600"], os.environ, (80, 24))
        yield server


async def test_tmux_default_options_loads_the_paste_buffer(
    tmux: TmuxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = pyperclip_fails(monkeypatch)
    writer = Writer()
    result = await copy_text(EMAIL, label="email", osc52_writer=writer, env=_pane_env(tmux))
    assert tmux.buffer() == EMAIL
    assert result.ok and result.confirmed and result.route == "tmux"
    assert result.show_value is None and writer.writes == [] and calls == []
    assert "into tmux's paste buffer (confirmed" in result.message
    assert "set-clipboard external" in result.message and "not confirmed" in result.message


async def test_tmux_set_clipboard_off_stops_in_tmux_and_tries_the_system_clipboard(
    tmux: TmuxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmux.tmux("set-option", "-s", "set-clipboard", "off")
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    result = await copy_text(EMAIL, label="email", env=_pane_env(tmux))
    assert tmux.buffer() == EMAIL and copied == [EMAIL]
    assert result.route == "tmux" and result.confirmed
    assert "set-clipboard is off" in result.message
    assert "also on the system clipboard" in result.message
    # Over SSH, pyperclip would reach the remote machine: not tried.
    copied.clear()
    remote = await copy_text(EMAIL, env=_pane_env(tmux, SSH_TTY="/dev/pts/1"))
    assert copied == [] and "system clipboard" not in remote.message


async def test_tmux_older_than_3_2_loads_without_w_and_says_so(
    tmux: TmuxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An old tmux has no `load-buffer -w`: the buffer only, and the message says why."""
    pyperclip_fails(monkeypatch)
    log = tmp_path / "argv"
    fake = tmp_path / "bin" / "tmux"
    fake.parent.mkdir()
    fake.write_text(
        "#!/bin/sh\n"
        f"echo \"$*\" >> '{log}'\n"
        'if [ "$1" = -V ]; then echo "tmux 3.1c"; exit 0; fi\n'
        f"exec '{tmux.exe}' \"$@\"\n"
    )
    fake.chmod(0o755)
    env = _pane_env(tmux)
    env["PATH"] = f"{fake.parent}{os.pathsep}{env['PATH']}"
    result = await copy_text(EMAIL, label="email", env=env)
    assert tmux.buffer() == EMAIL
    assert f"-S {tmux.socket} load-buffer -" in log.read_text().splitlines()
    assert EMAIL not in log.read_text()  # the value goes through stdin, never argv (ps)
    assert result.route == "tmux" and result.confirmed
    assert "tmux 3.1c is older than 3.2" in result.message


@posix_only
async def test_hanging_tmux_is_killed_and_the_next_route_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    pid_file = tmp_path / "pid"
    fake = tmp_path / "tmux"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = -V ]; then echo "tmux 3.4"; exit 0; fi\n'
        f"echo $$ > '{pid_file}'\nexec sleep 30\n"
    )
    fake.chmod(0o755)
    env = {"TMUX": "/tmp/hdg-none/s,1,0", "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"}
    result = await copy_text(EMAIL, env=env, tmux_timeout=0.3)
    assert result.route == "pyperclip" and copied == [EMAIL]
    assert "Not used: tmux: timed out after 0.3s." in result.message
    assert wait_gone(int(pid_file.read_text()), 5.0)


async def test_secret_through_tmux_is_never_in_the_message(
    tmux: TmuxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    pyperclip_fails(monkeypatch)
    result = await copy_text(TOKEN, secret=True, label="webhook token", env=_pane_env(tmux))
    assert tmux.buffer() == TOKEN and result.route == "tmux"
    assert TOKEN not in result.message and TOKEN not in repr(result)
    assert result.show_value is None
    assert result.message.startswith("Copied webhook token into tmux's paste buffer")


async def test_gnu_screen_route_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    pyperclip_fails(monkeypatch)
    writer = Writer()
    env = {"TERM": "screen.xterm-256color", "STY": "1234.pts-0.host"}
    result = await copy_text("hi", osc52_writer=writer, env=env)
    assert writer.writes == ["\x1bP\x1b]52;c;aGk=\x07\x1b\\"]
    assert result.route == "osc52" and "through GNU screen" in result.message
    # tmux running inside screen: the app talks to tmux, so the sequence stays plain.
    assert osc52_sequence("hi", {**env, "TMUX": "/tmp/t/s,1,0"}) == "\x1b]52;c;aGk=\x07"

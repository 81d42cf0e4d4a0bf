"""`handinger-tui doctor`: one line per check, causes named with their fix, key never shown."""

from __future__ import annotations

import json
import socket
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from handinger_tui.cli import main
from handinger_tui.core import doctor
from handinger_tui.core import doctor_terminal as term
from handinger_tui.core.clipboard import route_order
from handinger_tui.emulator import EmulatorServer
from tests.support.emulator import TEST_API_KEY
from tests.support.servers import not_found, tiny_server, tls_server
from tests.support.tmux import tmux_server

CHECKS = ["config", "api key", "base url", "terminal", "colours", "tmux", "ssh", "clipboard"]


@pytest.fixture(autouse=True)
def _plain_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """A local session with colours: no outer tmux, screen or SSH leaks into the checks."""
    for name in ("TMUX", "STY", "SSH_TTY", "SSH_CONNECTION", "SSH_CLIENT", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("TEXTUAL_COLOR_SYSTEM", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")


def doctor_run(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, dict[str, str], str]:
    """Exit status, each check's line by name, and all output."""
    code = main(["doctor", *argv])
    out = capsys.readouterr()
    lines: dict[str, str] = {}
    for line in out.out.splitlines():
        _status, rest = line.split(None, 1)
        name = next(n for n in CHECKS if rest.startswith(n + " ") or rest == n)
        lines[name] = line
    return code, lines, out.out + out.err


def key_env(monkeypatch: pytest.MonkeyPatch, key: str = TEST_API_KEY) -> None:
    monkeypatch.setenv("HANDINGER_API_KEY", key)


def test_all_pass_exits_zero_and_shows_the_key_only_by_source_and_shape(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key_env(monkeypatch)
    code, lines, output = doctor_run(["--base-url", emulator.base_url], capsys)
    assert code == 0, output
    assert list(lines) == CHECKS  # one line per check, in order
    assert lines["base url"].startswith("PASS") and "key accepted" in lines["base url"]
    assert lines["api key"].startswith("PASS")
    assert f"key from HANDINGER_API_KEY, hdg_test_…, {len(TEST_API_KEY)} chars" in output
    assert TEST_API_KEY not in output and TEST_API_KEY[-6:] not in output


def test_options_may_come_before_doctor_too(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key_env(monkeypatch)
    code = main(["--base-url", emulator.base_url, "doctor"])
    assert code == 0, capsys.readouterr().out


def test_a_refused_key_is_named(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key_env(monkeypatch, "hdg_live_not_the_right_key_0000")
    code, lines, output = doctor_run(["--base-url", emulator.base_url], capsys)
    assert code == 1
    assert lines["base url"].startswith("FAIL")
    assert "refused the API key (401)" in lines["base url"]
    assert "not_the_right_key" not in output


def test_an_api_suffix_is_named_with_the_url_to_use(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key_env(monkeypatch)
    code, lines, _ = doctor_run(["--base-url", emulator.base_url + "/api"], capsys)
    assert code == 1
    assert lines["base url"].startswith("FAIL") and "ends in /api" in lines["base url"]
    assert lines["base url"].endswith(f"-> use --base-url {emulator.base_url}")


def test_https_to_a_plain_http_server_is_named(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key_env(monkeypatch)
    https = emulator.base_url.replace("http://", "https://")
    code, lines, _ = doctor_run(["--base-url", https], capsys)
    assert code == 1
    assert "TLS error" in lines["base url"] and "speaks plain http" in lines["base url"]
    assert lines["base url"].endswith(f"-> use --base-url {emulator.base_url}")


def test_plain_http_to_a_remote_host_is_named_without_sending_the_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key_env(monkeypatch)
    code, lines, _ = doctor_run(["--base-url", "http://handinger.example"], capsys)
    assert code == 1
    assert "plain http to a remote host" in lines["base url"]
    assert "use --base-url https://handinger.example" in lines["base url"]


# ------------------------------------------------------------- a tiny server that is not the API


def test_an_untrusted_certificate_is_a_tls_error_named_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key_env(monkeypatch)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with tls_server(tmp_path, not_found) as (url, cert):
        code, lines, _ = doctor_run(["--base-url", url], capsys)
        assert code == 1
        assert "TLS error: the certificate of 127.0.0.1 is not trusted" in lines["base url"]
        assert "SSL_CERT_FILE" in lines["base url"]

        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trusted now: the probe gets through
        code, lines, _ = doctor_run(["--base-url", url], capsys)
        assert code == 0 and lines["base url"].startswith("PASS")


def test_plain_http_to_an_https_server_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key_env(monkeypatch)
    with tls_server(tmp_path, not_found) as (url, _):
        plain = url.replace("https://", "http://")
        code, lines, _ = doctor_run(["--base-url", plain], capsys)
    assert code == 1
    assert "speaks https (TLS), not plain http" in lines["base url"]
    assert lines["base url"].endswith(f"-> use --base-url {url}")


def _html(handler: BaseHTTPRequestHandler) -> None:
    body = b"<!doctype html><html><title>Handinger</title><body>Sign in</body></html>"
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def test_an_html_answer_is_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key_env(monkeypatch)
    with tiny_server(_html) as (url, asked):
        code, lines, _ = doctor_run(["--base-url", url], capsys)
    assert code == 1
    assert asked == [f"/api/workers/{doctor.PROBE_WORKER_ID}"]  # one request
    assert "answered a web page (HTML, 200)" in lines["base url"]
    assert "point --base-url at the API root" in lines["base url"]


def test_a_redirect_is_named_not_followed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key_env(monkeypatch)
    target = "https://api.handinger.example"

    def redirect(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(301)
        handler.send_header("Location", target + handler.path)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    with tiny_server(redirect) as (url, asked):
        code, lines, _ = doctor_run(["--base-url", url], capsys)
    assert code == 1
    assert len(asked) == 1
    assert f"redirects (301) to {target}/api/workers/" in lines["base url"]
    assert lines["base url"].endswith(f"-> use --base-url {target}")


def test_json_has_ok_and_one_entry_per_check(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key_env(monkeypatch)
    code = main(["doctor", "--json", "--base-url", emulator.base_url])
    out = capsys.readouterr().out
    document = json.loads(out)
    assert code == 0 and document["ok"] is True
    assert [check["name"] for check in document["checks"]] == CHECKS
    for check in document["checks"]:
        assert set(check) == {"name", "status", "summary", "fix"}
        assert check["status"] in ("pass", "warn", "fail")
    assert TEST_API_KEY not in out

    key_env(monkeypatch, "hdg_live_refused_key_1234")
    code = main(["doctor", "--json", "--base-url", emulator.base_url])
    document = json.loads(capsys.readouterr().out)
    assert code == 1 and document["ok"] is False
    by_name = {check["name"]: check for check in document["checks"]}
    assert by_name["base url"]["status"] == "fail" and by_name["base url"]["fix"]


def test_a_config_holding_a_key_readable_by_others_fails_with_chmod(
    emulator: EmulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[api]\napi_key = "{TEST_API_KEY}"\nbase_url = "{emulator.base_url}"\n')
    config.chmod(0o644)
    code, lines, output = doctor_run(["--config", str(config)], capsys)
    assert code == 1
    assert lines["config"].startswith("FAIL") and "readable by other users" in lines["config"]
    assert lines["config"].endswith(f"-> chmod 600 {config}")
    assert f"key from config file {config}" in lines["api key"]
    assert lines["base url"].startswith("PASS")
    assert TEST_API_KEY not in output

    config.chmod(0o600)
    code, lines, _ = doctor_run(["--config", str(config)], capsys)
    assert code == 0 and lines["config"].startswith("PASS")


def test_a_bad_setting_fails_the_config_check_and_the_rest_still_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[refresh]\nactive_interval = 0\n")
    code, lines, _ = doctor_run(["--config", str(config)], capsys)
    assert code == 1
    assert lines["config"].startswith("FAIL") and "active_interval" in lines["config"]
    assert {"terminal", "colours", "tmux", "ssh", "clipboard"} <= set(lines)


# ----------------------------------------------------------------------------- terminal checks


def test_size_below_80x24_warns_and_100_columns_is_side_by_side() -> None:
    small = term.check_size(term.TerminalFacts(True, 79, 24))
    assert small.status == "warn" and "below 80x24" in small.summary
    assert "one pane" in term.check_size(term.TerminalFacts(True, 80, 24)).summary
    wide = term.check_size(term.TerminalFacts(True, 120, 40))
    assert wide.status == "pass" and "side by side" in wide.summary


@pytest.mark.parametrize(
    ("env", "status", "words"),
    [
        ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, "pass", "truecolor"),
        ({"TERM": "tmux-256color"}, "pass", "256 colours"),
        ({"TERM": "xterm"}, "warn", "16 colours"),
        ({"TERM": "dumb"}, "warn", "TERM is dumb"),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, "warn", "NO_COLOR"),
    ],
)
def test_colours_follow_the_environment(env: dict[str, str], status: str, words: str) -> None:
    check = term.check_colours(env)
    assert check.status == status and words in check.summary


def test_tmux_with_set_clipboard_off_is_named_with_the_option_to_set() -> None:
    with tmux_server() as tmux:
        tmux.start(["sleep", "600"], {"PATH": "/usr/bin:/bin"}, (80, 24))
        env = {"TMUX": tmux.tmux_env, "PATH": "/usr/bin:/bin:/usr/local/bin"}
        tmux.tmux("set-option", "-s", "set-clipboard", "off")
        off = term.check_tmux(term.read_tmux(env))
        tmux.tmux("set-option", "-s", "set-clipboard", "on")
        on = term.check_tmux(term.read_tmux(env))
    assert off.status == "warn" and "set-clipboard off" in off.summary
    assert "set -s set-clipboard on" in off.fix
    assert on.status == "pass" and "set-clipboard on" in on.summary


def test_old_tmux_and_an_unreachable_tmux_warn() -> None:
    old = term.check_tmux(term.TmuxFacts("tmux 3.1c", "on"))
    assert old.status == "warn" and "older than 3.2" in old.summary
    gone = term.check_tmux(term.TmuxFacts(None, None, "no server running"))
    assert gone.status == "warn" and "no server running" in gone.summary
    assert term.read_tmux({}) is None


def test_ssh_is_said() -> None:
    assert "over SSH" in term.check_ssh({"SSH_CONNECTION": "1 2 3 4"}).summary
    assert "local" in term.check_ssh({}).summary


def test_the_clipboard_check_names_the_route_copy_takes() -> None:
    def none(name: str) -> str | None:
        return None

    def xclip(name: str) -> str | None:
        return "/usr/bin/xclip" if name == "xclip" else None

    assert route_order({"TMUX": "/tmp/s,1,0", "SSH_TTY": "x"}) == ("tmux", "osc52", "pyperclip")
    assert route_order({"SSH_TTY": "/dev/pts/1"}) == ("osc52", "pyperclip")
    assert route_order({}) == ("pyperclip", "osc52")
    assert "tmux's paste buffer" in term.check_clipboard({"TMUX": "/tmp/s,1,0"}, none).summary
    assert "OSC 52" in term.check_clipboard({"SSH_TTY": "/dev/pts/1"}, none).summary
    local = term.check_clipboard({"DISPLAY": ":0"}, xclip)
    assert local.status == "pass" and "xclip" in local.summary
    headless = term.check_clipboard({}, xclip)
    assert headless.status == "warn" and "OSC 52" in headless.summary
    inside = {"TMUX": "/tmp/s,1,0", "DISPLAY": ":0"}
    off = term.check_clipboard(inside, xclip, term.TmuxFacts("tmux 3.4", "off"))
    assert off.status == "warn" and "paste buffer only" in off.summary
    gone = term.check_clipboard(inside, xclip, term.TmuxFacts(None, None, "no server"))
    assert gone.status == "pass" and "xclip" in gone.summary  # copy falls back past tmux


def test_a_key_of_unexpected_shape_shows_only_its_length(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key_env(monkeypatch, "sk-Secret0123456789")
    code, lines, output = doctor_run(["--base-url", emulator.base_url], capsys)
    assert code == 1  # the emulator refuses it
    assert lines["api key"].startswith("WARN") and "19 chars, not starting with hdg_" in output
    assert "sk-" not in output and "Secret" not in output


def test_no_escape_sequence_reaches_the_terminal(
    emulator: EmulatorServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key_env(monkeypatch)
    monkeypatch.setenv("TERM", "xterm\x1b]52;c;cHduZWQ=\x07")
    folder = tmp_path / "evil\x1b]0;pwned\x07"
    folder.mkdir()
    config = folder / "config.toml"
    config.write_text(f'[api]\nbase_url = "{emulator.base_url}"\n')
    code, lines, output = doctor_run(["--config", str(config)], capsys)
    assert code == 0, output
    assert "\x1b" not in output and "\x07" not in output
    assert "pwned" in lines["config"]  # shown, defused


def test_nothing_listening_fails_with_the_clients_words(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key_env(monkeypatch)
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, lines, _ = doctor_run(["--base-url", f"http://127.0.0.1:{port}"], capsys)
    assert code == 1
    assert lines["base url"].startswith("FAIL") and "could not connect" in lines["base url"]


def test_a_key_file_others_can_read_is_a_warning_with_chmod(
    emulator: EmulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(TEST_API_KEY + "\n")
    key_file.chmod(0o644)
    argv = ["--base-url", emulator.base_url, "--api-key-file", str(key_file)]
    code, lines, output = doctor_run(argv, capsys)
    assert code == 0  # a warning, not a failure
    assert lines["api key"].startswith("WARN") and f"--api-key-file {key_file}" in output
    assert "chmod 600" in lines["api key"] and TEST_API_KEY not in output


@pytest.mark.parametrize(
    ("key", "said"),
    [
        ("hdg_live_0123456789abcdef", "hdg_live_…, 25 chars"),
        ("hdg_wrong", "9 chars, hdg_ but not hdg_<kind>_…"),  # said 'not starting with hdg_'
        ("sk-0123456789", "13 chars, not starting with hdg_"),
    ],
)
def test_the_key_shape_says_what_is_wrong_and_never_the_key(key: str, said: str) -> None:
    shape, _ = doctor._key_shape(key)
    assert shape == said
    assert key[4:] not in shape or len(key) <= 4

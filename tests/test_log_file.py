"""``--log FILE``: private, appended, and never holding a secret or an escape sequence."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from handinger_tui.cli import main
from handinger_tui.core.log_file import LogFile, open_log

KEY = "hdg_live_s3cretKEYs3cretKEYs3cretKEY0000"
ODD_KEY = "not-shaped-like-a-key-0123456789"  # masked only because it was named


@pytest.fixture
def log_path(tmp_path: Path) -> Iterator[tuple[Path, LogFile]]:
    path = tmp_path / "app.log"
    log_file = open_log(path, secrets=[KEY, ODD_KEY])
    yield path, log_file
    log_file.close()


def test_a_new_log_is_private_and_an_existing_one_is_narrowed(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.log"
    open_log(fresh).close()
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    shared = tmp_path / "shared.log"
    shared.write_text("earlier line\n")
    shared.chmod(0o644)
    log_file = open_log(shared)
    logging.getLogger("handinger_tui.test").info("later line")
    log_file.close()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o600
    assert shared.read_text().startswith("earlier line\n")  # appended, nothing lost
    assert "later line" in shared.read_text()


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("")
    link = tmp_path / "link.log"
    link.symlink_to(target)
    with pytest.raises(ValueError, match="symbolic link"):
        open_log(link)


def test_secrets_never_reach_the_file(log_path: tuple[Path, LogFile]) -> None:
    path, _log_file = log_path
    log = logging.getLogger("handinger_tui.api")
    log.debug("sent %s with key %s", "GET /api/workers/x", KEY)
    log.info("a key typed here: %s", ODD_KEY)
    log.info("headers: Authorization: Bearer %s", "typed-key-0001")
    log.info("webhook token whk_01J8XM0P4R6S8T2V5W7Y9Z3A1B revealed")
    log.info("X-Handinger-Token=abcdef0123")
    try:
        raise RuntimeError(f"client failed with {KEY}")
    except RuntimeError:
        log.exception("a traceback")
    text = path.read_text()
    for secret in (KEY, ODD_KEY, "typed-key-0001", "whk_01J8XM0P4R6S8T2V5W7Y9Z3A1B", "abcdef0123"):
        assert secret not in text
    assert text.count("[redacted]") >= 6
    assert "GET /api/workers/x" in text and "RuntimeError" in text  # the rest is kept


def test_http_library_debug_lines_stay_out(log_path: tuple[Path, LogFile]) -> None:
    path, _log_file = log_path
    for name in ("httpx", "httpcore.http11"):
        logger = logging.getLogger(name)
        before = logger.level
        logger.setLevel(logging.DEBUG)
        logger.debug("send_request_headers.started headers=[(b'Authorization', b'Bearer x')]")
        logger.setLevel(before)
    assert "send_request_headers" not in path.read_text()


def test_an_escape_sequence_is_shown_not_played(log_path: tuple[Path, LogFile]) -> None:
    path, _log_file = log_path
    logging.getLogger("handinger_tui.refresh").info("title \x1b]52;c;aGk=\x07 from the server")
    text = path.read_text()
    assert "\x1b" not in text and "\x07" not in text
    assert "from the server" in text


def test_an_unwritable_log_is_refused_before_the_app_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-folder" / "app.log"
    code = main(["--api-key", KEY, "--log", str(target)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"cannot write the log file {target}" in err and "No such file" in err
    assert KEY not in err
    assert not os.path.exists(target)

"""The command line refuses bad starts with a clear message, before any screen opens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handinger_tui.cli import main
from handinger_tui.ui.app import HandingerApp


@pytest.fixture(autouse=True)
def _the_app_must_not_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every start here is refused: opening the full-screen app would be the failure."""

    def started(self: HandingerApp, *args: object, **kwargs: object) -> None:
        raise AssertionError("the app was started instead of refusing")

    monkeypatch.setattr(HandingerApp, "run", started)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


def test_without_a_key_it_says_how_to_set_one_and_how_to_try_the_demo(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, err = run([], capsys)
    assert code == 2
    assert "export HANDINGER_API_KEY=" in err and "--demo" in err
    assert "--api-key-file ~/" in err  # a file
    assert "--api-key-file -" in err  # and piping it in
    assert not re.search(r"--api-key(?!-file)", err)  # never the flag `ps` shows to all


def test_the_help_steers_away_from_the_visible_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--api-key-file FILE" in help_text and "- reads standard input" in help_text
    assert "every local user can read it in ps" in help_text


def test_api_key_and_api_key_file_together_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("hdg_from_file\n")
    code, err = run(["--api-key", "hdg_x", "--api-key-file", str(key_file)], capsys)
    assert code == 2 and "pass only one" in err
    assert "hdg_from_file" not in err and "hdg_x" not in err


def test_a_missing_key_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(["--api-key-file", str(tmp_path / "nope")], capsys)
    assert code == 2 and f"API key file {tmp_path / 'nope'} does not exist" in err


def test_plain_http_to_a_remote_host_is_refused_with_the_flag_named(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, err = run(["--api-key", "hdg_x", "--base-url", "http://example.com"], capsys)
    assert code == 2 and "--allow-insecure-http" in err
    assert "hdg_x" not in err


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("not an id!", "neither a worker id nor a dashboard URL"),
        ("https://evil.example/worker/abc", "not a Handinger dashboard URL"),
        ("..", "'.' and '..' would address another API path"),
        (".", "'.' and '..' would address another API path"),
        ("https://handinger.com/worker/..", "neither a worker id nor a dashboard URL"),
    ],
)
def test_bad_worker_references_are_refused(
    ref: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(["--api-key", "hdg_x", "--worker", ref], capsys)
    assert code == 2 and expected in err


def test_a_bad_config_file_is_named(
    tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"  # type: ignore[operator]
    config.write_text("[refresh]\nactive_interval = 'fast'\n")
    code, err = run(["--api-key", "hdg_x", "--config", str(config)], capsys)
    assert code == 2 and "active_interval" in err and str(config) in err


def test_keymap_mistakes_are_reported(
    tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    from handinger_tui.cli import _keymap_problems

    problems = _keymap_problems({"worker.craete": "ctrl+n", "worker.edit": "n"})
    assert any("'worker.craete' is not an action id" in p for p in problems)
    assert any("'n' is bound to several actions" in p and "worker.create" in p for p in problems)
    assert _keymap_problems({"worker.create": "ctrl+n"}) == []

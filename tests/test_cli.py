"""The command line refuses bad starts with a clear message, before any screen opens."""

from __future__ import annotations

import pytest

from handinger_tui.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


def test_without_a_key_it_says_how_to_set_one_and_how_to_try_the_demo(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, err = run([], capsys)
    assert code == 2
    assert "export HANDINGER_API_KEY=" in err and "--demo" in err


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

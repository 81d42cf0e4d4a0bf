"""One dashboard-URL rule for --worker, --workers-file and the track prompt (in core)."""

from __future__ import annotations

import pytest

from handinger_tui.cli import main
from handinger_tui.core.base_url_rules import dashboard_host
from handinger_tui.core.dashboard_urls import foreign_host, url_host
from handinger_tui.core.pasted_workers import parse_pasted
from handinger_tui.core.workers_file import parse_workers
from handinger_tui.ui.app import HandingerApp

BASE = "https://handinger.com"
REFS = [
    "w_1",
    "https://handinger.com/worker/w_1",
    "handinger.com/worker/w_1",
    "https://eu.handinger.com/worker/w_1",
    "https://evil.example/worker/w_1",
    "evil.example/worker/w_1",
    "https://[broken/worker/w_1",
    "https://handinger.com.evil.example/worker/w_1",
]


def on_dashboard(host: str) -> bool:
    return dashboard_host(host, BASE)


@pytest.mark.parametrize("ref", REFS)
def test_the_prompt_and_the_file_refuse_exactly_the_foreign_hosts(ref: str) -> None:
    foreign = foreign_host(ref, BASE)
    pasted = parse_pasted(ref, tracked=(), dashboard_host=on_dashboard)
    listed = parse_workers(ref, "f", dashboard_host=on_dashboard)
    for problems in (pasted.problems, listed.problems):
        assert any("not a Handinger dashboard URL" in p for p in problems) is (foreign is not None)


def test_an_unreadable_url_has_no_host() -> None:
    assert url_host("https://[broken/worker/w_1") == ""
    assert url_host("w_1") == "" and url_host("//handinger.com/worker/w") == "handinger.com"


def test_the_cli_refuses_an_unreadable_worker_url_in_words(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def started(self: HandingerApp, *args: object, **kwargs: object) -> None:
        raise AssertionError("the app was started instead of refusing")

    monkeypatch.setattr(HandingerApp, "run", started)
    monkeypatch.setenv("HANDINGER_API_KEY", "hdg_test_key_0123456789")
    code = main(["--worker", "https://[broken/worker/w_1"])  # was a ValueError traceback
    err = capsys.readouterr().err
    assert code == 2
    assert "is neither a worker id nor a dashboard URL" in err

"""`--workers-file FILE`: ids and dashboard URLs tracked; bad and repeated lines reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from handinger_tui.cli import _dashboard_host, main
from handinger_tui.core.workers_file import parse_workers
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui import app as app_module
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import column, wait_for

BASE = "https://handinger.com"


def dashboard(host: str) -> bool:
    return _dashboard_host(host, BASE)


def test_ids_and_urls_are_tracked_and_the_rest_reported_by_line() -> None:
    text = "\n".join(
        [
            "# production workers",  # 1: comment
            "t_org_1_w_A",  # 2
            "",  # 3: blank
            "https://handinger.com/worker/t_org_1_w_B/task/x?y#z",  # 4
            "not an id!",  # 5
            "handinger.com/worker/t_org_1_w_A",  # 6: same as line 2
            "https://evil.example/worker/t_org_1_w_C",  # 7: not a dashboard
            "  t_org_1_w_D  ",  # 8: spaces trimmed
            "t_org_1_w_E",  # 9: given with --worker
        ]
    )
    listed = parse_workers(text, "w.txt", dashboard_host=dashboard, known=["t_org_1_w_E"])
    assert listed.ids == ("t_org_1_w_A", "t_org_1_w_B", "t_org_1_w_D")
    assert listed.problems == (
        "line 5: 'not an id!' is neither a worker id nor a dashboard URL",
        "line 6: t_org_1_w_A is already listed (line 2)",
        "line 7: 'https://evil.example/worker/t_org_1_w_C' is a URL on evil.example, "
        "not a Handinger dashboard URL",
        "line 9: t_org_1_w_E is already listed (--worker)",
    )
    summary = listed.summary()
    assert summary is not None
    assert summary.startswith("w.txt: 4 lines left out, 3 workers tracked: line 5:")


def test_a_clean_file_has_no_summary() -> None:
    listed = parse_workers("a\nb\n", "w.txt", dashboard_host=dashboard)
    assert listed.ids == ("a", "b") and listed.problems == () and listed.summary() is None


def test_control_characters_in_a_bad_line_are_not_echoed() -> None:
    listed = parse_workers("bad \x1b[31mline\x07\n", "w.txt", dashboard_host=dashboard)
    assert listed.ids == () and len(listed.problems) == 1
    assert "\x1b" not in listed.problems[0] and "\x07" not in listed.problems[0]


def test_a_missing_workers_file_stops_the_start_with_its_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.txt"
    code = main(["--api-key", "hdg_x", "--workers-file", str(missing)])
    assert code == 2
    assert f"workers file {missing} does not exist" in capsys.readouterr().err


def test_the_file_reaches_the_app_and_its_problems_reach_stderr_and_the_app(
    demo_emulator: EmulatorServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, second = (w.get("template", w)["id"] for w in demo_emulator.workers()[:2])
    workers_file = tmp_path / "workers.txt"
    workers_file.write_text(f"{first}\n{demo_emulator.base_url}/worker/{second}\n{first}\n?!\n")
    monkeypatch.setenv("HANDINGER_API_KEY", TEST_API_KEY)
    seen: dict[str, Any] = {}

    class HeadlessApp(app_module.HandingerApp):
        def run(self, **_: Any) -> None:  # type: ignore[override]
            async def look(pilot: Pilot[None]) -> None:
                await wait_for(pilot, self.connected.is_set, "the explorer to connect")
                await wait_for(pilot, lambda: len(column(self, 1)) == 2, "two rows")
                seen["notes"] = [str(n.message) for n in self._notifications]
                seen["workers"] = tuple(self.launch.workers)
                self.exit()

            super().run(headless=True, size=(120, 40), auto_pilot=look)

    monkeypatch.setattr(app_module, "HandingerApp", HeadlessApp)
    code = main(["--base-url", demo_emulator.base_url, "--workers-file", str(workers_file)])
    err = capsys.readouterr().err
    assert code == 0
    assert seen["workers"] == (first, second)
    assert f"{workers_file} line 3: {first} is already listed (line 1)" in err
    assert f"{workers_file} line 4: '?!' is neither a worker id nor a dashboard URL" in err
    assert any(
        note.startswith(f"{workers_file}: 2 lines left out, 2 workers tracked")
        for note in seen["notes"]
    ), seen["notes"]


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    from handinger_tui import __version__

    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"handinger-tui {__version__}"

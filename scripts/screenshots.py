"""Write the README's SVG screenshots from the demo data (both clocks frozen, TZ=UTC).

uv run python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The frozen-app helpers are test support (tests/support/frozen.py), not the product: run as
# `python scripts/screenshots.py`, Python puts scripts/ on the path, not the repo root.
sys.path.insert(0, str(ROOT))

from handinger_tui import demo  # noqa: E402
from tests.support.frozen import frozen_app, settle  # noqa: E402

OUT = ROOT / "screenshots"
SIZES = [(80, 24), (120, 40), (160, 48)]


async def shoot(size: tuple[int, int]) -> Path:
    server = demo.start_server(frozen=True)
    app = frozen_app(server)
    path = OUT / f"main-{size[0]}x{size[1]}.svg"
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.save_screenshot(filename=path.name, path=str(OUT))
    return path


async def shoot_screens(size: tuple[int, int] = (120, 40)) -> list[Path]:
    """The create-worker form, the schedule form with a cron preview, the help screen."""
    from textual.widgets import Input, RadioButton, TextArea

    server = demo.start_server(frozen=True)
    app = frozen_app(server)
    paths = []
    async with app.run_test(size=size) as pilot:
        await settle(pilot)

        async def save(name: str) -> None:
            await pilot.pause(0.5)
            app.save_screenshot(filename=name, path=str(OUT))
            paths.append(OUT / name)

        await pilot.press("n")
        await pilot.pause(0.5)
        app.screen.query_one("#title", Input).value = "Release notes drafter"
        app.screen.query_one("#summary", Input).value = "Drafts release notes from merged PRs"
        app.screen.query_one(
            "#instructions", TextArea
        ).text = "You write concise release notes.\nGroup changes by area; link every PR."
        await save("create-worker.svg")
        app.screen.dismiss(None)
        await pilot.pause(0.3)
        await pilot.press("3", "c")  # the Schedules pane, where its keys act
        await pilot.pause(0.5)
        app.screen.query_one("#kind-cron", RadioButton).value = True
        await pilot.pause(0.2)
        app.screen.query_one("#when", Input).value = "0 8 * * 1-5"
        app.screen.query_one("#input", TextArea).text = "Summarise yesterday's support tickets"
        await save("create-schedule-cron.svg")
        app.screen.dismiss(None)
        await pilot.pause(0.3)
        await pilot.press("question_mark")
        await save("help.svg")
    return paths


async def shoot_triage(size: tuple[int, int] = (160, 30)) -> list[Path]:
    """The Problems (!) and Agenda (A) views, once the sweep has read the whole demo."""
    from handinger_tui.core.refresh import Cadence

    paths = []
    for key, name in (("exclamation_mark", "problems.svg"), ("A", "agenda.svg")):
        server = demo.start_server(frozen=True)
        app = frozen_app(server, cadence=Cadence(sweep_per_minute=600))
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            while app.session is None or not app.session.coordinator.swept():
                await pilot.pause(0.05)
            await pilot.press(key)
            await pilot.pause(0.5)
            app.save_screenshot(filename=name, path=str(OUT))
            paths.append(OUT / name)
        server.stop()
    return paths


def main() -> None:
    os.environ["TZ"] = "UTC"
    time.tzset()
    OUT.mkdir(exist_ok=True)
    for size in SIZES:
        print(asyncio.run(shoot(size)))
    for path in asyncio.run(shoot_screens()):
        print(path)
    for path in asyncio.run(shoot_triage()):
        print(path)


if __name__ == "__main__":
    main()

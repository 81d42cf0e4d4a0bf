"""Keys typed in one burst act where the key before them sent them.

The keys are posted as the terminal driver posts them, all before the first is handled
(over SSH, or while the UI loop was busy). Before, the keys after `/` or `n` went to the
worker list: `/comp` opened an empty filter while `c` and `o` ran list actions, and `nHello`
left the new worker's title without its first letters.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.workers.form import WorkerFormScreen
from tests.support.pilot import demo_app, listed, notes, wait_for

NAMES = {"/": "slash", " ": "space"}


def burst(app: HandingerApp, text: str) -> None:
    for char in text:
        event = events.Key(NAMES.get(char, char), char)
        event.set_sender(app)
        app.post_message(event)


async def test_the_filter_gets_what_follows_the_slash(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(80, 24)) as pilot:
        await listed(pilot, app, len(demo_emulator.workers()))
        burst(app, "/comp")
        filter_box = app.main_screen.query_one("#filter", Input)
        await wait_for(pilot, lambda: filter_box.value == "comp", "the filter text")
        assert app.focused is filter_box
        assert not [n for n in notes(app) if "acts in" in n]  # no list key ran


async def test_the_new_worker_form_gets_what_follows_n(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(100, 30)) as pilot:
        await listed(pilot, app, len(demo_emulator.workers()))
        burst(app, "nHello")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, WorkerFormScreen) and bool(app.screen.query("#title")),
            "the form",
        )
        title = app.screen.query_one("#title", Input)
        await wait_for(pilot, lambda: title.value == "Hello", "the title typed")

"""Operator actions end to end: key -> form or confirmation -> emulator -> screen."""

from __future__ import annotations

import base64

import httpx
import pyperclip
import pytest
from textual.widgets import Input, TextArea

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp, Launch
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import (
    FAST,
    choose,
    column,
    demo_app,
    listed,
    make_app,
    notes,
    settings_on,
    table,
    wait_for,
)

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}


@pytest.fixture(autouse=True)
def _local_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Clipboard routes depend on SSH/tmux: test as a plain local terminal."""
    for var in ("SSH_TTY", "SSH_CONNECTION", "SSH_CLIENT", "TMUX", "STY"):
        monkeypatch.delenv(var, raising=False)


async def test_read_only_refuses_writes_and_says_so(demo_emulator: EmulatorServer) -> None:
    templates = [w["template"] for w in demo_emulator.workers()]
    launch = Launch(
        settings=settings_on(demo_emulator, read_only=True),
        workers=[t["id"] for t in templates],
        cadence=FAST,
    )
    app = HandingerApp(launch)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        demo_emulator.reset_stats()
        for key in ("n", "e", "R", "c", "w", "W", "T", "delete"):
            await pilot.press(key)
        await pilot.pause(0.2)
        assert app.screen is app.main_screen  # no form opened
        assert sum("--read-only" in note for note in notes(app)) == 8
        routes = demo_emulator.stats()["routes"]
        assert not [r for r in routes if not r.startswith("GET ")]
        assert "read-only" in str(app.main_screen.query_one("#status-line").content)


async def test_keymap_remaps_an_action_by_id(emulator: EmulatorServer) -> None:
    launch = Launch(
        settings=settings_on(emulator, keymap={"worker.track": "ctrl+t"}),
        cadence=FAST,
    )
    app = HandingerApp(launch)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        await pilot.press("a")  # the default key no longer tracks
        await pilot.pause(0.1)
        assert app.screen is app.main_screen
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: app.screen is not app.main_screen, "the track prompt")
        await pilot.press("question_mark")


async def test_track_by_url_untrack_and_undo(emulator: EmulatorServer) -> None:
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=AUTH) as http:
        worker = (await http.post("/api/workers", json={"title": "Tracked by URL"})).json()
    app = make_app(emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        await pilot.press("a")
        await wait_for(pilot, lambda: bool(app.screen.query("#prompt-input")), "the prompt")
        app.screen.query_one("#prompt-input", Input).value = worker["url"] + "?tab=runs"
        await pilot.press("enter")
        await wait_for(pilot, lambda: table(app).row_count == 1, "the tracked row")
        assert app.session is not None and app.session.registry.ids() == [worker["id"]]
        emulator.reset_stats()
        await pilot.press("x")
        await wait_for(pilot, lambda: table(app).row_count == 0, "the row gone")
        assert not any(r.startswith("DELETE") for r in emulator.stats()["routes"])
        await pilot.press("u")
        await wait_for(pilot, lambda: table(app).row_count == 1, "the row back")
        assert app.session.state.selected == worker["id"]


async def test_create_a_worker_from_the_explorer(emulator: EmulatorServer) -> None:
    app = make_app(emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        await pilot.press("n")
        await wait_for(pilot, lambda: bool(app.screen.query("#title")), "the worker form")
        app.screen.query_one("#title", Input).value = "Made from the explorer"
        app.screen.query_one("#instructions", TextArea).text = "Say hello."
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: table(app).row_count == 1, "the new row")
        assert [w["title"] for w in emulator.workers()] == ["Made from the explorer"]
        assert column(app, 1) == ["Made from the explorer"]
        assert app.session is not None
        assert app.session.state.selected == emulator.worker_ids()[0]


async def test_delete_after_a_confirmation_naming_the_worker(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    target = next(w for w in demo_emulator.workers() if w["title"] == "Weekly KPI digest")
    async with app.run_test(size=(160, 48)) as pilot:
        count = len(demo_emulator.workers())
        await listed(pilot, app, count)
        await choose(pilot, app, target["id"])
        await pilot.press("delete")
        await wait_for(pilot, lambda: bool(app.screen.query("#confirm-message")), "the question")
        assert "Weekly KPI digest" in str(app.screen.query_one("#confirm-message").content)
        await pilot.press("y")
        await wait_for(pilot, lambda: table(app).row_count == count - 1, "the row gone")
        assert target["id"] not in demo_emulator.worker_ids()


async def test_regenerate_the_token_shows_it_once(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    target = next(w for w in demo_emulator.workers() if w["title"] == "Support ticket triage")
    headers = {"Authorization": f"Bearer {demo_emulator.api_key}"}
    async with httpx.AsyncClient(base_url=demo_emulator.base_url, headers=headers) as http:
        path = f"/api/workers/{target['id']}/webhook"
        before = (await http.get(path)).json()["token"]
        async with app.run_test(size=(160, 48)) as pilot:
            await listed(pilot, app, len(demo_emulator.workers()))
            await choose(pilot, app, target["id"])
            await pilot.press("T")
            await wait_for(pilot, lambda: bool(app.screen.query("#confirm")), "the question")
            await pilot.press("y")
            await wait_for(pilot, lambda: bool(app.screen.query("#secret-value")), "the token")
            after = (await http.get(path)).json()["token"]
            assert after != before
            assert after in str(app.screen.query_one("#secret-value").content)
            assert not any(after in note for note in notes(app))


async def test_run_now_follows_the_run_live(emulator: EmulatorServer) -> None:
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=AUTH) as http:
        worker = (await http.post("/api/workers", json={"title": "Run me"})).json()
    app = make_app(emulator, [worker["id"]], templates=[worker])
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, 1)
        await choose(pilot, app, worker["id"])
        await pilot.press("R")
        await wait_for(pilot, lambda: bool(app.screen.query("#input")), "the run form")
        app.screen.query_one("#input", TextArea).text = "Check the status page"
        await pilot.press("ctrl+s")
        seen: list[str] = []

        def finished() -> bool:
            status = column(app, 0)[0]
            if not seen or seen[-1] != status:
                seen.append(status)
            return status == "✔ completed" and len(seen) > 1

        await wait_for(pilot, finished, "the run to go by", limit=30)
        assert "▶ running" in seen or "◌ pending" in seen


# -- copy ---------------------------------------------------------------------------------


async def test_copy_uses_pyperclip_locally(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=AUTH) as http:
        worker = (await http.post("/api/workers", json={"title": "Mail me"})).json()
        email = (await http.get(f"/api/workers/{worker['id']}/email")).json()["email"]
    app = make_app(emulator, [worker["id"]], templates=[worker])
    async with app.run_test(size=(120, 40)) as pilot:
        await listed(pilot, app, 1)
        await choose(pilot, app, worker["id"])
        await pilot.press("y")
        await wait_for(pilot, lambda: copied == [email], "the email copied")
        await wait_for(
            pilot,
            lambda: any("pyperclip" in n or "clipboard" in n for n in notes(app)),
            "the route told",
        )


async def test_copy_falls_back_to_osc52_then_to_showing_the_value(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_text: str) -> None:
        raise pyperclip.PyperclipException("no clipboard mechanism")

    monkeypatch.setattr(pyperclip, "copy", broken)
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=AUTH) as http:
        worker = (await http.post("/api/workers", json={"title": "Copy my id"})).json()
    app = make_app(emulator, [worker["id"]], templates=[worker])
    written: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await listed(pilot, app, 1)
        await choose(pilot, app, worker["id"])
        driver = app._driver
        assert driver is not None
        monkeypatch.setattr(driver, "write", written.append)
        await pilot.press("i")
        encoded = base64.b64encode(worker["id"].encode()).decode()
        await wait_for(pilot, lambda: any(encoded in w for w in written), "an OSC 52 write")
        assert any(w.startswith("\x1b]52;c;") for w in written)
        # OSC 52 is never confirmed: the value is shown whole, the dialog naming the route.
        await wait_for(pilot, lambda: bool(app.screen.query("#copy-value")), "the value shown")
        assert "OSC 52" in str(app.screen.query_one("#copy-reason").render())
        await pilot.press("escape")

        def no_terminal(_seq: str) -> None:
            raise OSError("terminal gone")

        monkeypatch.setattr(app.main_screen, "_osc52", no_terminal)  # the terminal route fails
        await pilot.press("i")
        await wait_for(pilot, lambda: bool(app.screen.query("#copy-value")), "the value shown")
        assert worker["id"] in str(app.screen.query_one("#copy-value").render())
        assert "Could not copy" in str(app.screen.query_one("#copy-reason").render())


async def test_cancel_a_schedule_and_remove_the_webhook(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    target = next(w for w in demo_emulator.workers() if w["title"] == "Support ticket triage")
    wid = target["id"]
    headers = {"Authorization": f"Bearer {demo_emulator.api_key}"}
    async with httpx.AsyncClient(base_url=demo_emulator.base_url, headers=headers) as http:
        before = (await http.get(f"/api/workers/{wid}/schedules")).json()["schedules"]
        assert before
        async with app.run_test(size=(160, 48)) as pilot:
            await listed(pilot, app, len(demo_emulator.workers()))
            await choose(pilot, app, wid)
            await wait_for(pilot, lambda: table(app, "#schedule-table").row_count > 0, "rows")
            await pilot.press("C")
            await wait_for(pilot, lambda: bool(app.screen.query("#confirm")), "the question")
            await pilot.press("y")
            await wait_for(
                pilot,
                lambda: table(app, "#schedule-table").row_count == len(before) - 1,
                "the schedule gone from the pane",
            )
            after = (await http.get(f"/api/workers/{wid}/schedules")).json()["schedules"]
            assert len(after) == len(before) - 1

            await pilot.press("W")
            await wait_for(pilot, lambda: bool(app.screen.query("#confirm")), "the question")
            await pilot.press("y")
            hook = app.main_screen.query_one("#webhook-info")
            await wait_for(pilot, lambda: "No webhook" in str(hook.content), "no webhook")
            assert (await http.get(f"/api/workers/{wid}/webhook")).json() == {
                "token": None,
                "url": None,
            }


async def test_copying_the_token_never_echoes_it(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = demo_app(demo_emulator)
    target = next(w for w in demo_emulator.workers() if w["title"] == "Support ticket triage")
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, len(demo_emulator.workers()))
        await choose(pilot, app, target["id"])
        hook = app.main_screen.query_one("#webhook-info")
        await wait_for(pilot, lambda: "Token" in str(hook.content), "the webhook")
        await pilot.press("Y")
        await wait_for(pilot, lambda: len(copied) == 1, "the token copied")
        token = copied[0]
        assert token.startswith("whk_")
        assert not any(token in note for note in notes(app))
        assert token not in str(hook.content)  # still masked on screen


async def test_keys_typed_just_before_save_are_saved(emulator: EmulatorServer) -> None:
    """Typeahead (a burst over a slow SSH link): ctrl+s must not overtake the typing."""
    app = make_app(emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        await pilot.press("n")
        await wait_for(pilot, lambda: bool(app.screen.query("#title")), "the worker form")
        app.screen.query_one("#title", Input).focus()
        await pilot.pause()
        for key in [*"Burst typed", "ctrl+s"]:
            app.simulate_key(key)  # all queued at once, no waiting in between
        await wait_for(pilot, lambda: bool(emulator.workers()), "the worker created")
        assert [w["title"] for w in emulator.workers()] == ["Burst typed"]


async def test_editing_a_worker_known_only_by_id(emulator: EmulatorServer) -> None:
    """No title is known for a worker tracked by id: leaving it blank must not block edits."""
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=AUTH) as http:
        worker = (await http.post("/api/workers", json={"title": "Known elsewhere"})).json()
    app = make_app(emulator, [worker["id"]])  # tracked by id: no template cached
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, 1)
        await choose(pilot, app, worker["id"])
        await pilot.press("e")
        await wait_for(pilot, lambda: bool(app.screen.query("#summary")), "the edit form")
        assert app.screen.query_one("#title", Input).value == ""
        app.screen.query_one("#summary", Input).value = "Now with a summary"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is app.main_screen, "the form closed")
        [after] = emulator.workers()
        assert after["title"] == "Known elsewhere"  # untouched
        assert after["summary"] == "Now with a summary"


async def test_copy_the_dashboard_url_and_the_row_ids(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = demo_app(demo_emulator)
    target = next(w for w in demo_emulator.workers() if w["title"] == "Support ticket triage")
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, len(demo_emulator.workers()))
        await choose(pilot, app, target["id"])
        await wait_for(pilot, lambda: table(app, "#schedule-table").row_count > 0, "schedules")
        await wait_for(pilot, lambda: table(app, "#executions").row_count > 0, "deliveries")
        await pilot.press("U")
        await wait_for(pilot, lambda: len(copied) == 1, "the URL copied")
        assert copied[0] == target["template"]["url"]
        await pilot.press("3", "I")  # schedules pane: the schedule under the cursor
        await wait_for(pilot, lambda: len(copied) == 2, "the schedule id copied")
        assert copied[1] == table(app, "#schedule-table").cursor_key
        await pilot.press("4", "I")  # webhook pane: the delivery under the cursor
        await wait_for(pilot, lambda: len(copied) == 3, "the delivery id copied")
        assert copied[2] == table(app, "#executions").cursor_key
        assert copied[2].startswith("whe_") and copied[1].startswith("sch_")

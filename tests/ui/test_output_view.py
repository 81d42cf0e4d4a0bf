"""The full-screen output view (`o`): the run behind it, search, copy all, raw JSON, size."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pyperclip
import pytest
from textual.widgets import Markdown, Static
from textual.widgets.markdown import MarkdownBlock

from handinger_tui.core.run_facts import task_candidates
from handinger_tui.core.safe_text import ESC_SYMBOL
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.detail.output_view import OutputViewScreen, SearchableText
from handinger_tui.ui.kit.copy_value import CopyValueScreen
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import make_app, rendered, wait_for

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}
OUTER = ("TMUX", "TMUX_PANE", "STY", "SSH_TTY", "SSH_CONNECTION", "SSH_CLIENT")


def ran(
    server: EmulatorServer, title: str, output: str, task_id: str, text: str, wid: str = ""
) -> dict[str, Any]:
    """A worker (new, or `wid` again) whose run `task_id` (input `text`, by the API)
    answered `output`."""
    with httpx.Client(base_url=server.base_url, headers=AUTH, timeout=30) as http:
        worker: dict[str, Any] = (
            {"id": wid, "title": title}
            if wid
            else http.post("/api/workers", json={"title": title}).json()
        )
        body = {"workerId": worker["id"], "input": text, "taskId": task_id}
        task = http.post("/api/tasks", json=body)
        assert task.status_code == 200, task.text
    turn_id = server.store.tasks[task_id].turn_ids[-1]
    server.store.turns[turn_id].answer = output
    server.advance_clock(120)  # the run completes
    return worker


def hooked(server: EmulatorServer, wid: str) -> None:
    """Give the worker a webhook that answers 200 (its runs are then delivered)."""
    with httpx.Client(base_url=server.base_url, headers=AUTH, timeout=30) as http:
        hook = http.put(f"/api/workers/{wid}/webhook", json={"url": server.sink_url("ok")})
        assert hook.status_code == 200, hook.text


def app_for(server: EmulatorServer, worker: dict[str, Any]) -> HandingerApp:
    """The app tracking `worker`, knowing its title like a worker created here."""
    return make_app(server, [worker["id"]], templates=[worker])


async def opened(pilot: Any, app: HandingerApp, worker_id: str, output: str) -> OutputViewScreen:
    """Select the worker, wait for its output, press `o`."""
    await wait_for(pilot, lambda: app.session is not None, "the session")
    app.main_screen.select_worker(worker_id)
    assert app.session is not None
    state = app.session.state

    def loaded() -> bool:
        worker = state.worker(worker_id)
        return state.selected == worker_id and worker is not None and worker.output_text == output

    await wait_for(pilot, loaded, "the output")
    await pilot.press("o")
    await wait_for(pilot, lambda: isinstance(app.screen, OutputViewScreen), "the output view")
    assert isinstance(app.screen, OutputViewScreen)
    return app.screen


def facts(view: OutputViewScreen) -> str:
    return rendered(view.query_one("#ov-facts", Static).content)


def mode(view: OutputViewScreen) -> str:
    return str(view.query_one("#ov-mode", Static).content)


async def test_run_started_here_shows_trigger_task_input_credits_duration(
    emulator: EmulatorServer,
) -> None:
    """A run started here (its task id in `started_tasks`): every fact of it is shown."""
    worker = ran(
        emulator, "Hero audit", "# Audit\n\nAll good.\n", "tsk_outview_1", "Audit the hero"
    )
    wid = worker["id"]
    app = app_for(emulator, worker)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        assert app.session is not None
        app.session.state.started_tasks["tsk_outview_1"] = wid  # as Operations.run_task keeps it
        view = await opened(pilot, app, wid, "# Audit\n\nAll good.\n")
        await wait_for(pilot, lambda: "tsk_outview_1" in facts(view), "the task looked up")
        shown = facts(view)
        state = app.session.state.worker(wid)
        assert state is not None and state.usage is not None
        assert state.usage.credits is not None and state.usage.duration_ms is not None
        assert "Trigger  api" in shown
        assert "Input  Audit the hero" in shown
        assert "Run status  completed" in shown
        assert f"Credits  {int(state.usage.credits)}" in shown
        assert "Duration  unknown" not in shown and "Title  unknown" not in shown
        assert "Worker  Hero audit" in shown


async def test_nothing_known_of_the_run_says_unknown(emulator: EmulatorServer) -> None:
    """No task known (no run here, no delivery): trigger, task and input say "unknown"."""
    worker = ran(emulator, "Elsewhere", "Done.\n", "tsk_outview_2", "Secret plan")
    wid = worker["id"]
    app = app_for(emulator, worker)
    async with app.run_test(size=(140, 40)) as pilot:
        view = await opened(pilot, app, wid, "Done.\n")
        shown = facts(view)
        for label in ("Trigger", "Task", "Title", "Input"):
            assert f"{label}  unknown" in shown
        assert "Secret plan" not in shown and "tsk_outview_2" not in shown


async def test_search_moves_between_matches(emulator: EmulatorServer) -> None:
    """`/` finds every match; n and N move (and wrap); the match's block is marked."""
    output = "# Top\n\nalpha NEEDLE one\n\nbeta\n\n- gamma needle two\n\ndelta Needle three\n"
    worker = ran(emulator, "Search", output, "tsk_outview_3", "go")
    wid = worker["id"]
    app = app_for(emulator, worker)
    async with app.run_test(size=(140, 40)) as pilot:
        view = await opened(pilot, app, wid, output)
        assert view.markdown and "Markdown" in mode(view)
        await pilot.press("slash", *"needle", "enter")
        assert "1 of 3" in mode(view)

        def hit() -> str:
            [block] = [b for b in view.query(MarkdownBlock) if b.has_class("-search-hit")]
            return rendered(block.content)

        assert "one" in hit()
        await pilot.press("n")
        assert "2 of 3" in mode(view) and "two" in hit()
        await pilot.press("n", "n")
        assert "1 of 3" in mode(view) and "one" in hit()  # wrapped
        await pilot.press("N")
        assert "3 of 3" in mode(view) and "three" in hit()
        await pilot.press("slash", *"absent", "enter")
        assert "no match" in mode(view)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen, "the view closed")


async def test_copy_all_copies_the_whole_output(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`c` sends the whole output by the explorer's copy route (here OSC 52), not its head."""
    for name in OUTER:
        monkeypatch.delenv(name, raising=False)

    def broken(_text: str) -> None:
        raise pyperclip.PyperclipException("could not find a copy/paste mechanism")

    monkeypatch.setattr(pyperclip, "copy", broken)
    output = "".join(f"Line {i}: the figures for region {i}.\n" for i in range(400))
    worker = ran(emulator, "Copy", output, "tsk_outview_4", "go")
    wid = worker["id"]
    app = app_for(emulator, worker)
    written: list[str] = []
    async with app.run_test(size=(140, 40)) as pilot:
        view = await opened(pilot, app, wid, output)
        assert not view.markdown  # 400 lines: over the head, plain text
        driver = app._driver
        assert driver is not None
        monkeypatch.setattr(driver, "write", written.append)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CopyValueScreen), "the copy told")
        [sequence] = [w for w in written if w.startswith("\x1b]52;c;")]
        assert base64.b64decode(sequence[7:-1]).decode() == output


async def test_json_view_shows_the_worker_state(emulator: EmulatorServer) -> None:
    """`J` shows the worker's state as JSON with its wire keys; `J` again the output."""
    worker = ran(emulator, "Json", "Short.\n", "tsk_outview_5", "go")
    wid = worker["id"]
    app = app_for(emulator, worker)
    async with app.run_test(size=(140, 40)) as pilot:
        view = await opened(pilot, app, wid, "Short.\n")
        await pilot.press("J")
        json_view = view.query_one("#ov-json", SearchableText)
        assert json_view.display and "JSON" in mode(view)
        text = "\n".join(json_view.lines)
        for key in ('"id": "' + wid, '"output_text": "Short.\\n"', '"status"', '"usage"'):
            assert key in text
        assert not view.query_one("#ov-markdown").display
        await pilot.press("J")
        assert not json_view.display and view.query_one("#ov-markdown").display


async def test_a_search_carries_over_to_the_json_and_scrolls_to_it(
    emulator: EmulatorServer,
) -> None:
    """No "durationMs" in the output; `J` searches the JSON again and shows the match."""
    worker = ran(emulator, "Json", "Short.\n", "tsk_outview_11", "go")
    app = app_for(emulator, worker)
    async with app.run_test(size=(100, 24)) as pilot:
        view = await opened(pilot, app, worker["id"], "Short.\n")
        await pilot.press("slash", *"durationMs", "enter")
        assert "no match" in mode(view)
        await pilot.press("J")
        await wait_for(pilot, lambda: "“durationMs” 1 of 1" in mode(view), "the JSON searched")
        json_view = view.query_one("#ov-json", SearchableText)
        [line] = [i for i, text in enumerate(json_view.lines) if '"durationMs"' in text]
        top = json_view.scroll_offset.y
        assert line >= json_view.size.height  # below the first screen: it had to scroll
        assert top <= line < top + json_view.size.height


HOSTILE = "[bold red]red[/] [@click=app.quit]quit[/] \x1b[2Jclear \x1b]52;c;aGk=\x07 \u202eevil\n"


async def test_hostile_output_shows_literally(emulator: EmulatorServer) -> None:
    """Markup shows as typed, escapes as ␛ and never reach the screen, in output and JSON."""
    worker = ran(emulator, "[b]Hostile[/b] \x1b[31m", HOSTILE, "tsk_outview_6", "go")
    wid = worker["id"]
    app = app_for(emulator, worker)
    async with app.run_test(size=(160, 40)) as pilot:
        view = await opened(pilot, app, wid, HOSTILE)
        screen = app.export_screenshot()
        assert "\x1b" not in screen and "\u202e" not in screen
        assert f"Worker  [b]Hostile[/b] {ESC_SYMBOL}[31m" in facts(view)
        body = "".join(rendered(b.content) for b in view.query(MarkdownBlock))
        assert "[bold red]red[/]" in body and "[@click=app.quit]quit[/]" in body
        assert f"{ESC_SYMBOL}[2Jclear" in body and "\x1b" not in body
        await pilot.press("J")
        lines = "\n".join(view.query_one("#ov-json", SearchableText).lines)
        assert "[@click=app.quit]" in lines and "\x1b" not in lines and "\u202e" not in lines
        await pilot.press("slash", *"[@click", "enter")
        assert "“[@click” 1 of " in mode(view)  # output_text, output[].content, messages
        assert app.screen is view  # no action ran


async def test_five_mb_output_opens_as_plain_text_with_search(emulator: EmulatorServer) -> None:
    """5 MB: no Markdown at all, the mode line says why, every line is there, search works."""
    paragraph = "Finding: the figures moved a little this week, see the table.\n\n"
    tail = "THE END marker \x1b]52;c;ZXZpbA==\x07 \x1b[2J\x9b31m\u202e end\n"
    output = paragraph * (5 * 1024 * 1024 // len(paragraph)) + tail
    worker = ran(emulator, "Big", output, "tsk_outview_7", "go")
    wid = worker["id"]
    app = app_for(emulator, worker)
    async with app.run_test(size=(140, 40)) as pilot:
        view = await opened(pilot, app, wid, output)
        assert not view.markdown and not view.query(Markdown)
        assert "Plain text" in mode(view) and "5.0 MB" in mode(view)
        plain = view.query_one("#ov-plain", SearchableText)
        assert len(plain.lines) == output.count("\n") + 1
        assert plain.lines[-2] == "THE END marker \u241b]52;c;ZXZpbA== \u241b[2J31m end"
        await pilot.press("slash", *"the end marker", "enter")
        assert "1 of 1" in mode(view)
        top = plain.scroll_offset.y
        assert top <= len(plain.lines) - 2 < top + plain.size.height  # the match is on screen


async def test_the_task_of_the_latest_delivery_is_looked_up(emulator: EmulatorServer) -> None:
    """No run started here: the latest webhook delivery names the task; it is shown."""
    worker = ran(emulator, "Hooked", "Ok.\n", "tsk_outview_8", "first")
    wid = worker["id"]
    hooked(emulator, wid)
    ran(emulator, "Hooked", "Second answer.\n", "tsk_outview_9", "second", wid)
    app = app_for(emulator, worker)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        assert app.session is not None
        state = app.session.state
        app.main_screen.select_worker(wid)
        await wait_for(pilot, lambda: bool(task_candidates(state, wid)), "the deliveries")
        view = await opened(pilot, app, wid, "Second answer.\n")
        await wait_for(pilot, lambda: "tsk_outview_9" in facts(view), "the task")
        assert "Input  second" in facts(view) and "Trigger  api" in facts(view)


async def test_a_failed_lookup_is_said_and_the_task_stays_unknown(
    emulator: EmulatorServer,
) -> None:
    worker = ran(emulator, "Lost", "Ok.\n", "tsk_outview_10", "go")
    wid = worker["id"]
    app = app_for(emulator, worker)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        assert app.session is not None
        app.session.state.started_tasks["tsk_missing"] = wid
        view = await opened(pilot, app, wid, "Ok.\n")
        await wait_for(pilot, lambda: "failed" in facts(view), "the lookup to fail")
        assert "looking up task tsk_missing failed" in facts(view)
        assert "Task  unknown" in facts(view) and "Trigger  unknown" in facts(view)


async def test_a_failed_run_without_output_still_opens_with_its_state(
    emulator: EmulatorServer,
) -> None:
    """A run by email that ended in error before any output: `o` opens, says there is no
    output, tells the run (email, error), and `J` shows the worker's error."""
    worker = ran(emulator, "Failing", "Ok.\n", "tsk_outview_12", "go")
    started = emulator.trigger(worker["id"], "email", "From the inbox")
    emulator.end_task(started["taskId"], "error", "Model overloaded")
    app = app_for(emulator, worker)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        assert app.session is not None
        state = app.session.state
        state.started_tasks[started["taskId"]] = worker["id"]
        app.main_screen.select_worker(worker["id"])

        def failed() -> bool:
            loaded = state.worker(worker["id"])
            return loaded is not None and loaded.error is not None and not loaded.output_text

        await wait_for(pilot, failed, "the failed run")
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, OutputViewScreen), "the view")
        view = app.screen
        assert isinstance(view, OutputViewScreen)
        assert mode(view).startswith("No output")
        await wait_for(pilot, lambda: "Trigger  email" in facts(view), "the task")
        assert "Run status  error" in facts(view) and "Input  From the inbox" in facts(view)
        await pilot.press("J")
        lines = "\n".join(view.query_one("#ov-json", SearchableText).lines)
        assert '"message": "Model overloaded"' in lines

"""Hostile server text renders literally, triggers nothing and crashes nothing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from textual.widgets import Markdown, Static

from handinger_tui.core.state import Key, Kind
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.detail.pane import WorkerDetail
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import cells, column, make_app, rendered, table, wait_for

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}
# Markup that runs an action when clicked, an unbalanced closing tag, a screen clear,
# an OSC 52 clipboard write, an OSC 8 hyperlink and an 8-bit CSI.
HOSTILE = (
    "[@click=app.quit]CLICK[/] [/bold] [b]x "
    "\x1b[2J\x1b]52;c;ZXZpbA==\x07 \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ \x9b31m"
)


class _HostileReceiver(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        body = HOSTILE.encode()
        self.send_response(500)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hostile_receiver() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HostileReceiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


def _literal(text: str) -> None:
    """Markup shows as typed; no escape byte survives."""
    assert "[@click=app.quit]CLICK[/]" in text
    assert "[/bold]" in text
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text


async def test_hostile_text_everywhere_renders_literally(
    emulator: EmulatorServer, hostile_receiver: str
) -> None:
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=AUTH, timeout=30) as http:
        worker = (await http.post("/api/workers", json={"title": HOSTILE})).json()
        wid = worker["id"]
        response = await http.post(
            f"/api/workers/{wid}/schedules",
            json={"input": HOSTILE, "when": {"type": "delayed", "delayInSeconds": 3600}},
        )
        assert response.status_code == 200, response.text
        await http.put(f"/api/workers/{wid}/webhook", json={"url": hostile_receiver})
        assert (await http.post("/api/tasks", json={"workerId": wid, "input": HOSTILE})).is_success

    app = make_app(emulator, [wid], templates=[worker])
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        assert app.session is not None
        state = app.session.state
        await wait_for(
            pilot,
            lambda: bool(column(app, 4, "#executions")) and bool(column(app, 5, "#schedule-table")),
            "the schedule and the failed delivery",
        )
        await wait_for(
            pilot,
            lambda: (
                state.value(Key(Kind.WORKER, wid)) is not None
                and "CLICK" in (app.main_screen.query_one(WorkerDetail)._output or "")
            ),
            "the output",
        )
        await pilot.pause(0.3)

        title_cell = cells(app, wid)[1]
        assert title_cell.startswith("[@click=app.quit]CLICK[/]")
        fields = rendered(app.main_screen.query_one("#detail-fields", Static).content, 400)
        assert "[@click=app.quit]CLICK[/]" in fields and "\x1b" not in fields
        _literal(column(app, 5, "#schedule-table")[0])
        _literal(column(app, 5, "#executions")[0])  # the receiver's body, in the error message
        _literal(app.main_screen.query_one("#detail-output", Markdown).source)

        # Clicking the title and the error cell runs no action: the app is still here.
        await pilot.click("#worker-table", offset=(16, 1))
        await pilot.click("#executions", offset=(60, 1))
        await pilot.pause(0.2)
        assert app.is_running
        assert table(app).row_count == 1

        svg = app.export_screenshot()
        assert "\x1b" not in svg and "\x9b" not in svg
        assert "␛[2J" in svg or "␛[2J" in svg.replace("&#160;", " ")

"""``--log FILE`` after a real session: requests and state changes are there, secrets are not."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from handinger_tui.core.log_file import open_log
from handinger_tui.core.registry import Registry
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp, Launch
from handinger_tui.ui.kit.dialogs import SecretScreen
from tests.support.pilot import FAST, settings_on, static_text, wait_for


@pytest.fixture
def chatty_http() -> Iterator[None]:
    """httpx and httpcore at DEBUG, as another tool in the process might set them."""
    loggers = [logging.getLogger(name) for name in ("httpx", "httpcore")]
    before = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    yield
    for logger, level in zip(loggers, before, strict=True):
        logger.setLevel(level)


async def test_a_session_log_holds_requests_and_changes_but_no_secret(
    emulator: EmulatorServer, tmp_path: Path, chatty_http: None
) -> None:
    auth = {"Authorization": f"Bearer {emulator.api_key}"}
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=auth) as http:
        worker = (await http.post("/api/workers", json={"title": "Logged"})).json()
        hook_path = f"/api/workers/{worker['id']}/webhook"
        first = (await http.put(hook_path, json={"url": "https://hooks.example/x"})).json()
    path = tmp_path / "session.log"
    log_file = open_log(path, secrets=[emulator.api_key])
    app = HandingerApp(
        Launch(
            settings=settings_on(emulator),
            workers=(worker["id"],),
            registry_factory=Registry.in_memory,
            cadence=FAST,
        )
    )
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await wait_for(pilot, lambda: "Token" in static_text(app, "#webhook-info"), "hook")
            await pilot.press("t")  # reveal the token
            await wait_for(
                pilot, lambda: first["token"] in static_text(app, "#webhook-info"), "revealed"
            )
            await pilot.press("T")  # regenerate it: asks first, then shows the new one once
            await pilot.press("y")
            await wait_for(pilot, lambda: isinstance(app.screen, SecretScreen), "the new token")
            await pilot.press("escape")
            emulator.set_faults(errorRate=1.0, errorStatus=401)
            assert app.session is not None
            conn = app.session.state.connection
            app.session.coordinator.refresh_now()
            await wait_for(pilot, lambda: conn.halted, "the refused key")
            await wait_for(pilot, lambda: "key refused" in path.read_text(), "logged")
            emulator.clear_faults()
    finally:
        log_file.close()
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=auth) as http:
        second = (await http.get(hook_path)).json()
    text = path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert f"GET /api/workers/{worker['id']} -> 200 in" in text  # each request, with its time
    assert f"POST {hook_path}/regenerate-token -> 200 in" in text
    assert "-> 401 in" in text and "connection: key refused" in text
    for secret in (emulator.api_key, first["token"], second["token"]):
        assert secret not in text
    assert "Bearer" not in text and "authorization" not in text.lower()

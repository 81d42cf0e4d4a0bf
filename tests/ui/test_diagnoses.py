"""The status line names a base URL mistake as the likely cause, and how long a request waits."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from handinger_tui.core.registry import Registry
from handinger_tui.core.settings import ApiKey, Settings
from handinger_tui.core.state import Connection, Key, Kind, Trouble
from handinger_tui.demo import DEMO_INSTANT
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp, Launch
from handinger_tui.ui.kit.status_line import status_text
from tests.support.clock import FrozenClock
from tests.support.pilot import FAST, status_line, wait_for
from tests.support.servers import not_found, tls_server


def app_on(server: EmulatorServer, base_url: str, clock: FrozenClock | None = None) -> HandingerApp:
    launch = Launch(
        settings=Settings(base_url=base_url, api_key=ApiKey(server.api_key)),
        workers=tuple(server.worker_ids()),
        registry_factory=Registry.in_memory,
        cadence=FAST,
        clock=clock,
    )
    return HandingerApp(launch)


async def test_a_base_url_ending_in_api_is_named_as_the_cause(
    demo_emulator: EmulatorServer,
) -> None:
    app = app_on(demo_emulator, demo_emulator.base_url + "/api")
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: "ends in /api" in status_line(app), "the /api diagnosis")
        line = status_line(app)
        assert "connecting" not in line
        assert f"use --base-url {demo_emulator.base_url}" in line
        assert "not found" in line  # what the operator sees on every worker, explained

        def told() -> bool:
            return any("ends in /api" in str(n.message) for n in app._notifications)

        await wait_for(pilot, told, "a toast with the fix")


async def test_https_to_a_plain_http_server_says_so(demo_emulator: EmulatorServer) -> None:
    https = demo_emulator.base_url.replace("http://", "https://")
    app = app_on(demo_emulator, https)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: "speaks plain http" in status_line(app), "the TLS diagnosis")
        assert f"use --base-url {demo_emulator.base_url}" in status_line(app)


async def test_http_to_an_https_server_says_so_once_a_handshake_proves_it(
    demo_emulator: EmulatorServer, tmp_path: Path
) -> None:
    with tls_server(tmp_path, not_found) as (url, _cert):
        plain = url.replace("https://", "http://")
        app = app_on(demo_emulator, plain)
        async with app.run_test(size=(160, 40)) as pilot:
            await wait_for(pilot, lambda: "speaks https (TLS)" in status_line(app), "the diagnosis")
            assert f"use --base-url {url}" in status_line(app)


def test_a_dropped_http_connection_alone_is_not_blamed_on_tls() -> None:
    conn = Connection(ok=False, problem="unreachable", trouble=Trouble.UNREACHABLE)
    conn.last_error = "unreachable: the connection broke before a full answer arrived"
    conn.last_error_at = DEMO_INSTANT
    url = "http://127.0.0.1:9"
    assert "speaks https" not in status_text(url, conn, 0, DEMO_INSTANT).plain
    assert "speaks https" in status_text(url, conn, 0, DEMO_INSTANT, tls_proved=True).plain


async def test_a_request_that_has_not_answered_shows_its_elapsed_time(
    demo_emulator: EmulatorServer,
) -> None:
    clock = FrozenClock(DEMO_INSTANT)
    demo_emulator.set_faults(latencyMs=600_000)  # no answer while the test runs
    app = app_on(demo_emulator, demo_emulator.base_url, clock)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        assert app.session is not None
        conn = app.session.state.connection
        await wait_for(pilot, lambda: bool(conn.waiting), "a request sent")
        assert "waiting" not in status_line(app)  # a fresh request is not news
        clock.advance(12)
        await wait_for(pilot, lambda: "waiting 12s for worker of" in status_line(app), "the wait")
        demo_emulator.clear_faults()


def test_the_oldest_wait_is_shown_and_answered_ones_are_not() -> None:
    conn = Connection(ok=True)
    conn.waiting[Key(Kind.SCHEDULES, "w_new")] = DEMO_INSTANT - timedelta(seconds=3)
    conn.waiting[Key(Kind.WORKER, "w_old")] = DEMO_INSTANT - timedelta(seconds=95)
    line = status_text("here", conn, 2, DEMO_INSTANT).plain
    assert "waiting 1m 35s for worker of w_old" in line
    conn.waiting.clear()
    assert "waiting" not in status_text("here", conn, 0, DEMO_INSTANT).plain


def test_a_plain_http_tls_error_on_an_http_url_is_not_blamed_on_https() -> None:
    conn = Connection(ok=False, problem="unreachable", trouble=Trouble.UNREACHABLE)
    conn.last_error = "unreachable: could not connect ([SSL: WRONG_VERSION_NUMBER])"
    conn.last_error_at = DEMO_INSTANT
    assert "speaks plain http" in status_text("https://h.example", conn, 0, DEMO_INSTANT).plain
    assert "speaks plain http" not in status_text("http://h.local", conn, 0, DEMO_INSTANT).plain


def test_an_api_suffix_is_not_blamed_once_the_service_answers() -> None:
    """A proxy that really serves the API under /api/api works: no false alarm then."""
    assert "ends in /api" in status_text("https://p.example/api", Connection(), 0, DEMO_INSTANT)
    ok = Connection(ok=True)
    assert "ends in /api" not in status_text("https://p.example/api", ok, 0, DEMO_INSTANT).plain

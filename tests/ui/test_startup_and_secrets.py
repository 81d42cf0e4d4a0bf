"""Start-up warnings and tracked-file trouble are said on screen; secrets do not linger.

Issue 7 (secrets and start-up messages): stderr is hidden behind the full-screen UI, a
revealed webhook token hides itself again, and the palette's screenshot never holds one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.command import CommandList
from textual.widgets import Input, Static

from handinger_tui.api.models import Webhook
from handinger_tui.core.registry import Registry, registry_file_name
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp, Launch
from handinger_tui.ui.kit import quiet
from handinger_tui.ui.webhook.pane import WebhookPanel
from tests.support.pilot import FAST, demo_app, notes, settings_on, static_text, table, wait_for

WARNING = "Unknown setting api.colour in /home/op/config.toml was ignored"


async def said(pilot: Any, app: HandingerApp, part: str) -> str:
    """The notification holding `part`, once it has been shown."""
    await wait_for(pilot, lambda: any(part in n for n in notes(app)), repr(part))
    return next(n for n in notes(app) if part in n)


def files_in(folder: Path, part: str = "") -> list[Path]:
    return sorted(p for p in folder.iterdir() if part in p.name)


def launch_on(
    server: EmulatorServer, data_dir: Path, warnings: tuple[str, ...] = (), **extra: Any
) -> HandingerApp:
    """The app with a real, persistent tracked-workers file in `data_dir`."""
    return HandingerApp(
        Launch(
            settings=settings_on(server, warnings=warnings),
            registry_factory=lambda base_url: Registry.for_base_url(base_url, data_dir),
            cadence=FAST,
            **extra,
        )
    )


async def started(pilot: Any, app: HandingerApp) -> None:
    await wait_for(pilot, lambda: app.session is not None, "the session")


async def test_start_up_warnings_are_shown_in_the_app(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    app = launch_on(emulator, tmp_path, warnings=(WARNING, "second warning"))
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        assert await said(pilot, app, WARNING) == WARNING
        assert await said(pilot, app, "second warning") == "second warning"
        status = static_text(app, "#status-line")
        assert f"⚠ {WARNING}" in status and "(+1 more)" in status


async def test_a_corrupt_tracked_file_is_reported_with_where_it_went(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / registry_file_name(emulator.base_url)
    path.write_text('{"version": 1, "workers": [')
    app = launch_on(emulator, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        message = await said(pilot, app, "unreadable")
        aside = files_in(tmp_path, ".corrupt-")
        assert len(aside) == 1
        assert str(path) in message and str(aside[0]) in message
        assert "Tracked workers file" in static_text(app, "#status-line")


async def test_an_unsaveable_tracked_file_is_reported(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the data folder should be")
    app = launch_on(emulator, blocker / "data", workers=("w_from_flag",))
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        await wait_for(pilot, lambda: table(app).row_count == 1, "the tracked row")
        message = await said(pilot, app, "Could not save tracked workers")
        assert str(blocker / "data") in message and "kept in memory only" in message


async def test_the_track_prompt_refuses_dot_ids(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        assert app.session is not None
        before = app.session.registry.ids()
        for ref in ("..", "https://handinger.com/worker/%2e%2e"):
            await pilot.press("a")
            await wait_for(pilot, lambda: bool(app.screen.query("#prompt-input")), "the prompt")
            app.screen.query_one("#prompt-input", Input).value = ref
            await pilot.press("enter")
            await wait_for(
                pilot, lambda: app.screen.query_one("#prompt-error").display, "the refusal"
            )
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is app.main_screen, "the prompt closed")
        assert app.session.registry.ids() == before


def token_shown(app: HandingerApp, token: str) -> bool:
    return token in static_text(app, "#webhook-info")


@pytest.fixture
def webhook_info_history(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the webhook info shows, in order (a short reveal is not missed)."""
    shown: list[str] = []
    real = quiet.show

    def show(widget: Static, text: Text, *, layout: bool = True) -> None:
        if widget.id == "webhook-info":
            shown.append(str(text))
        real(widget, text, layout=layout)

    monkeypatch.setattr(quiet, "show", show)
    return shown


def times_shown(history: list[str], token: str) -> int:
    return sum(token in text for text in history)


async def reveal_triage_token(
    pilot: Any, app: HandingerApp, server: EmulatorServer, history: list[str]
) -> str:
    """Select the demo worker with a webhook and reveal its token; returns the token."""
    triage = next(w for w in server.workers() if w["title"] == "Support ticket triage")
    await started(pilot, app)
    app.main_screen.select_worker(triage["id"])
    assert app.session is not None
    await wait_for(pilot, lambda: "Token" in static_text(app, "#webhook-info"), "the webhook")
    hook = app.session.state.webhook(triage["id"])
    assert isinstance(hook, Webhook) and hook.token is not None
    token = hook.token.get_secret_value()
    assert times_shown(history, token) == 0
    await pilot.press("t")
    await wait_for(pilot, lambda: times_shown(history, token) > 0, "the token revealed")
    return token


def palette_highlights(app: HandingerApp, name: str) -> bool:
    found = app.screen.query(CommandList)
    if not found or (index := found.first().highlighted) is None:
        return False
    return name in str(found.first().get_option_at_index(index).prompt)


async def test_a_revealed_token_hides_itself(
    demo_emulator: EmulatorServer,
    monkeypatch: pytest.MonkeyPatch,
    webhook_info_history: list[str],
) -> None:
    monkeypatch.setattr(WebhookPanel, "REVEAL_SECONDS", 0.5)
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        token = await reveal_triage_token(pilot, app, demo_emulator, webhook_info_history)
        await wait_for(pilot, lambda: not token_shown(app, token), "the token hidden", limit=5)
        assert app.main_screen.token_revealed is False
        revealed = times_shown(webhook_info_history, token)
        await pilot.press("t")  # one press reveals it again (the state was reset too)
        await wait_for(
            pilot,
            lambda: times_shown(webhook_info_history, token) > revealed,
            "the token revealed again",
        )


async def test_leaving_the_worker_hides_the_token(
    demo_emulator: EmulatorServer, webhook_info_history: list[str]
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        token = await reveal_triage_token(pilot, app, demo_emulator, webhook_info_history)
        assert app.session is not None and app.session.state.selected is not None
        triage = app.session.state.selected
        other = next(w["id"] for w in demo_emulator.workers() if w["id"] != triage)
        app.main_screen.select_worker(other)
        app.main_screen.select_worker(triage)
        await wait_for(pilot, lambda: "Token" in static_text(app, "#webhook-info"), "the hook")
        assert not token_shown(app, token)


async def test_the_palette_screenshot_hides_the_token_and_says_where(
    demo_emulator: EmulatorServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    webhook_info_history: list[str],
) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))  # no ~/Downloads: Textual's default folder
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    monkeypatch.chdir(work)
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        token = await reveal_triage_token(pilot, app, demo_emulator, webhook_info_history)
        assert token_shown(app, token)
        await pilot.press("ctrl+p")
        await pilot.press(*"screenshot")
        await wait_for(pilot, lambda: palette_highlights(app, "Screenshot"), "the command")
        await pilot.press("enter")
        message = await said(pilot, app, "creenshot")
        # No Downloads folder: home, never the working directory (a developer's checkout).
        saved = files_in(home, ".svg")
        assert len(saved) == 1 and message == f"Screenshot saved to {saved[0]}"
        assert not files_in(work, ".svg")
        svg = saved[0].read_text()
        assert "Support" in svg and token not in svg
        assert not token_shown(app, token)


async def test_no_screenshot_while_a_new_token_is_shown(
    demo_emulator: EmulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = demo_app(demo_emulator)
    triage = next(w for w in demo_emulator.workers() if w["title"] == "Support ticket triage")
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        app.main_screen.select_worker(triage["id"])
        await pilot.press("T")
        await wait_for(pilot, lambda: bool(app.screen.query("#confirm")), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: bool(app.screen.query("#secret-value")), "the new token")
        app.deliver_screenshot(path=str(tmp_path))  # what the palette's command calls
        message = await said(pilot, app, "creenshot")
        assert message == "No screenshot while a secret is on screen: close it first."
        assert files_in(tmp_path, ".svg") == []

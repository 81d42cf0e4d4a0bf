"""The palette shows each action's key; `:` is a command mode (track ID, theme NAME, agenda,
problems); the theme chosen is kept in the config file and used at the next start."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.agenda.screen import AgendaScreen
from handinger_tui.ui.app import HandingerApp, Launch
from handinger_tui.ui.command_mode import CommandModePalette
from handinger_tui.ui.problems.screen import ProblemsScreen
from handinger_tui.ui.workers.track_prompt import TrackPromptScreen
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import FAST, make_app, notes, settings_on, table, wait_for

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}


def launched(
    server: EmulatorServer,
    *,
    keymap: Mapping[str, str] | None = None,
    theme: str | None = None,
    config_path: Path | None = None,
) -> HandingerApp:
    return HandingerApp(
        Launch(
            settings=settings_on(
                server, keymap=dict(keymap or {}), theme=theme, config_path=config_path
            ),
            cadence=FAST,
        )
    )


def entries(app: HandingerApp) -> list[str]:
    """The plain text of every entry the open palette lists."""
    found = app.screen.query(CommandList)
    if not found:
        return []
    commands = found.first()
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


def placeholder(app: HandingerApp) -> str:
    found = app.screen.query(CommandInput)
    return found.first().placeholder if found else ""


async def command(pilot: Pilot[Any], app: HandingerApp, text: str, shown: str) -> None:
    """`:` then `text`, once the palette lists an entry holding `shown`."""
    await wait_for(pilot, lambda: app.session is not None, "the session")
    await pilot.press("colon")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandModePalette), "command mode")
    await pilot.press(*text)
    await wait_for(pilot, lambda: any(shown in e for e in entries(app)), f"{shown!r} listed")


async def test_palette_entries_show_their_keys_after_the_keymap(emulator: EmulatorServer) -> None:
    app = launched(emulator, keymap={"view.agenda": "ctrl+g"})
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"agenda")
        await wait_for(pilot, lambda: any("Agenda:" in e for e in entries(app)), "Agenda")
        agenda = next(e for e in entries(app) if e.startswith("Agenda:"))
        assert agenda.splitlines()[0].endswith(" ^g "), agenda  # remapped: not "A"
        assert agenda.splitlines()[1] == "view.agenda"
        app.screen.query_one(CommandInput).value = "filter the worker"
        await wait_for(pilot, lambda: any("Filter:" in e for e in entries(app)), "Filter")
        filter_entry = next(e for e in entries(app) if e.startswith("Filter:"))
        assert filter_entry.splitlines()[0].endswith(" / ")  # the default key
        app.screen.query_one(CommandInput).value = "command mode"
        await wait_for(pilot, lambda: any("Command mode:" in e for e in entries(app)), "`:`")
        assert any(e.splitlines()[0].endswith(" : ") for e in entries(app))


async def test_colon_agenda_and_colon_problems_open_those_views(
    emulator: EmulatorServer,
) -> None:
    app = make_app(emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await command(pilot, app, "agenda", "agenda")
        assert len(entries(app)) == 1  # so one Enter runs it
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AgendaScreen), "the agenda")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen, "back")
        await command(pilot, app, "problems", "problems")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemsScreen), "the problems")


async def test_colon_track_id_tracks_through_the_track_prompt(emulator: EmulatorServer) -> None:
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=AUTH) as http:
        made = (await http.post("/api/workers", json={"title": "By command"})).json()
    app = make_app(emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await command(pilot, app, f"track {made['id']}", "Track ")
        await pilot.press("enter")
        await wait_for(pilot, lambda: table(app).row_count == 1, "the tracked row")
        assert app.session is not None
        assert app.session.registry.ids() == [made["id"]]
        assert app.session.state.selected == made["id"]
        assert f"Tracking {made['id']}" in notes(app)
        assert app.screen is app.main_screen


async def test_colon_track_of_no_worker_stays_in_the_prompt_with_the_reason(
    emulator: EmulatorServer,
) -> None:
    app = make_app(emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await command(pilot, app, "track [b]not?an-id", "Track ")
        assert "Track [b]not?an-id" in entries(app)  # typed text, not markup
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TrackPromptScreen), "the prompt")
        error = app.screen.query_one("#prompt-error")
        await wait_for(pilot, lambda: error.display, "the refusal")
        assert "Nothing to track" in str(error.render())
        assert app.screen.query_one("#prompt-input", Input).value == ("[b]not?an-id")
        assert app.session is not None and app.session.registry.ids() == []


async def test_an_unknown_command_says_so_and_keeps_the_text(emulator: EmulatorServer) -> None:
    app = make_app(emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await command(pilot, app, "frobnicate [red]x", "Unknown command")
        assert entries(app) == [
            "Unknown command 'frobnicate'. "
            "Commands: track ID, theme NAME, agenda, problems (or any action)."
        ]
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Unknown command" in n for n in notes(app)), "the note")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandModePalette), "reopened")
        assert app.screen.query_one(CommandInput).value == "frobnicate [red]x"


async def test_colon_theme_name_uses_it_and_keeps_it_in_the_config(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('# mine\n[keys]\n"worker.create" = "ctrl+n"  # kept\n')
    app = launched(emulator, config_path=config)
    async with app.run_test(size=(160, 48)) as pilot:
        assert app.theme != "nord"
        await command(pilot, app, "theme nord", "Theme nord")
        assert entries(app) == ["Theme nord"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.theme == "nord", "the theme")
        await wait_for(pilot, lambda: any("saved in" in n for n in notes(app)), "saved")
    text = config.read_text()
    assert text.startswith('# mine\n[keys]\n"worker.create" = "ctrl+n"  # kept\n')
    assert tomllib.loads(text)["ui"] == {"theme": "nord"}
    again = launched(emulator, theme="nord", config_path=config)
    async with again.run_test(size=(160, 48)) as pilot:
        assert again.theme == "nord"
        again.theme = "dracula"  # writes go in turn: a start-up write would be said first
        await wait_for(pilot, lambda: any("saved in" in n for n in notes(again)), "saved")
        assert [n for n in notes(again) if "saved in" in n] == [f"Theme dracula saved in {config}"]
    assert config.read_text() == text.replace('"nord"', '"dracula"')


async def test_colon_theme_of_an_unknown_name_lists_the_themes(emulator: EmulatorServer) -> None:
    app = make_app(emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        before = app.theme
        await command(pilot, app, "theme [b]zz9", "Unknown theme")
        (said,) = entries(app)
        assert said.startswith("Unknown theme '[b]zz9'. Themes: ") and "nord" in said
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandModePalette), "reopened")
        assert app.screen.query_one(CommandInput).value == "theme [b]zz9"
        assert app.theme == before


async def test_a_theme_chosen_with_textuals_theme_command_is_saved(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    config = tmp_path / "handinger-tui" / "config.toml"  # not there yet
    app = launched(emulator, config_path=config)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        await pilot.press("ctrl+p", *"theme")
        await wait_for(pilot, lambda: any(e.startswith("Theme\n") for e in entries(app)), "Theme")
        await pilot.press("down")
        theme = next(i for i, e in enumerate(entries(app)) if e.startswith("Theme\n"))
        app.screen.query_one(CommandList).highlighted = theme  # Textual's Theme command
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Search for themes" in placeholder(app), "the themes")
        await pilot.press(*"dracula")
        await wait_for(pilot, lambda: "dracula" in entries(app), "dracula listed")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.theme == "dracula", "the theme")
        await wait_for(pilot, lambda: config.exists(), "the config written")
    assert tomllib.loads(config.read_text()) == {"ui": {"theme": "dracula"}}


async def test_an_unknown_theme_in_the_config_warns_at_start_up(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[ui]\ntheme = "no-such-theme"\n')
    app = launched(emulator, theme="no-such-theme", config_path=config)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        assert app.theme == "textual-dark"
        warned = [n for n in notes(app) if "Unknown theme 'no-such-theme'" in n]
        assert warned and str(config) in warned[0]
    assert config.read_text() == '[ui]\ntheme = "no-such-theme"\n'  # not overwritten

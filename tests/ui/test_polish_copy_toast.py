"""A copy toast says what was copied and how in a line or two, so a dialog opened right
after it (a confirm, at 80x24) keeps its buttons in sight.

Before, the toast was the whole clipboard report (the value, the route, what tmux did with
it): eight lines at 80x24, for eight seconds, over the buttons of a dialog opened at once.
"""

from __future__ import annotations

import pyperclip
import pytest
from rich.text import Text
from textual.widgets import Button
from textual.widgets._toast import Toast

from handinger_tui.core.clipboard import CopyResult, Route
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.kit import copy_value
from handinger_tui.ui.kit.copy_value import copy_note
from tests.support.pilot import demo_app, notes, rendered, table, wait_for

# A toast is 40 cells wide at 80 columns (half the screen): its border and padding take 3.
TOAST_TEXT = 37
LONG = "competitor-price-watch-8701@in.handinger.example"
REPORT = (
    f"Copied email address ({LONG}) into tmux's paste buffer (confirmed; prefix ] pastes "
    "it); tmux passed it on to your terminal's clipboard (set-clipboard external; not "
    "confirmed: terminals never report it)."
)


def lines_at_80(note: str) -> int:
    return len(rendered(Text(note), width=TOAST_TEXT).rstrip("\n").splitlines())


@pytest.mark.parametrize("route", ["tmux", "pyperclip", "osc52"])
@pytest.mark.parametrize("label", ["email address", "webhook token", "worker JSON"])
def test_a_copy_note_is_short(route: Route, label: str) -> None:
    reach = "set-clipboard external passes it on (unconfirmed)"
    result = CopyResult(True, route, REPORT, LONG, False, True, reach if route == "tmux" else "")
    note = copy_note(result, label)
    # tmux's note also says how far the value went (on to the terminal, or stopped there).
    assert lines_at_80(note) <= (3 if route == "tmux" else 2), note
    assert label in note and LONG not in note  # what was copied, not the value again
    assert route != "tmux" or reach in note
    assert lines_at_80(REPORT) > 3  # the report it stands for was longer


def test_a_failed_copy_keeps_its_reasons() -> None:
    reasons = "Could not copy the webhook token to a clipboard (OSC 52: no terminal)."
    assert copy_note(CopyResult(False, "none", reasons, None, True, False), "x") == reasons


@pytest.mark.parametrize("route", ["pyperclip", "a long report"])
async def test_a_copy_toast_leaves_a_confirms_buttons_in_sight(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, route: str
) -> None:
    """Short notes clear the buttons; a dialog keeps toasts at its top, clear of them."""
    if route != "pyperclip":  # a note as long as the whole report (tmux's can be 3 lines)
        monkeypatch.setattr(copy_value, "copy_note", lambda result, label: REPORT)
    for name in ("TMUX", "TMUX_PANE", "STY", "SSH_TTY", "SSH_CONNECTION", "SSH_CLIENT"):
        monkeypatch.delenv(name, raising=False)
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)  # a system clipboard that works
    app = demo_app(demo_emulator)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        rows = len(demo_emulator.workers())
        await wait_for(pilot, lambda: table(app).row_count == rows, "the workers")
        await pilot.press("2", "y")
        await wait_for(pilot, lambda: any("Copied" in n for n in notes(app)), "the toast")
        await pilot.press("3")
        await wait_for(pilot, lambda: table(app, "#schedule-table").row_count > 0, "schedules")
        await pilot.press("C")
        await wait_for(pilot, lambda: bool(app.screen.query(Button)), "the confirm")
        await wait_for(pilot, lambda: bool(app.screen.query(Toast)), "the toast over it")
        await pilot.pause()
        toasts = [t.region for t in app.screen.query(Toast)]
        buttons = [b.region for b in app.screen.query(Button)]
        assert toasts and buttons
        covered = [b for b in buttons for t in toasts if t.overlaps(b)]
        assert not covered, (toasts, buttons)

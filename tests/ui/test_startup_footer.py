"""The footer recomposes once per burst of binding changes, not once per notice.

A change of pane publishes the screen's bindings three or four times (Textual's focus
watcher, its refresh after the focus, the explorer's pane switch); Textual's Footer rebuilt
all its keys for each: four recomposes per pane key and before the first frame, 10-20 ms of
CPU each. `ui/kit/footer.Footer` lets a recompose that is due show them all.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Footer as TextualFooter

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.actions import BY_ID
from tests.support.pilot import demo_app, listed, wait_for


@pytest.fixture
def recomposes(monkeypatch: pytest.MonkeyPatch) -> list[TextualFooter]:
    """Each footer recompose (Textual's own, which the explorer's Footer calls)."""
    seen: list[TextualFooter] = []
    real = TextualFooter.recompose

    async def counted(self: TextualFooter) -> None:
        seen.append(self)
        await real(self)

    monkeypatch.setattr(TextualFooter, "recompose", counted)
    return seen


def footer_actions(app: Any) -> set[str]:
    return {
        key.action.removeprefix("dispatch(").removesuffix(")").strip("'\"")
        for key in app.screen.query("FooterKey")
    } & set(BY_ID)


@pytest.mark.parametrize(("key", "pane"), [("3", "schedules"), ("4", "webhook")])
async def test_a_pane_key_recomposes_the_footer_at_most_twice(
    demo_emulator: EmulatorServer, recomposes: list[TextualFooter], key: str, pane: str
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(80, 24)) as pilot:
        await listed(pilot, app, len(demo_emulator.workers()))
        for _ in range(5):  # whatever start-up left due runs now
            await pilot.pause()
        on_the_list = footer_actions(app)
        recomposes.clear()
        await pilot.press(key)
        await wait_for(pilot, lambda: app.main_screen.active_pane == pane, f"the {pane} pane")
        for _ in range(5):  # a recompose due runs after a refresh: let every one run
            await pilot.pause()
        assert 1 <= len(recomposes) <= 2  # Textual's Footer: 4
        shown = footer_actions(app)
        assert shown and shown != on_the_list  # it shows the pane's keys, not the list's
        assert any(BY_ID[action].panes == (pane,) for action in shown)

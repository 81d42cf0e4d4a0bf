"""The schedule form says each problem once.

Before: a past date showed under the field and again in the preview below it, and the
Input field's hint said "required: ..." above the error "required: ...".
"""

from __future__ import annotations

from textual.widgets import Static

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.schedules.form import ScheduleFormScreen
from tests.support.forms import Harness, fill, harness
from tests.support.pilot import wait_for


def shown_texts(h: Harness) -> list[str]:
    """The text of every Static on the form that is on screen."""
    return [
        str(static.content)
        for static in h.app.screen.query(Static)
        if all(node.display for node in (static, *static.ancestors_with_self))
    ]


def said(h: Harness, words: str) -> int:
    return sum(words in text for text in shown_texts(h))


async def test_a_past_date_and_a_missing_input_are_each_said_once(
    emulator: EmulatorServer,
) -> None:
    async with harness(emulator) as h:
        await h.push(ScheduleFormScreen(h.ops, "t_org_1_w_X"))
        await h.pilot.click("#kind-scheduled")
        await fill(h.pilot, when="2020-01-01 09:00")
        assert said(h, "is in the past") == 1  # the preview, while typing
        await h.pilot.press("ctrl+s")
        await wait_for(h.pilot, lambda: h.shown("#when-error"), "the field's error")
        assert "is in the past" in h.field_error("when")
        assert said(h, "is in the past") == 1
        assert "required" in h.field_error("input")
        assert said(h, "required") == 1
        assert h.posts("POST /api/workers/{workerId}/schedules") == 0  # nothing was sent
        await h.pilot.click("#when")
        await h.pilot.press("end", "backspace", "5")  # 09:05, still past: said by the preview
        await wait_for(h.pilot, lambda: not h.shown("#when-error"), "the error to go")
        assert said(h, "is in the past") == 1

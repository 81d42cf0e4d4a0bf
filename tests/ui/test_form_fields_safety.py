"""Form fields against hostile text, NaN in a schema and ambiguous durations (Pilot).

Values prefilled from the server or the cache and pasted text show their control
characters as visible stand-ins and are refused at the field; nothing is sent.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, TextArea

from handinger_tui.core.drafts import draft_from_template
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.kit.dialogs import PromptScreen
from handinger_tui.ui.kit.form_base import FieldBox
from handinger_tui.ui.schedules.form import ScheduleFormScreen
from handinger_tui.ui.webhook.form import WebhookFormScreen
from handinger_tui.ui.workers.form import WorkerFormScreen
from tests.support.forms import create_worker, fill, harness
from tests.support.pilot import wait_for

HOSTILE = "\x1b]0;PWNED\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m\u202e"
SHOWN = "\u241b]0;PWNED\u2407\u241b]52;c;ZXZpbA==\u2407\u241b[2J\u241b[31m\ufffd"
RAW_BYTES = ("\x1b", "\x07", "\x9b", "\u202e")


def assert_nothing_raw(*values: str) -> None:
    for value in values:
        assert not any(ch in value for ch in RAW_BYTES), repr(value)


async def test_a_hostile_prefilled_url_is_shown_flagged_and_never_sent(
    emulator: EmulatorServer,
) -> None:
    worker = create_worker(emulator, title="Hooked")
    async with harness(emulator) as h:
        url = f"https://hooks.example.com/h{HOSTILE}"
        screen = await h.push(WebhookFormScreen(h.ops, worker["id"], url))
        value = screen.query_one("#url", Input).value
        assert value == f"https://hooks.example.com/h{SHOWN}"
        assert "control" in h.field_error("url")  # said at once, before any save
        assert_nothing_raw(h.app.export_screenshot())
        await h.pilot.press("ctrl+s")
        assert "control" in h.field_error("url")
        assert h.posts("PUT /api/workers/{workerId}/webhook") == 0
        await fill(h.pilot, url="https://hooks.example.com/h")  # fixed: the error goes
        assert not h.shown("#url-error")


async def test_pasted_control_characters_are_visible_and_refused(
    emulator: EmulatorServer,
) -> None:
    async with harness(emulator) as h:
        screen = await h.push(WorkerFormScreen(h.ops))
        title = screen.query_one("#title", Input)
        h.app.post_message(events.Paste(f"Pasted{HOSTILE}"))  # as the driver does
        await wait_for(h.pilot, lambda: title.value.startswith("Pasted"), "the paste")
        assert title.value == f"Pasted{SHOWN}"
        assert title.cursor_position == len(title.value)
        instructions = screen.query_one("#instructions", TextArea)
        instructions.focus()
        await h.pilot.pause()
        h.app.post_message(events.Paste(f"line one\r\n\tline two{HOSTILE}"))
        await wait_for(h.pilot, lambda: "line two" in instructions.text, "the second paste")
        assert instructions.text == f"line one\n\tline two{SHOWN}"
        assert_nothing_raw(title.value, instructions.text, h.app.export_screenshot())
        await h.pilot.press("ctrl+s")
        assert "\u241b" in h.field_error("title") and "control" in h.field_error("instructions")
        assert h.posts("POST /api/workers") == 0


async def test_editing_a_hostile_cached_worker_shows_it_and_sends_nothing_unnoticed(
    emulator: EmulatorServer,
) -> None:
    worker = create_worker(emulator, title=f"Evil{HOSTILE}", instructions=f"Do{HOSTILE}")
    async with harness(emulator, (worker,)) as h:
        draft = draft_from_template(h.ops.session.registry.get(worker["id"]))
        screen = await h.push(WorkerFormScreen(h.ops, worker_id=worker["id"], draft=draft))
        assert screen.query_one("#title", Input).value == f"Evil{SHOWN}"
        assert screen.query_one("#instructions", TextArea).text == f"Do{SHOWN}"
        assert_nothing_raw(h.app.export_screenshot())
        await fill(h.pilot, summary="only this changed")
        await h.pilot.press("ctrl+s")
        assert "control" in h.field_error("title") and "control" in h.field_error("instructions")
        assert h.posts("PATCH /api/workers/{workerId}") == 0


async def test_a_prompt_dialog_shows_pasted_controls(emulator: EmulatorServer) -> None:
    async with harness(emulator) as h:
        screen = await h.push(PromptScreen("Track a worker", "Worker id"))
        field = screen.query_one("#prompt-input", Input)
        h.app.post_message(events.Paste(f"w{HOSTILE}"))
        await wait_for(h.pilot, lambda: field.value.startswith("w"), "the paste")
        assert field.value == f"w{SHOWN}"


async def test_a_form_field_must_be_a_safe_one(emulator: EmulatorServer) -> None:
    async with harness(emulator):
        with pytest.raises(TypeError, match="SafeInput"):
            FieldBox("title", "Title", Input("x"))
        with pytest.raises(TypeError, match="SafeTextArea"):
            FieldBox("notes", "Notes", TextArea("x"))


async def test_output_schema_with_nan_or_infinity_is_refused_at_the_field(
    emulator: EmulatorServer,
) -> None:
    async with harness(emulator) as h:
        await h.push(WorkerFormScreen(h.ops))
        for schema, word in [
            ('{"type": "number", "maximum": NaN}', "NaN"),
            ('{"type": "number", "maximum": Infinity}', "Infinity"),
            ('{"type": "number", "maximum": 1e400}', "too large"),
        ]:
            await fill(h.pilot, output_schema=schema)
            await h.pilot.press("ctrl+s")
            assert word in h.field_error("output_schema")
        assert h.posts("POST /api/workers") == 0


async def test_durations_are_read_unambiguously(emulator: EmulatorServer) -> None:
    async with harness(emulator) as h:
        await h.push(ScheduleFormScreen(h.ops, "t_org_1_w_X"))
        await h.pilot.click("#kind-interval")
        assert "a lone number is seconds" in h.text("#when-hint")
        await fill(h.pilot, when="1h30", input="go")
        assert "give 30 a unit" in h.text("#when-preview")
        await h.pilot.press("ctrl+s")
        assert "give 30 a unit" in h.field_error("when")
        await fill(h.pilot, when="90")
        assert h.text("#when-preview").endswith("(90 read as seconds)")
        await fill(h.pilot, when="1h30m")
        assert "(" not in h.text("#when-preview")
        assert h.posts("POST /api/workers/{workerId}/schedules") == 0

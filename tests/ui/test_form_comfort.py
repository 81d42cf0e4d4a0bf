"""Issue 10, forms: errors always in view, the kind kept, no misleading placeholders, fast keys."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Static, TextArea

from handinger_tui.core.drafts import ScheduleDraft, draft_from_template
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.schedules.form import ScheduleFormScreen
from handinger_tui.ui.workers.form import WorkerFormScreen
from tests.support.forms import create_worker, harness
from tests.support.pilot import make_app, wait_for

LATER = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)  # after any date written into the code


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_saving_scrolls_to_the_field_in_error_and_shows_its_message(
    emulator: EmulatorServer, size: tuple[int, int]
) -> None:
    async with harness(emulator, size=size) as h:
        form = await h.push(WorkerFormScreen(h.ops))
        form.query_one("#output_schema", TextArea).text = "{"
        form.query_one("#title", Input).focus()  # the top of the form
        await h.pilot.pause()
        await h.pilot.press("ctrl+s")
        error = form.query_one("#output_schema-error", Static)
        body = form.query_one(".dialog-body", VerticalScroll)

        def in_view() -> bool:
            seen = error.region
            return bool(seen.height) and body.region.contains_region(seen)

        await wait_for(h.pilot, in_view, "the schema's error in view")
        assert "Fix 1 field" in h.text("#banner")
        assert h.field_error("output_schema")
        assert form.focused is form.query_one("#output_schema", TextArea)
        assert h.posts("POST /api/workers") == 0


@pytest.mark.parametrize("kind", ["delayed", "cron"])
async def test_enter_on_the_preselected_kind_keeps_it(emulator: EmulatorServer, kind: str) -> None:
    worker = create_worker(emulator, title="Kinds")
    async with harness(emulator) as h:
        draft = ScheduleDraft(kind=kind) if kind != "delayed" else None
        form = await h.push(ScheduleFormScreen(h.ops, worker["id"], draft=draft))
        assert isinstance(form, ScheduleFormScreen)
        assert form.focused is form.query_one("#kind")
        await h.pilot.press("enter")
        assert form.kind == kind
        await h.pilot.press("down", "enter")  # the next kind is still one key away
        assert form.kind != kind


async def test_editing_a_worker_known_only_by_id_says_its_fields_are_unknown(
    emulator: EmulatorServer,
) -> None:
    worker = create_worker(emulator, title="Known elsewhere")
    async with harness(emulator) as h:
        tracked = h.ops.session.registry.get(worker["id"])  # tracked by id: no template here
        form = await h.push(
            WorkerFormScreen(h.ops, worker_id=worker["id"], draft=draft_from_template(tracked))
        )
        title = form.query_one("#title", Input)
        assert title.value == ""
        assert "Brand voice" not in title.placeholder
        assert "not known here" in title.placeholder
        assert h.shown("#title-hint") and "not known here" in h.text("#title-hint")


async def test_the_date_placeholder_is_never_in_the_past(emulator: EmulatorServer) -> None:
    worker = create_worker(emulator, title="Dates")
    async with harness(emulator) as h:
        draft = ScheduleDraft(kind="scheduled")
        form = await h.push(
            ScheduleFormScreen(h.ops, worker["id"], draft=draft, clock=lambda: LATER)
        )
        placeholder = form.query_one("#when", Input).placeholder
        shown = datetime.strptime(placeholder[:10], "%Y-%m-%d").date()
        assert shown > LATER.date(), placeholder


async def test_cron_says_utc_and_shows_local_runs_beside(emulator: EmulatorServer) -> None:
    worker = create_worker(emulator, title="Cron")
    async with harness(emulator) as h:
        draft = ScheduleDraft(kind="cron")
        form = await h.push(
            ScheduleFormScreen(h.ops, worker["id"], draft=draft, clock=lambda: LATER)
        )
        assert "(UTC)" in str(form.query_one("#when-label", Label).render())
        await h.pilot.press("tab", *"0 8 * * *")
        preview = form.query_one("#when-preview", Static)
        await wait_for(h.pilot, lambda: "local" in str(preview.content), "the runs")
        text = str(preview.content)
        assert "(UTC)" in text
        assert "08:00 UTC" in text and " local" in text


async def test_keys_typed_fast_land_in_the_field_focused_when_each_was_typed(
    emulator: EmulatorServer,
) -> None:
    """A burst (a paste where bracketed paste is off): the keys after tab go to the next field."""
    app = make_app(emulator)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        await pilot.press("n")
        await wait_for(pilot, lambda: bool(app.screen.query("#summary")), "the worker form")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#title", Input)
        for key in [*"title", "tab", *"summary"]:
            app.simulate_key(key)  # all queued at once, none handled in between
        title = app.screen.query_one("#title", Input)
        summary = app.screen.query_one("#summary", Input)
        await wait_for(pilot, lambda: len(title.value + summary.value) == 12, "every key")
        assert (title.value, summary.value) == ("title", "summary")

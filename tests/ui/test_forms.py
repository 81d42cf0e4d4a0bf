"""Pilot tests of the modal forms and dialogs, pushed directly, against a real emulator."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from handinger_tui.core.drafts import draft_from_template
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.kit.dialogs import ConfirmScreen, PromptScreen, SecretScreen
from handinger_tui.ui.schedules.form import ScheduleFormScreen
from handinger_tui.ui.webhook.form import WebhookFormScreen
from handinger_tui.ui.workers.form import WorkerFormScreen
from handinger_tui.ui.workers.run_form import RunTaskScreen
from tests.support.forms import api_get, create_worker, fill, harness
from tests.support.pilot import wait_for

NOTHING = object()


# -- worker form -----------------------------------------------------------------------


async def test_create_a_worker_through_the_form(emulator: EmulatorServer) -> None:
    async with harness(emulator) as h:
        screen = await h.push(WorkerFormScreen(h.ops))
        await h.pilot.press(*"Brand voice")  # the title has the focus
        assert h.text("#title-counter") == "11/200"
        await h.pilot.click("#instructions")
        await h.pilot.press(*"Check the copy.", "enter", *"Be brief.")
        await fill(h.pilot, output_schema='{"type": "object"}')
        select = screen.query_one("#visibility", Select)
        select.focus()
        await h.pilot.press("enter", "down", "enter")
        assert select.value == "private"
        await h.pilot.press("ctrl+s")
        template = await h.result()
        assert template.title == "Brand voice"
        [stored] = [w.get("template", w) for w in emulator.workers()]
        assert stored["id"] == template.id
        assert stored["title"] == "Brand voice"
        assert stored["instructions"] == "Check the copy.\nBe brief."
        assert stored["visibility"] == "private"
        assert stored["outputSchema"] == {"type": "object"}
        assert template.id in h.app.session.registry.ids()  # type: ignore[union-attr]


WORKER_RULES = {
    "title": ("t" * 201, "at most 200 characters (now 201)"),
    "summary": ("s" * 81, "at most 80 characters (now 81)"),
    "instructions": ("i" * 20001, "at most 20,000 characters"),
    "prompt": ("p" * 10001, "at most 10,000 characters"),
    "output_schema": ("{not json", "not valid JSON at line 1, column 2"),
}
SCHEMA_RULES = [
    ("[1, 2]", "must be a JSON object (a Draft-07 schema), not an array"),
    ('{"type": 5}', "not a valid Draft-07 schema at 'type'"),
]


async def test_each_worker_rule_shows_at_its_field_and_sends_nothing(
    emulator: EmulatorServer,
) -> None:
    async with harness(emulator) as h:
        screen = await h.push(WorkerFormScreen(h.ops))
        await fill(h.pilot, **{name: value for name, (value, _) in WORKER_RULES.items()})
        await h.pilot.press("ctrl+s")
        for name, (_, message) in WORKER_RULES.items():
            assert message in h.field_error(name), name
        assert h.text("#banner").startswith("Fix 5 fields before saving; nothing was sent.")
        assert screen.focused is screen.query_one("#title")  # the first bad field
        for schema, message in SCHEMA_RULES:
            await fill(h.pilot, output_schema=schema)
            await h.pilot.press("ctrl+s")
            assert message in h.field_error("output_schema")
        assert h.posts("POST /api/workers") == 0
        assert h.app.screen is screen and not h.results
        # Nothing typed was lost meanwhile; correcting the fields lets it through.
        assert screen.query_one("#prompt", TextArea).text == "p" * 10001
        await fill(h.pilot, **dict.fromkeys(WORKER_RULES, ""))
        await h.pilot.press("ctrl+s")
        assert (await h.result()) is not None
        assert h.posts("POST /api/workers") == 1


async def test_counter_marks_a_field_over_its_limit(emulator: EmulatorServer) -> None:
    async with harness(emulator) as h:
        screen = await h.push(WorkerFormScreen(h.ops))
        await fill(h.pilot, summary="s" * 81)
        await h.pilot.pause()
        counter = screen.query_one("#summary-counter", Static)
        assert str(counter.content) == "81/80" and counter.has_class("-over")


async def test_a_server_refusal_keeps_the_form_and_names_the_message(
    emulator: EmulatorServer,
) -> None:
    async with harness(emulator) as h:
        screen = await h.push(WorkerFormScreen(h.ops))
        await fill(h.pilot, title="Kept title", instructions="Kept\ninstructions", summary="Kept")
        emulator.set_faults(errorRate=1.0, errorStatus=422, routes=["/api/workers"])
        await h.pilot.press("ctrl+s")
        await wait_for(h.pilot, lambda: h.shown("#banner"), "the banner")
        banner = h.text("#banner")
        assert "Injected fault: HTTP 422" in banner and "Nothing typed was lost" in banner
        assert h.app.screen is screen and not h.results
        assert screen.query_one("#title", Input).value == "Kept title"
        assert screen.query_one("#instructions", TextArea).text == "Kept\ninstructions"
        assert h.save_label() == "Save" and not screen.query_one("#save", Button).disabled
        emulator.clear_faults()
        await h.pilot.press("ctrl+s")
        assert (await h.result()).title == "Kept title"


async def test_a_refused_api_key_says_to_check_it(emulator: EmulatorServer) -> None:
    async with harness(emulator) as h:
        screen = await h.push(WorkerFormScreen(h.ops))
        await fill(h.pilot, title="Keyed")
        emulator.set_faults(errorRate=1.0, errorStatus=401, routes=["/api/workers"])
        await h.pilot.press("ctrl+s")
        await wait_for(h.pilot, lambda: h.shown("#banner"), "the banner")
        assert "HANDINGER_API_KEY" in h.text("#banner")
        assert screen.query_one("#title", Input).value == "Keyed"


@pytest.mark.parametrize("failure", ["drop", "500", "timeout"])
async def test_an_unknown_outcome_is_never_sent_twice_on_its_own(
    emulator: EmulatorServer, failure: str
) -> None:
    async with harness(emulator) as h:
        if failure == "timeout":
            session = h.ops.session
            session.client = session.client.with_options(timeout=0.3)
            emulator.set_faults(latencyMs=1500, routes=["/api/workers"], count=1)
        elif failure == "drop":
            emulator.set_faults(dropRate=1.0, routes=["/api/workers"])
        else:
            emulator.set_faults(errorRate=1.0, errorStatus=500, routes=["/api/workers"])
        screen = await h.push(WorkerFormScreen(h.ops))
        await fill(h.pilot, title="Maybe created")
        await h.pilot.press("ctrl+s")
        await wait_for(h.pilot, lambda: h.save_label() == "Send again anyway", "the warning")
        assert "may have been created" in h.text("#banner")
        assert h.posts("POST /api/workers") == 1
        await h.pilot.press("ctrl+s")  # not deliberate enough: only a note
        await h.pilot.pause()
        assert h.posts("POST /api/workers") == 1
        assert any("Send again anyway" in note for note in h.notes())
        # Focus stays put: a reflex Enter is not the deliberate button.
        assert screen.focused is not screen.query_one("#save")
        await h.pilot.press("enter")
        await h.pilot.pause()
        assert h.posts("POST /api/workers") == 1
        emulator.clear_faults()
        await h.pilot.click("#save")
        assert (await h.result()).title == "Maybe created"
        assert h.posts("POST /api/workers") == 2


async def test_edit_is_prefilled_and_sends_only_what_changed(emulator: EmulatorServer) -> None:
    worker = create_worker(emulator, title="Old title", summary="Old summary", instructions="Hi")
    known = {"id": worker["id"], "title": "Old title", "summary": "Old summary"}
    async with harness(emulator, (known,)) as h:
        tracked = h.ops.session.registry.get(worker["id"])
        screen = await h.push(
            WorkerFormScreen(h.ops, worker_id=worker["id"], draft=draft_from_template(tracked))
        )
        assert screen.query_one("#title", Input).value == "Old title"
        assert screen.query_one("#summary", Input).value == "Old summary"
        assert not screen.query("#prompt")  # create only
        await fill(h.pilot, title="New title")
        await h.pilot.press("ctrl+s")
        template = await h.result()
        assert template.title == "New title"
        [stored] = [w.get("template", w) for w in emulator.workers()]
        # The instructions were never known here, so they were not sent: still the same.
        assert stored["title"] == "New title" and stored["instructions"] == "Hi"
        assert stored["summary"] == "Old summary"
        assert h.posts("PATCH /api/workers/{workerId}") == 1


async def test_saving_an_unchanged_edit_sends_nothing(emulator: EmulatorServer) -> None:
    worker = create_worker(emulator, title="Same")
    async with harness(emulator, (worker,)) as h:
        draft = draft_from_template(h.ops.session.registry.get(worker["id"]))
        await h.push(WorkerFormScreen(h.ops, worker_id=worker["id"], draft=draft))
        await h.pilot.press("ctrl+s")
        assert (await h.result()) is None
        assert any("Nothing changed" in note for note in h.notes())
        assert h.posts("PATCH /api/workers/{workerId}") == 0


async def test_edit_refuses_an_empty_title(emulator: EmulatorServer) -> None:
    worker = create_worker(emulator, title="Named")
    async with harness(emulator, (worker,)) as h:
        draft = draft_from_template(h.ops.session.registry.get(worker["id"]))
        await h.push(WorkerFormScreen(h.ops, worker_id=worker["id"], draft=draft))
        await fill(h.pilot, title="")
        await h.pilot.press("ctrl+s")
        assert "cannot be emptied" in h.field_error("title")
        assert h.posts("PATCH /api/workers/{workerId}") == 0


async def test_escape_on_a_typed_form_asks_before_discarding(emulator: EmulatorServer) -> None:
    async with harness(emulator) as h:
        screen = await h.push(WorkerFormScreen(h.ops))
        await h.pilot.press(*"Draft")
        screen.query_one("#cancel", Button).focus()
        await h.pilot.press("q")  # the app's quit key does not throw the form away
        assert h.app.is_running and h.app.screen is screen
        await h.pilot.press("escape")
        await wait_for(h.pilot, lambda: isinstance(h.app.screen, ConfirmScreen), "the question")
        await h.pilot.press("n")
        await wait_for(h.pilot, lambda: h.app.screen is screen, "the form again")
        assert screen.query_one("#title", Input).value == "Draft"
        await h.pilot.press("escape")
        await wait_for(h.pilot, lambda: isinstance(h.app.screen, ConfirmScreen), "the question")
        await h.pilot.press("y")
        assert (await h.result()) is None
        # An untouched form closes at once.
        await h.push(WorkerFormScreen(h.ops))
        await h.pilot.press("escape")
        await wait_for(h.pilot, lambda: len(h.results) == 2, "the second close")
        assert h.posts("POST /api/workers") == 0


async def test_external_editor_where_the_terminal_cannot_suspend(
    emulator: EmulatorServer,
) -> None:
    async with harness(emulator) as h:
        screen = await h.push(WorkerFormScreen(h.ops))
        await h.pilot.press("ctrl+e")  # on the title: not a multi-line field
        assert any("multi-line field" in note for note in h.notes())
        await h.pilot.click("#instructions")
        await h.pilot.press("ctrl+e")
        assert any("Cannot open $EDITOR here" in note for note in h.notes())
        assert screen.query_one("#instructions", TextArea).text == ""


async def test_external_editor_text_is_read_back(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", "sed -i s/draft/final/")
    async with harness(emulator) as h:
        screen = await h.push(WorkerFormScreen(h.ops))

        @contextlib.contextmanager
        def suspend() -> Iterator[None]:
            yield

        monkeypatch.setattr(h.app, "suspend", suspend)
        await fill(h.pilot, output_schema='{"title": "draft"}')
        screen.query_one("#output_schema", TextArea).focus()
        await h.pilot.press("ctrl+e")
        assert screen.query_one("#output_schema", TextArea).text == '{"title": "final"}'


# -- schedule form ---------------------------------------------------------------------


def _in_two_days() -> str:
    return (datetime.now().astimezone() + timedelta(days=2)).strftime("%Y-%m-%d 09:30")


@pytest.mark.parametrize(
    ("kind", "typed", "expected"),
    [
        ("delayed", "15m", {"type": "delayed", "delayInSeconds": 900}),
        ("interval", "1h", {"type": "interval", "intervalSeconds": 3600}),
        ("cron", "0 8 * * 1-5", {"type": "cron", "cron": "0 8 * * 1-5"}),
        ("scheduled", "", {"type": "scheduled"}),
    ],
)
async def test_each_kind_creates_its_schedule(
    emulator: EmulatorServer, kind: str, typed: str, expected: dict[str, Any]
) -> None:
    worker = create_worker(emulator, title="Scheduled one")
    typed = typed or _in_two_days()
    async with harness(emulator) as h:
        await h.push(ScheduleFormScreen(h.ops, worker["id"]))
        await h.pilot.click(f"#kind-{kind}")
        await h.pilot.click("#when")
        await h.pilot.press(*typed)
        await h.pilot.click("#input")
        await h.pilot.press(*"Daily digest")
        await fill(h.pilot, budget="high")
        await h.pilot.press("ctrl+s")
        schedule = await h.result()
        assert schedule.type == kind
        [stored] = api_get(emulator, f"/api/workers/{worker['id']}/schedules")["schedules"]
        assert stored["id"] == schedule.id
        assert stored["input"] == "Daily digest" and stored["budget"] == "high"
        assert {k: stored[k] for k in expected} == expected
        if kind == "scheduled":
            wanted = datetime.strptime(typed, "%Y-%m-%d %H:%M").astimezone()
            assert datetime.fromisoformat(stored["nextRunAt"].replace("Z", "+00:00")) == wanted


async def test_the_when_field_follows_the_kind(emulator: EmulatorServer) -> None:
    async with harness(emulator) as h:
        screen = await h.push(ScheduleFormScreen(h.ops, "t_org_1_w_X"))
        when = screen.query_one("#when", Input)
        assert "90s, 15m" in str(when.placeholder)
        await h.pilot.click("#kind-scheduled")
        assert "local time" in str(when.placeholder)
        assert "local time" in str(screen.query_one("#when-label", Label).content)
        await h.pilot.click("#kind-interval")
        assert str(when.placeholder) == "every: 15m, 1h"
        await h.pilot.click("#kind-cron")
        assert str(when.placeholder) == "cron: 0 8 * * 1-5"


async def test_cron_preview_follows_every_keystroke(emulator: EmulatorServer) -> None:
    async with harness(emulator) as h:
        await h.push(ScheduleFormScreen(h.ops, "t_org_1_w_X"))
        await h.pilot.click("#kind-cron")
        await h.pilot.click("#when")
        await h.pilot.press(*"0 8 *")
        assert h.text("#when-preview").startswith("✘ not a valid 5-field cron")
        await h.pilot.press(*" * 1-5")
        preview = h.text("#when-preview").splitlines()
        assert preview[0] == "At 08:00, Monday through Friday (UTC)"
        assert len(preview) == 4 and all("08:00 local · in " in line for line in preview[1:])
        await h.pilot.press("backspace", "backspace", "backspace", *"mon")
        assert "Monday" in h.text("#when-preview")


async def test_an_invalid_schedule_shows_errors_and_sends_nothing(
    emulator: EmulatorServer,
) -> None:
    async with harness(emulator) as h:
        await h.push(ScheduleFormScreen(h.ops, "t_org_1_w_X"))
        await h.pilot.click("#kind-cron")
        await h.pilot.click("#when")
        await h.pilot.press(*"61 * * * *")
        assert h.text("#when-preview").startswith("✘")
        await h.pilot.press("ctrl+s")
        assert "not a valid 5-field cron" in h.field_error("when")
        assert "required" in h.field_error("input")
        await fill(h.pilot, when="0 0 31 2 *", input="x")
        await h.pilot.press("ctrl+s")
        assert "never runs" in h.field_error("when")
        await h.pilot.click("#kind-delayed")
        await fill(h.pilot, when="2y")
        await h.pilot.press("ctrl+s")
        assert "duration" in h.field_error("when")
        assert h.posts("POST /api/workers/{workerId}/schedules") == 0


# -- webhook form ----------------------------------------------------------------------


async def test_webhook_form_sets_the_url(emulator: EmulatorServer) -> None:
    worker = create_worker(emulator, title="Hooked")
    url = "https://hooks.example.com/handinger"
    async with harness(emulator) as h:
        screen = await h.push(WebhookFormScreen(h.ops, worker["id"], None))
        await h.pilot.press(*"http://hooks.example.com/x")
        await h.pilot.press("ctrl+s")
        assert "must use https" in h.field_error("url")
        await fill(h.pilot, url="https://" + "a" * 2050)
        await h.pilot.press("ctrl+s")
        assert "at most 2,048" in h.field_error("url")
        assert screen.query_one("#url-counter", Static).has_class("-over")
        assert h.posts("PUT /api/workers/{workerId}/webhook") == 0
        await fill(h.pilot, url=url)
        await h.pilot.press("ctrl+s")
        webhook = await h.result()
        assert webhook.url == url
        assert api_get(emulator, f"/api/workers/{worker['id']}/webhook")["url"] == url


async def test_webhook_form_is_prefilled(emulator: EmulatorServer) -> None:
    async with harness(emulator) as h:
        screen = await h.push(WebhookFormScreen(h.ops, "t_org_1_w_X", "https://old.example/h"))
        assert screen.query_one("#url", Input).value == "https://old.example/h"
        assert h.text("#url-counter") == f"{len('https://old.example/h')}/2048"


# -- run task --------------------------------------------------------------------------


class FakeRun:
    """A stand-in for the explorer's run job: records what the form sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def __call__(self, text: str, budget: str) -> Any:
        self.sent.append((text, budget))
        return {"input": text, "budget": budget}


async def test_run_task_sends_the_input_and_budget(emulator: EmulatorServer) -> None:
    async with harness(emulator) as h:
        run = FakeRun()
        await h.push(RunTaskScreen(run, worker_title="Brand [bold]voice"))
        assert "[bold]" in h.text(".dialog-title")
        await h.pilot.press("ctrl+s")
        assert "required" in h.field_error("input")
        assert run.sent == []
        await h.pilot.press(*"Audit")
        await fill(h.pilot, budget="low")
        await h.pilot.press("ctrl+s")
        assert (await h.result()) == {"input": "Audit", "budget": "low"}
        assert run.sent == [("Audit", "low")]


async def test_run_task_reopened_after_a_failure_shows_it(emulator: EmulatorServer) -> None:
    async with harness(emulator) as h:
        run = FakeRun()
        screen = await h.push(
            RunTaskScreen(
                run, worker_title="W", input="Again", budget="high", error="It failed [x]"
            )
        )
        assert h.text("#banner") == "It failed [x]"
        assert screen.query_one("#input", TextArea).text == "Again"
        await h.pilot.press("escape")  # the prefilled input counts as typed
        await wait_for(h.pilot, lambda: isinstance(h.app.screen, ConfirmScreen), "the question")
        await h.pilot.press("n")
        await h.pilot.click("#save")
        assert (await h.result()) == {"input": "Again", "budget": "high"}


async def test_run_task_reopened_after_an_unknown_outcome_needs_the_deliberate_button(
    emulator: EmulatorServer,
) -> None:
    async with harness(emulator) as h:
        run = FakeRun()
        await h.push(
            RunTaskScreen(run, worker_title="W", input="Again", error="lost", outcome_unknown=True)
        )
        assert h.save_label() == "Send again anyway"
        await h.pilot.press("ctrl+s")
        await h.pilot.pause()
        assert run.sent == []
        assert any("Send again anyway" in note for note in h.notes())
        await h.pilot.click("#save")
        assert (await h.result()) == {"input": "Again", "budget": "standard"}


# -- dialogs ---------------------------------------------------------------------------


async def test_confirm_keys(emulator: EmulatorServer) -> None:
    """y confirms; Enter alone (the focused Cancel) never does; n cancels."""
    async with harness(emulator) as h:
        for count, (key, answer) in enumerate([("y", True), ("enter", False), ("n", False)], 1):
            await h.push(ConfirmScreen("Delete worker?", "Delete 'Brand [red]voice'?"))
            assert "[red]" in h.text("#confirm-message")
            await h.pilot.press(key)
            await wait_for(h.pilot, lambda: bool(h.results), f"answer {count}")
            assert h.results.pop() is answer


async def test_confirm_buttons_and_escape(emulator: EmulatorServer) -> None:
    async with harness(emulator) as h:
        await h.push(ConfirmScreen("Cancel schedule?", Text("sch_1"), danger=False))
        await h.pilot.click("#cancel")
        assert (await h.result()) is False
        await h.push(ConfirmScreen("Cancel schedule?", "sch_1", confirm_label="Cancel it"))
        assert "Cancel it" in str(h.app.screen.query_one("#confirm", Button).label)
        await h.pilot.click("#confirm")
        await wait_for(h.pilot, lambda: len(h.results) == 2, "the second answer")
        assert h.results[-1] is True
        await h.push(ConfirmScreen("Remove?", "x"))
        await h.pilot.press("escape")
        await wait_for(h.pilot, lambda: len(h.results) == 3, "the third answer")
        assert h.results[-1] is False


async def test_prompt_validates_and_keeps_the_input(emulator: EmulatorServer) -> None:
    def validate(value: str) -> str | None:
        return None if value.startswith("t_") else "not a worker id or dashboard URL"

    async with harness(emulator) as h:
        await h.push(PromptScreen("Track a worker", "Worker id or URL", validate=validate))
        await h.pilot.press(*"nope", "enter")
        assert h.field_error("prompt") == "not a worker id or dashboard URL"
        assert h.app.screen.query_one("#prompt-input", Input).value == "nope"
        h.app.screen.query_one("#prompt-input", Input).value = "t_org_1_w_X"
        await h.pilot.press("enter")
        assert (await h.result()) == "t_org_1_w_X"
        await h.push(PromptScreen("Track", "Id", value="prefilled"))
        await h.pilot.press("escape")
        await wait_for(h.pilot, lambda: len(h.results) == 2, "the second answer")
        assert h.results[-1] is None


async def test_secret_is_copied_and_never_notified(emulator: EmulatorServer) -> None:
    secret = "whk_0123456789abcdefSECRET"
    received: list[str] = []

    async def copy(value: str) -> str:
        received.append(value)
        return "Copied webhook token to the system clipboard."

    async with harness(emulator) as h:
        await h.push(SecretScreen("New webhook token", "Token", secret, copy=copy))
        assert h.text("#secret-value") == secret
        await h.pilot.press("c")
        await wait_for(h.pilot, lambda: h.shown("#secret-copied"), "the copy message")
        assert received == [secret]
        assert h.text("#secret-copied") == "Copied webhook token to the system clipboard."
        await h.pilot.press("enter")
        assert (await h.result()) is None
        assert not any(secret in note for note in h.notes())

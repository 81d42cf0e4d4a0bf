"""Pilot tests of the explorer against a real emulator over loopback HTTP."""

from __future__ import annotations

import asyncio

import httpx

from handinger_tui.core.state import Key, Kind
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.detail.pane import WorkerDetail
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import (
    cells,
    column,
    demo_app,
    make_app,
    rows_loaded,
    static_text,
    subtitle,
    table,
    wait_for,
)

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}


async def test_a_task_run_updates_the_list_and_the_detail_without_a_key_press() -> None:
    with EmulatorServer(api_key=TEST_API_KEY, seed="empty", task_seconds=2.0) as server:
        async with httpx.AsyncClient(base_url=server.base_url, headers=AUTH, timeout=30) as http:
            created = await http.post("/api/workers", json={"title": "Lifecycle probe"})
            worker = created.json()
            app = make_app(server, [worker["id"]], templates=[worker])
            async with app.run_test(size=(160, 48)) as pilot:
                await wait_for(pilot, lambda: app.session is not None, "the session")
                assert app.session is not None
                wid = worker["id"]
                await wait_for(
                    pilot,
                    lambda: app.session.state.value(Key(Kind.WORKER, wid)) is not None,
                    "the first state",
                )
                run = asyncio.create_task(
                    http.post(
                        "/api/tasks", json={"workerId": wid, "input": "Audit the pricing page"}
                    )
                )
                seen: list[str] = []

                def status_is_completed_after_running() -> bool:
                    status = cells(app, wid)[0]
                    if not seen or seen[-1] != status:
                        seen.append(status)
                    return "▶ running" in seen and status == "✔ completed"

                await wait_for(pilot, status_is_completed_after_running, "running then completed")
                assert (await run).status_code == 200
                # The list showed the run live, and the detail pane shows its output.
                assert seen[-1] == "✔ completed" and "▶ running" in seen
                detail = app.main_screen.query_one(WorkerDetail)
                await wait_for(
                    pilot,
                    lambda: "Audit the pricing page" in (detail._output or ""),
                    "the output in the detail pane",
                )
                assert cells(app, wid)[1] == "Lifecycle probe"


async def test_paging_through_webhook_executions(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        target = next(w for w in demo_emulator.workers() if w["title"] == "Support ticket triage")
        await wait_for(pilot, lambda: target["id"] in table(app).order, "the row")
        table(app).select_key(target["id"])
        await wait_for(
            pilot,
            lambda: app.session.state.selected == target["id"],
            "the selection",  # type: ignore[union-attr]
        )

        def pager_text() -> str:
            return static_text(app, "#webhook-pager")

        await wait_for(
            pilot,
            lambda: pager_text().startswith("page 1 of 3"),
            "page 1 of 3: " + repr([(w.name, w.state, w.error) for w in app.workers]),
        )  # type: ignore[union-attr]
        assert "120 deliveries" in pager_text()
        first_page = column(app, 4, "#executions")
        assert len(first_page) == 50
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: pager_text().startswith("page 2 of 3"), "page 2 of 3")
        second_page = column(app, 4, "#executions")
        assert len(second_page) == 50 and second_page != first_page
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: pager_text().startswith("page 3 of 3"), "page 3 of 3")
        assert len(column(app, 4, "#executions")) == 20
        await pilot.press("right_square_bracket")  # already on the last page: stays
        await pilot.pause()
        assert pager_text().startswith("page 3 of 3")
        await pilot.press("left_square_bracket", "left_square_bracket")
        await wait_for(pilot, lambda: pager_text().startswith("page 1 of 3"), "back on page 1")
        assert column(app, 4, "#executions") == first_page


async def test_filter_narrows_the_list_and_escape_restores_it(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        everyone = len(demo_emulator.workers())
        await wait_for(pilot, lambda: table(app).row_count == everyone, "all rows")
        await pilot.press("slash", *"price")
        await wait_for(pilot, lambda: table(app).row_count == 1, "one row")
        assert column(app, 1) == ["Competitor price watch"]
        await pilot.press("escape")
        await wait_for(pilot, lambda: table(app).row_count == everyone, "all rows again")


async def test_sort_by_name_and_by_status(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        count = len(demo_emulator.workers())
        await wait_for(pilot, lambda: rows_loaded(app, count), "every status")
        await pilot.press("s")
        await pilot.pause()
        names = column(app, 1)
        assert names == sorted(names, key=str.lower)
        await pilot.press("s")
        await pilot.pause()
        statuses = column(app, 0)
        assert statuses[0] == "▶ running"
        assert statuses.index("◌ pending") < statuses.index("✔ completed")


async def test_an_outage_marks_data_stale_keeps_it_and_recovers(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        count = len(demo_emulator.workers())
        await wait_for(pilot, lambda: rows_loaded(app, count), "every status")
        await wait_for(pilot, lambda: "updated" in subtitle(app, "detail"), "fresh detail")
        before = [cells(app, row.key.value) for row in table(app).ordered_rows]  # type: ignore[arg-type]
        demo_emulator.set_faults(errorRate=1.0, errorStatus=503)
        await pilot.press("r")
        await wait_for(pilot, lambda: "stale" in subtitle(app, "detail"), "a stale marker")
        assert "503 from the server" in subtitle(app, "detail")
        assert app.main_screen.query_one("#detail").has_class("-stale")
        status_line = static_text(app, "#status-line")
        assert "server errors" in status_line and "503" in status_line
        # Nothing on screen was blanked: the rows still show what they showed.
        after = [cells(app, row.key.value) for row in table(app).ordered_rows]  # type: ignore[arg-type]
        assert [row[1] for row in after] == [row[1] for row in before]
        assert [row[0] for row in after] == [row[0] for row in before]
        demo_emulator.clear_faults()
        await pilot.press("r")
        await wait_for(pilot, lambda: "updated" in subtitle(app, "detail"), "fresh again")
        await wait_for(
            pilot,
            lambda: "connected" in static_text(app, "#status-line"),
            "connected again",
        )


async def test_narrow_layout_reaches_every_pane_and_follows_resizes(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        main = app.main_screen
        assert main.has_class("-narrow")
        shown = [
            p
            for p in ("workers", "detail", "schedules", "webhook")
            if main.query_one(f"#{p}").display
        ]
        for key, pane in (("2", "detail"), ("3", "schedules"), ("4", "webhook"), ("1", "workers")):
            await pilot.press(key)
            await pilot.pause()
            visible = [
                p
                for p in ("workers", "detail", "schedules", "webhook")
                if main.query_one(f"#{p}").styles.display != "none"
                and main.query_one(f"#{p}").has_class("-active")
            ]
            assert visible == [pane]
        assert shown
        await pilot.resize_terminal(160, 48)
        await wait_for(pilot, lambda: main.has_class("-wide"), "the wide layout")
        assert all(
            main.query_one(f"#{p}").region.area > 0
            for p in ("workers", "detail", "schedules", "webhook")
        )
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: main.has_class("-narrow"), "the narrow layout again")

"""Webhook execution pages at 100,000 executions: order, bounds, and work bounded by the page."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from handinger_tui.emulator.records import ExecutionRec
from handinger_tui.emulator.render import PAGE_SIZE, execution_page
from handinger_tui.emulator.store import Store

BIG = 100_000


def rec(n: int, worker_id: str, created_at: float) -> ExecutionRec:
    """Ids are not in arrival order (the order among equal times must not come from them)."""
    return ExecutionRec(
        id=f"whe_{worker_id}_{n * 7919 % 1_000_003:07d}",
        worker_id=worker_id,
        created_at=created_at,
        duration_ms=n % 997,
        error_message=None,
        request_status="success",
        response_status=200,
        task_id=None,
        task_title=None,
        url="https://hooks.example.com/in",
    )


def fill(store: Store, count: int) -> list[ExecutionRec]:
    """``count`` executions of worker ``w1`` (three per second, every 97th delivered late),
    interleaved with some of ``w2``; returns w1's in arrival order."""
    arrived: list[ExecutionRec] = []
    for n in range(count):
        created = n // 3 - (40 if n % 97 == 0 else 0)  # ties, and late arrivals
        e = rec(n, "w1", float(created))
        store.put("executions", e)
        arrived.append(e)
        if n % 10 == 0:
            store.put("executions", rec(n, "w2", float(n)))
    return arrived


def expected_ids(arrived: list[ExecutionRec]) -> list[str]:
    """Newest first; the later arrival first among equal times (the service's stable order)."""
    order = sorted(enumerate(arrived), key=lambda p: (p[1].created_at, p[0]), reverse=True)
    return [e.id for _, e in order]


def page_ids(store: Store, page: int) -> list[str]:
    return [log["id"] for log in execution_page(store, "w1", page)["logs"]]


def test_pages_at_100000_executions_are_newest_first() -> None:
    store = Store()
    arrived = fill(store, BIG)
    want = expected_ids(arrived)
    last = math.ceil(BIG / PAGE_SIZE)
    for page in (1, 2, 3, 777, last - 1, last):
        body = execution_page(store, "w1", page)
        assert (body["page"], body["pageCount"], body["totalCount"]) == (page, last, BIG)
        assert page_ids(store, page) == want[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    assert execution_page(store, "w1", last + 1)["logs"] == []
    assert execution_page(store, "w1", 10**12)["logs"] == []
    other = execution_page(store, "w2", 1)
    assert other["totalCount"] == BIG // 10
    assert {log["workerId"] for log in other["logs"]} == {"w2"}
    empty = execution_page(store, "nobody", 1)
    assert (empty["logs"], empty["pageCount"], empty["totalCount"]) == ([], 0, 0)


class CountingTable(dict[str, ExecutionRec]):
    """The executions table, counting every record read out of it."""

    reads = 0

    def __getitem__(self, key: str) -> ExecutionRec:
        self.reads += 1
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.reads += 1
        return super().get(key, default)

    def values(self) -> Any:
        self.reads += len(self)
        return super().values()

    def items(self) -> Any:
        self.reads += len(self)
        return super().items()

    def __iter__(self) -> Iterator[str]:
        self.reads += len(self)
        return super().__iter__()


def test_a_page_reads_only_its_own_rows_at_100000() -> None:
    """A page is a slice: serving it reads its 50 records, not the whole history."""
    store = Store()
    fill(store, BIG)
    store.executions = table = CountingTable(store.executions)
    for page in (1, 1000, 2000):
        table.reads = 0
        assert len(execution_page(store, "w1", page)["logs"]) == PAGE_SIZE
        assert table.reads <= PAGE_SIZE


def test_order_survives_removal_rewrite_and_reload(tmp_path: Path) -> None:
    db = tmp_path / "emu.sqlite"
    store = Store(db)
    arrived = fill(store, 400)
    for gone in (arrived[5], arrived[97], arrived[-1]):  # one late arrival among them
        store.remove("executions", gone.id)
        arrived.remove(gone)
    changed = arrived[50]
    changed.error_message = "HTTP 500: Internal Server Error"
    store.put("executions", changed)  # a rewrite keeps its place
    store.close()
    want = expected_ids(arrived)
    reloaded = Store(db)
    pages = math.ceil(len(arrived) / PAGE_SIZE)
    got = [i for page in range(1, pages + 1) for i in page_ids(reloaded, page)]
    assert got == want
    assert execution_page(reloaded, "w1", 1)["totalCount"] == len(arrived)
    reloaded.close()

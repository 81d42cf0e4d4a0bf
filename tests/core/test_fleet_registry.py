"""The tracked-workers file at 5,000 workers: nothing is written when nothing changed, one
record a line, and every change counted for the list's kept rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handinger_tui.core import registry_file
from handinger_tui.core.registry import Registry, TrackedWorker

IDS = [f"t_org_1_w_{i:05d}" for i in range(5_000)]


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the registry writes."""
    written: list[Path] = []
    real = registry_file.write

    def counting(path: Path, payload: str) -> None:
        written.append(path)
        real(path, payload)

    monkeypatch.setattr(registry_file, "write", counting)
    return written


def test_tracking_ids_already_tracked_writes_nothing(tmp_path: Path, writes: list[Path]) -> None:
    registry = Registry("https://handinger.com", tmp_path / "tracked.json")
    registry.track_many(IDS, source="flag")
    assert len(writes) == 1
    again = Registry("https://handinger.com", tmp_path / "tracked.json")
    again.track_many(IDS, source="flag")  # the same --worker flags at the next start
    again.track(IDS[7])
    assert len(writes) == 1
    again.track_many([*IDS[:3], "t_org_1_w_new"])
    assert len(writes) == 2 and again.ids()[-1] == "t_org_1_w_new"


def test_five_thousand_records_one_a_line_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "tracked.json"
    registry = Registry("https://handinger.com", path)
    registry.track_many(IDS)
    schema = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
    registry.remember_template(
        {"id": IDS[1], "title": 'Claims "A" ✓\n', "outputSchema": schema, "visibility": "private"}
    )
    lines = path.read_text("utf-8").splitlines()
    assert len(lines) == len(IDS) + 2
    assert json.loads(lines[2].rstrip(","))["title"] == 'Claims "A" ✓\n'
    loaded = Registry("https://handinger.com", path)
    assert loaded.problems == []
    assert loaded.workers() == registry.workers()
    record = loaded.get(IDS[1])
    assert record is not None and record.output_schema == schema


def test_an_empty_list_is_a_readable_file(tmp_path: Path) -> None:
    path = tmp_path / "tracked.json"
    registry = Registry("https://handinger.com", path)
    registry.track("w1")
    registry.clear()
    assert json.loads(path.read_text("utf-8"))["workers"] == []
    assert Registry("https://handinger.com", path).ids() == []


def test_every_change_is_counted_and_no_change_is_not() -> None:
    registry = Registry.in_memory("https://handinger.com")
    seen = [registry.revision]

    def step() -> None:
        seen.append(registry.revision)

    registry.track("w1")
    step()
    registry.track("w1")  # already tracked
    step()
    registry.remember_template({"id": "w1", "title": "One"})
    step()
    record = registry.untrack("w1")
    step()
    assert isinstance(record, TrackedWorker)
    registry.restore(record)
    step()
    assert seen == [0, 1, 1, 2, 3, 4]

"""The tracked-worker registry: per base URL, atomic, crash- and corruption-tolerant."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from handinger_tui.core import registry as registry_module
from handinger_tui.core import registry_file
from handinger_tui.core.registry import (
    FORMAT_VERSION,
    Registry,
    RegistryError,
    TrackedWorker,
    normalize_base_url,
    parse_worker_ref,
    registry_file_name,
)

WID = "t_org_4821_w_01J8XK3M5QF2B7R9T4V6W0YZCD"


def make_template(**overrides: Any) -> SimpleNamespace:
    values: dict[str, Any] = {
        "id": WID,
        "title": "Brand auditor",
        "summary": "Checks copy",
        "instructions": "Be strict.",
        "visibility": "private",
        "output_schema": {"type": "object", "properties": {"ok": {"type": "boolean"}}},
        "url": f"https://handinger.com/worker/{WID}",
        "created_at": "2026-05-12T09:14:22.000Z",
        "updated_at": None,
        "organization_id": "org_1",
        "user_id": "usr_1",
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_round_trip(tmp_path: Path) -> None:
    reg = Registry.for_base_url("https://handinger.com", tmp_path)
    reg.track("w_b")
    reg.remember_template(make_template())
    reg.track("w_a", source="cli")
    assert reg.ids() == ["w_b", WID, "w_a"]

    again = Registry.for_base_url("https://handinger.com/", tmp_path)
    assert again.problems == []
    assert again.ids() == ["w_b", WID, "w_a"]
    assert again.workers() == reg.workers()
    record = again.get(WID)
    assert record is not None
    assert record.title == "Brand auditor"
    assert record.output_schema == {"type": "object", "properties": {"ok": {"type": "boolean"}}}
    assert record.display_name == "Brand auditor"
    assert record.source == "created"
    assert again.get("w_a") == TrackedWorker(id="w_a", source="cli", added_at=record_added(again))
    data = json.loads((tmp_path / registry_file_name("https://handinger.com")).read_text())
    assert data["version"] == FORMAT_VERSION
    assert data["base_url"] == "https://handinger.com"


def record_added(reg: Registry) -> str:
    rec = reg.get("w_a")
    assert rec is not None
    return rec.added_at


def test_track_is_idempotent_and_validates(tmp_path: Path) -> None:
    reg = Registry.for_base_url("https://handinger.com", tmp_path)
    first = reg.track(" w_1 ", source="created")
    second = reg.track("w_1", source="added")
    assert first is second
    assert second.source == "created"
    assert reg.ids() == ["w_1"]
    assert second.display_name == "w_1"
    assert not second.template_known
    for bad in ["", "  ", "a b", "a/b"]:
        with pytest.raises(ValueError):
            reg.track(bad)
    assert reg.ids() == ["w_1"]


def test_untrack_and_restore_keep_position(tmp_path: Path) -> None:
    reg = Registry.for_base_url("https://handinger.com", tmp_path)
    reg.track_many(["a", "b", "c"])
    removed = reg.untrack("b")
    assert removed is not None and removed.id == "b"
    assert reg.untrack("b") is None
    assert Registry.for_base_url("https://handinger.com", tmp_path).ids() == ["a", "c"]
    reg.restore(removed)
    assert reg.ids() == ["a", "b", "c"]
    assert Registry.for_base_url("https://handinger.com", tmp_path).ids() == ["a", "b", "c"]


def test_remember_template_updates_and_forget(tmp_path: Path) -> None:
    reg = Registry.for_base_url("https://handinger.com", tmp_path)
    reg.track(WID, source="added")
    rec = reg.remember_template(make_template(title="New"))
    assert rec.source == "added"  # an existing record keeps its source
    assert rec.title == "New"
    assert rec.template_known
    # A partial object (e.g. a trimmed PATCH echo) keeps the fields it lacks.
    partial = SimpleNamespace(id=WID, title="Renamed")
    rec = reg.remember_template(partial)
    assert rec.title == "Renamed" and rec.summary == "Checks copy"
    # Wire-cased mappings work too.
    rec = reg.remember_template({"id": WID, "outputSchema": None, "updatedAt": "later"})
    assert rec.output_schema is None and rec.updated_at == "later"
    forgotten = reg.forget_template(WID)
    assert forgotten is not None and forgotten.title is None and not forgotten.template_known
    assert reg.forget_template("nope") is None
    with pytest.raises(ValueError):
        reg.remember_template(SimpleNamespace(title="no id"))


def test_display_name_falls_back_to_id_for_blank_title() -> None:
    assert TrackedWorker(id="w", title="  ").display_name == "w"
    assert TrackedWorker(id="w", title=None).display_name == "w"


def test_crash_during_replace_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reg = Registry.for_base_url("https://handinger.com", tmp_path)
    reg.track_many(["a", "b"])
    path = tmp_path / registry_file_name("https://handinger.com")
    before = path.read_bytes()

    def crash(src: object, dst: object) -> None:
        raise OSError("simulated crash")

    monkeypatch.setattr(registry_file.os, "replace", crash)
    reg.track("c")  # auto-save fails quietly but is reported
    assert reg.save_error is not None and "simulated crash" in reg.save_error
    with pytest.raises(RegistryError, match="simulated crash"):
        reg.save()
    assert path.read_bytes() == before
    assert files(tmp_path) == [path.name]  # no temp files left behind
    monkeypatch.undo()
    assert Registry.for_base_url("https://handinger.com", tmp_path).ids() == ["a", "b"]
    reg.save()
    assert reg.save_error is None
    assert Registry.for_base_url("https://handinger.com", tmp_path).ids() == ["a", "b", "c"]


def test_crash_while_writing_temp_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reg = Registry.for_base_url("https://handinger.com", tmp_path)
    reg.track("a")
    path = tmp_path / registry_file_name("https://handinger.com")
    before = path.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(registry_file.os, "fsync", broken_fsync)
    with pytest.raises(RegistryError):
        reg.track("b") and reg.save()
    assert path.read_bytes() == before
    assert files(tmp_path) == [path.name]


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[]", b'{"workers": []}', b'{"version": 1, "workers": 3}', b"\xff\xfe"],
)
def test_corrupt_file_is_moved_aside(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / registry_file_name("https://handinger.com")
    path.write_bytes(content)
    reg = Registry.for_base_url("https://handinger.com", tmp_path)
    assert reg.ids() == []
    assert len(reg.problems) == 1 and "moved it to" in reg.problems[0]
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1
    assert aside[0].read_bytes() == content
    assert not path.exists()
    reg.track("fresh")
    assert Registry.for_base_url("https://handinger.com", tmp_path).ids() == ["fresh"]


def test_bad_entries_are_skipped_and_original_kept(tmp_path: Path) -> None:
    path = tmp_path / registry_file_name("https://handinger.com")
    original = json.dumps(
        {"version": 1, "workers": [{"id": "good"}, {"title": "no id"}, "junk", {"id": "a b"}]}
    )
    path.write_text(original)
    reg = Registry.for_base_url("https://handinger.com", tmp_path)
    assert reg.ids() == ["good"]
    assert len(reg.problems) == 1 and "Skipped 3" in reg.problems[0]
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_text() == original


def test_newer_version_loads_with_warning(tmp_path: Path) -> None:
    path = tmp_path / registry_file_name("https://handinger.com")
    path.write_text(json.dumps({"version": 99, "workers": [{"id": "w", "future": 1}]}))
    reg = Registry.for_base_url("https://handinger.com", tmp_path)
    assert reg.ids() == ["w"]
    assert "newer" in reg.problems[0]


def test_two_base_urls_are_separate(tmp_path: Path) -> None:
    prod = Registry.for_base_url("https://handinger.com", tmp_path)
    old = Registry.for_base_url("https://v3.handinger.com", tmp_path)
    local = Registry.for_base_url("http://127.0.0.1:8123", tmp_path)
    prod.track("p")
    old.track("o")
    local.track("l")
    assert len(files(tmp_path)) == 3
    assert Registry.for_base_url("https://HANDINGER.com:443/", tmp_path).ids() == ["p"]
    assert Registry.for_base_url("https://v3.handinger.com", tmp_path).ids() == ["o"]
    assert Registry.for_base_url("http://127.0.0.1:8123/", tmp_path).ids() == ["l"]
    assert Registry.for_base_url("http://127.0.0.1:9999", tmp_path).ids() == []


def test_file_name_shape() -> None:
    name = registry_file_name("https://handinger.com")
    assert name.startswith("handinger.com-") and name.endswith(".json")
    assert len(name) == len("handinger.com-") + 8 + len(".json")
    assert registry_file_name("https://handinger.com/") == name
    assert registry_file_name("https://handinger.com/api") != name
    assert "/" not in registry_file_name("http://[::1]:80/x")
    assert normalize_base_url("HTTPS://Handinger.COM:443/") == "https://handinger.com"
    assert normalize_base_url("handinger.com") == "https://handinger.com"
    assert normalize_base_url("http://localhost:80") == "http://localhost"


def test_in_memory_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    reg = Registry.in_memory("https://handinger.com")
    reg.track_many(["a", "b"])
    reg.remember_template(make_template())
    removed = reg.untrack("a")
    assert removed is not None
    reg.restore(removed)
    reg.save()
    assert reg.ids() == ["a", "b", WID]
    assert not reg.persistent
    assert list(tmp_path.iterdir()) == []


def test_default_data_dir_uses_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry_module, "_default_data_dir", lambda: tmp_path / "dd")
    reg = Registry.for_base_url("https://handinger.com")
    reg.track("x")
    assert reg.path is not None and reg.path.parent == tmp_path / "dd"
    assert reg.path.exists()
    if os.name == "posix":
        assert reg.path.stat().st_mode & 0o077 == 0  # private to the user


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (WID, WID),
        (f"  {WID}\n", WID),
        ("wrk_vk81XUHKHG-qr4", "wrk_vk81XUHKHG-qr4"),
        (f"https://handinger.com/worker/{WID}", WID),
        (f"https://v3.handinger.com/worker/{WID}/task/tsk_7Qm-Lp2xVb9KdR", WID),
        (f"https://handinger.com/worker/{WID}?tab=output#top", WID),
        (f"https://handinger.com/worker/{WID}/", WID),
        (f"handinger.com/worker/{WID}", WID),
        (f"<https://handinger.com/worker/{WID}>", WID),
        (f"https://handinger.com/api/workers/{WID}/schedules", WID),
        ("https://handinger.com/worker/a%20b", None),
        ("https://handinger.com/worker/w%5Fx", "w_x"),
        ("https://handinger.com/worker/", None),
        ("https://handinger.com/", None),
        ("https://handinger.com/settings/keys", None),
        ("ftp://handinger.com/worker/x", None),
        ("odd:but(opaque)", "odd:but(opaque)"),  # ids are opaque: only space/slash/controls fail
        ("", None),
        ("   ", None),
        ("two words", None),
        ("a/b", None),
        ("bad\x1bid", None),
        ("x" * 300, None),
    ],
)
def test_parse_worker_ref(text: str, expected: str | None) -> None:
    assert parse_worker_ref(text) == expected


@pytest.mark.parametrize(
    "ref",
    [
        ".",
        "..",
        " .. ",
        "https://handinger.com/worker/..",
        "https://handinger.com/worker/%2e%2e",
        "handinger.com/worker/.",
        "https://handinger.com/api/workers/%2E",
    ],
)
def test_dot_segments_are_not_worker_ids(ref: str, tmp_path: Path) -> None:
    # `/api/workers/..` would address another endpoint once the URL is normalized.
    assert parse_worker_ref(ref) is None
    reg = Registry.for_base_url("https://handinger.com", tmp_path)
    with pytest.raises(ValueError, match="not a valid worker id"):
        reg.track(ref.strip())
    assert reg.ids() == []


def test_a_stored_dot_id_is_skipped_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / registry_file_name("https://handinger.com")
    path.write_text(json.dumps({"version": 1, "workers": [{"id": ".."}, {"id": "good"}]}))
    reg = Registry.for_base_url("https://handinger.com", tmp_path)
    assert reg.ids() == ["good"]
    assert "Skipped 1" in reg.problems[0] and "kept at" in reg.problems[0]


def test_an_unsaveable_file_is_reported_to_the_listener(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data directory should be")
    reg = Registry.for_base_url("https://handinger.com", blocker / "data")
    heard: list[str] = []
    reg.on_problem = heard.append
    reg.track("w_1")
    assert reg.ids() == ["w_1"]  # the list stays changed in memory
    assert len(heard) == 1 and heard[0] == reg.save_error
    assert str(blocker / "data") in heard[0] and "kept in memory only" in heard[0]


def test_an_unreadable_file_that_cannot_be_moved_aside_is_never_saved_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / registry_file_name("https://handinger.com")
    path.write_bytes(b"{half a file")
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        if ".corrupt-" in str(dst):
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(registry_file.os, "replace", replace)
    reg = Registry.for_base_url("https://handinger.com", tmp_path)
    heard: list[str] = []
    reg.on_problem = heard.append
    assert any("could not be moved aside" in p and str(path) in p for p in reg.problems)
    reg.track("w_new")
    assert path.read_bytes() == b"{half a file"  # what could not be read is not lost
    assert len(heard) == 1 and "Not saving tracked workers over" in heard[0]
    with pytest.raises(RegistryError):
        reg.save()


def test_a_newer_file_is_copied_before_it_is_saved_over(tmp_path: Path) -> None:
    path = tmp_path / registry_file_name("https://handinger.com")
    original = json.dumps({"version": 99, "workers": [{"id": "w", "future": 1}]})
    path.write_text(original)
    reg = Registry.for_base_url("https://handinger.com", tmp_path)
    reg.track("w_2")
    kept = [p for p in tmp_path.iterdir() if p != path and p.suffix != ".tmp"]
    assert len(kept) == 1 and kept[0].read_text() == original
    assert str(kept[0]) in reg.problems[0]

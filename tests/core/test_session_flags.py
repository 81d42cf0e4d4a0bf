"""Many ``--worker`` flags are tracked with one save of the tracked-workers file."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from handinger_tui.core.registry import Registry
from handinger_tui.core.session import Session


def test_worker_flags_save_the_store_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    registry = Registry.for_base_url("https://handinger.com", data_dir=tmp_path)
    registry.track("w_existing")
    saves: list[int] = []
    real_save = Registry.save

    def counting_save(self: Registry) -> None:
        saves.append(len(self.ids()))
        real_save(self)

    monkeypatch.setattr(Registry, "save", counting_save)
    flags = [f"w_{i:04d}" for i in range(200)]
    session = Session.open(
        api_key="k_test", base_url="https://handinger.com", registry=registry, track=flags
    )
    try:
        assert saves == [201]  # one save, holding every id
        reloaded = Registry.for_base_url("https://handinger.com", data_dir=tmp_path)
        assert reloaded.ids() == ["w_existing", *flags]
        assert {w.source for i in flags if (w := registry.get(i)) is not None} == {"flag"}
    finally:
        asyncio.run(session.close())

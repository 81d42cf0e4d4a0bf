"""The cadence comes from the settings: defaults declared once, every ``[refresh]`` value used."""

from __future__ import annotations

from dataclasses import replace

import pytest

from handinger_tui.core.refresh import Cadence
from handinger_tui.core.settings import Settings


def test_the_default_cadence_is_the_default_settings() -> None:
    assert Cadence() == Cadence.from_settings(Settings())


@pytest.mark.parametrize(
    "name",
    [
        "active_interval",
        "idle_interval",
        "list_interval",
        "schedules_interval",
        "webhook_interval",
        "max_in_flight",
        "backoff_max",
        "sweep_per_minute",
    ],
)
def test_each_refresh_setting_reaches_the_cadence(name: str) -> None:
    default = Settings()
    changed = replace(default, **{name: getattr(default, name) + 1})
    assert Cadence.from_settings(changed) != Cadence.from_settings(default)

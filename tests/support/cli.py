"""The CLI without a terminal: the `Launch` it would start the app with."""

from __future__ import annotations

import pytest

from handinger_tui.cli import main
from handinger_tui.ui.app import HandingerApp, Launch


def launch_of(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> Launch:
    """Run the CLI with the app's `run` replaced; return the `Launch` it was built with."""
    seen: list[Launch] = []

    def run(self: HandingerApp, *args: object, **kwargs: object) -> None:
        seen.append(self.launch)

    monkeypatch.setattr(HandingerApp, "run", run)
    assert main(argv) == 0
    assert len(seen) == 1
    return seen[0]

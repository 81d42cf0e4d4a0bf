"""Thousands of `--worker` flags reach the app in order without argparse reading them."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import pytest

from handinger_tui.cli import main
from handinger_tui.ui.app import HandingerApp


def test_worker_flags_reach_the_app_in_order_and_skip_argparse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = tmp_path / "key"
    key.write_text("hdg_flags_test\n")
    parsed: list[list[str]] = []
    parse = argparse.ArgumentParser.parse_args

    def counted(
        self: argparse.ArgumentParser, args: Sequence[str] | None = None
    ) -> argparse.Namespace:
        parsed.append(list(args or []))
        return parse(self, args)

    launched: list[Sequence[str]] = []

    def run(self: HandingerApp, *args: object, **kwargs: object) -> None:
        launched.append(self.launch.workers)

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", counted)
    monkeypatch.setattr(HandingerApp, "run", run)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    ids = [f"w{n:04d}" for n in range(2000)]
    argv = ["--api-key-file", str(key)]
    for n, worker_id in enumerate(ids):
        argv += [f"--worker={worker_id}"] if n % 2 else ["--worker", worker_id]
    argv += ["--read-only"]

    assert main(argv) == 0
    assert list(launched[0]) == ids
    assert parsed and all("--worker" not in arg for args in parsed for arg in args)
    assert "--read-only" in parsed[0]  # the other options still go to argparse

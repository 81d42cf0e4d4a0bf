"""5,000 ``--worker`` flags: taken out of the command line before argparse, which reads the
rest; together they mean what argparse alone reads from the whole command line."""

from __future__ import annotations

import argparse

import pytest

from handinger_tui.cli import build_parser
from handinger_tui.core.workers_file import split_worker_flags

COMMANDS = ("emulator", "doctor")


def read(argv: list[str]) -> argparse.Namespace:
    """What the command line means when the worker flags are split out first."""
    rest, workers = split_worker_flags(argv, COMMANDS)
    args = build_parser().parse_args(rest)
    args.worker = workers + args.worker
    return args


@pytest.mark.parametrize(
    "argv",
    [
        [a for n in range(5_000) for a in ("--worker", f"t_org_1_w_{n:05d}")],
        ["--worker", "w1", "--read-only", "--worker=w2", "--base-url", "https://x.example"],
        ["--base-url=https://x.example", "--worker", "https://handinger.com/worker/w3"],
        ["--workers-file", "ids.txt", "--worker", "w4"],
        ["--demo"],
        ["emulator", "--port", "0"],
    ],
    ids=["5000", "mixed", "url", "file", "none", "subcommand"],
)
def test_split_flags_mean_what_argparse_reads(argv: list[str]) -> None:
    assert vars(read(argv)) == vars(build_parser().parse_args(argv))


def test_what_argparse_would_refuse_is_left_to_it() -> None:
    rest, workers = split_worker_flags(["--worker", "--read-only", "--worker", "w1", "--", "x"])
    assert workers == ["w1"]
    assert rest == ["--worker", "--read-only", "--", "x"]
    with pytest.raises(SystemExit):
        build_parser().parse_args(rest)  # "--worker: expected one argument", as before
    assert split_worker_flags(["--worker", "doctor", "doctor"], COMMANDS) == (
        ["--worker", "doctor", "doctor"],
        [],
    )

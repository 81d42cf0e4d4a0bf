"""Command line: pick the mode (the app, the app on the embedded demo emulator, or the emulator)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handinger-tui",
        description="A terminal UI explorer for the Handinger Workers API.",
    )
    sub = parser.add_subparsers(dest="command")
    emu = sub.add_parser(
        "emulator",
        help="run the local Handinger emulator (a real HTTP server on loopback)",
        description="Run the local Handinger emulator: same paths, wire format, limits and errors.",
    )
    from handinger_tui.emulator.serve import add_arguments

    add_arguments(emu)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "emulator":
        from handinger_tui.emulator.serve import run

        return run(args)
    print("The explorer is not built yet; try `handinger-tui emulator --seed demo`.", file=sys.stderr)
    return 2

"""Command line: pick the mode (the app, the app on a demo emulator, or the emulator).

Kept light: Textual's first frame must not wait for httpx, pydantic or the emulator; with
`--demo` the emulator starts first, in a child process that ends with the app.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from handinger_tui import __version__
from handinger_tui.api.loopback import key_in_clear
from handinger_tui.core.base_url_rules import dashboard_host
from handinger_tui.core.dashboard_urls import foreign_host
from handinger_tui.core.registry import parse_worker_ref
from handinger_tui.core.workers_file import WorkersFileError, read_workers, split_worker_flags
from handinger_tui.demo_process import DemoProcess

NO_KEY_HELP = """\
handinger-tui needs a Handinger API key.

  Set it in the environment:   export HANDINGER_API_KEY=hdg_live_...
  or keep it in a file:        handinger-tui --api-key-file ~/.handinger-key   (chmod 600)
  or pipe it in:               pass show handinger | handinger-tui --api-key-file -
  (keys are created in the Handinger dashboard by an Admin or Owner)

  To try the explorer without a key, on a local Handinger emulator with demo data:
      handinger-tui --demo
"""


SUBCOMMANDS = ("emulator", "doctor")
"""The command line's subcommands: a line naming one is parsed by argparse alone."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handinger-tui",
        description="A terminal UI explorer for the Handinger Workers API.",
    )
    parser.add_argument(
        "--api-key-file",
        metavar="FILE",
        help="read the API key from FILE (- reads standard input; default: $HANDINGER_API_KEY)",
    )
    parser.add_argument(
        "--api-key",
        help="API key; every local user can read it in ps, so prefer --api-key-file",
    )
    parser.add_argument(
        "--base-url", help="API base URL (default: $HANDINGER_BASE_URL or https://handinger.com)"
    )
    parser.add_argument(
        "--worker",
        action="append",
        default=[],
        metavar="ID",
        help="track this worker id or dashboard URL (repeatable)",
    )
    parser.add_argument(
        "--workers-file",
        metavar="FILE",
        help="track the workers in FILE: one id or dashboard URL a line (# starts a comment)",
    )
    parser.add_argument("--version", action="version", version=f"handinger-tui {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run on a local emulator with demo data, started and stopped with the app "
        "(your tracked list is untouched)",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        default=None,
        help="disable every action that changes anything",
    )
    parser.add_argument(
        "--config", metavar="FILE", help="config file (default: the per-user config.toml)"
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where the tracked workers are kept (default: [paths] data_dir, else the per-user "
        "data directory)",
    )
    parser.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="allow sending the API key over plain http to a non-loopback host",
    )
    parser.add_argument(
        "--log",
        metavar="FILE",
        help="append a debug log (requests, state changes; never the key) to FILE (mode 600)",
    )
    sub = parser.add_subparsers(dest="command")
    emu = sub.add_parser(
        "emulator",
        help="run the local Handinger emulator (a real HTTP server on loopback)",
        description="Run the local Handinger emulator: same paths, wire format, limits and errors.",
    )
    from handinger_tui.emulator.cli import add_arguments  # light; keeps the server unloaded

    add_arguments(emu)
    from handinger_tui import cli_doctor  # light; the checks load when the doctor runs

    cli_doctor.add_arguments(sub.add_parser("doctor", help=cli_doctor.HELP))
    return parser


def _keymap_problems(keymap: dict[str, str]) -> list[str]:
    """Refused remaps (unknown ids, bad key names, keys taken), said at start-up."""
    from handinger_tui.ui.actions import keymap_problems  # Textual: only on the app's path

    return keymap_problems(keymap)


def _dashboard_host(host: str, base_url: str) -> bool:
    """A host a worker's dashboard URL may be on (the track prompt uses the same rule)."""
    return dashboard_host(host, base_url)


def _reattach_terminal() -> str | None:
    """The key came from a pipe: the explorer reads its keys from the terminal instead.

    Textual reads fd 0 (``sys.__stdin__.fileno()``), so /dev/tty is put in its place.
    Returns a message when there is no terminal to run in.
    """
    if sys.__stdin__ is not None and sys.__stdin__.isatty():
        return None
    try:
        tty = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError as exc:
        return (
            "handinger-tui: the API key was read from standard input, but there is no "
            f"terminal to run the explorer in (/dev/tty: {exc.strerror or exc})"
        )
    os.dup2(tty, 0)
    os.close(tty)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    # 5,000 `--worker` flags took argparse 0.7 s (quadratic): they are taken out first.
    rest, flagged = split_worker_flags(sys.argv[1:] if argv is None else argv, SUBCOMMANDS)
    args = build_parser().parse_args(rest)
    if flagged:
        args.worker = [*flagged, *(args.worker or [])]
    if args.command == "emulator":
        from handinger_tui.emulator.cli import run  # each mode loads only its own modules

        return run(args)
    if args.command == "doctor":
        from handinger_tui import cli_doctor

        return cli_doctor.run(args)
    # The demo's emulator starts first, on the other core, while the app loads and paints.
    demo = DemoProcess.start() if args.demo else None
    # Start-up makes long-lived objects only: no collections until the app has frozen them
    # (it enables the collector once connected).
    gc.disable()
    try:
        return _run_app(args, demo)
    finally:
        gc.enable()
        if demo is not None:  # also after a refusal, a crash or Ctrl+C; the app stops it too
            demo.stop()


def _run_app(args: argparse.Namespace, demo: DemoProcess | None) -> int:
    # The app's path from here: its modules load only now (--help and the emulator skip them).
    from handinger_tui.core.settings import STDIN_SOURCE, SettingsError, load_settings

    try:
        settings = load_settings(cli=args)
    except SettingsError as exc:
        print(f"handinger-tui: {exc}", file=sys.stderr)
        return 2
    if not settings.has_api_key and demo is None:
        print(NO_KEY_HELP, file=sys.stderr, end="")
        return 2
    if settings.api_key_source == STDIN_SOURCE and (problem := _reattach_terminal()):
        print(problem, file=sys.stderr)
        return 2
    if demo is None and not args.allow_insecure_http and key_in_clear(settings.base_url):
        print(
            f"handinger-tui: refusing to send the API key over plain http to "
            f"{settings.base_url}: use https, or pass --allow-insecure-http if you trust "
            "this network.",
            file=sys.stderr,
        )
        return 2
    workers = []
    for ref in args.worker:
        worker_id = parse_worker_ref(ref)
        if (host := foreign_host(ref, settings.base_url)) is not None:
            print(
                f"handinger-tui: --worker {ref!r} is a URL on {host}, not a Handinger "
                "dashboard URL; pass the worker id or a https://handinger.com/worker/<id> URL",
                file=sys.stderr,
            )
            return 2
        if ref.strip() in (".", ".."):
            print(
                f"handinger-tui: --worker {ref!r} is not a worker id ('.' and '..' would "
                "address another API path)",
                file=sys.stderr,
            )
            return 2
        if worker_id is None:
            print(
                f"handinger-tui: --worker {ref!r} is neither a worker id nor a dashboard URL "
                "(like https://handinger.com/worker/<id>)",
                file=sys.stderr,
            )
            return 2
        workers.append(worker_id)
    if args.workers_file:
        try:
            listed = read_workers(
                Path(args.workers_file).expanduser(),
                dashboard_host=lambda host: _dashboard_host(host, settings.base_url),
                known=workers,
            )
        except WorkersFileError as exc:
            print(f"handinger-tui: {exc}", file=sys.stderr)
            return 2
        workers += listed.ids
        for problem in listed.problems:  # each in the scrollback; the app gets the summary
            print(f"handinger-tui: {listed.where} {problem}", file=sys.stderr)
        if summary := listed.summary():
            settings = replace(settings, warnings=(*settings.warnings, summary))
    # Said on stderr (left in the scrollback) and again inside the app, in front of the UI.
    warnings = (*settings.warnings, *_keymap_problems(settings.keymap))
    for warning in warnings:
        print(f"handinger-tui: {warning}", file=sys.stderr)
    log_file = None
    if args.log:
        from handinger_tui.core.log_file import LogFileError, start_session_log  # only with --log

        try:
            log_file = start_session_log(args.log, settings, len(workers))
        except LogFileError as exc:
            print(f"handinger-tui: {exc}", file=sys.stderr)
            return 2
    # Textual and the app last: a refusal above never waits for them.
    from handinger_tui.ui.app import HandingerApp, Launch

    launch = Launch(
        settings=replace(settings, warnings=warnings),
        workers=tuple(workers),
        start_demo=demo.target if demo is not None else None,
        allow_insecure=args.allow_insecure_http,
    )
    app = HandingerApp(launch)
    try:
        app.run()
    finally:
        if log_file is not None:
            log_file.close()
    return app.return_code or 0  # 1 after a crash (Textual sets it when it shows the report)

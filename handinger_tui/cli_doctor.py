"""``handinger-tui doctor``: run the checks of :mod:`core.doctor` and print one line each.

Light at import (the parser is built on every start): the checks and httpx load only
when the doctor runs. Exit status 0 when no check failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from typing import TextIO

HELP = "check the config, API key, base URL, terminal and clipboard, without starting the UI"
DESCRIPTION = (
    "Check the config file, the API key's source and shape (never the key), the base URL "
    "(one authenticated request), the terminal, tmux, SSH and the clipboard route, without "
    "starting the UI. One line per check: PASS, WARN (works, with a caveat) or FAIL, with "
    "the fix. Exit status 0 when nothing failed, 1 otherwise."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--json``, and the main options again so they may also follow ``doctor``."""
    parser.description = DESCRIPTION
    parser.add_argument(
        "--json", action="store_true", help='print {"ok": ..., "checks": [...]} as JSON'
    )
    quiet = argparse.SUPPRESS  # set only when typed after `doctor`
    parser.add_argument(
        "--api-key-file", metavar="FILE", default=quiet, help="read the API key from FILE"
    )
    parser.add_argument("--api-key", default=quiet, help="the API key (visible in ps)")
    parser.add_argument("--base-url", default=quiet, help="the API base URL to check")
    parser.add_argument("--config", metavar="FILE", default=quiet, help="config file to check")
    parser.add_argument(
        "--allow-insecure-http",
        action="store_true",
        default=quiet,
        help="accept plain http to a non-loopback host",
    )


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run every check and print the report; 0 when all passed."""
    # Here, not at the top: the parser imports this module on every start.
    from handinger_tui.core import doctor, doctor_terminal
    from handinger_tui.core.safe_text import one_line
    from handinger_tui.core.settings import SettingsError, load_settings

    stream = sys.stdout if out is None else out
    env = dict(os.environ)
    checks: list[doctor.Check] = []
    try:
        settings = load_settings(cli=args)
    except SettingsError as exc:
        checks.append(doctor.Check("config", "fail", one_line(exc, 300), "fix the setting"))
    else:
        checks.append(doctor.check_config(settings))
        checks.append(doctor.check_key(settings))
        probe = doctor.probe_base_url(settings, allow_insecure=bool(args.allow_insecure_http))
        checks.append(asyncio.run(probe))
    terminal = doctor_terminal
    tmux = terminal.read_tmux(env)
    checks += [
        terminal.check_size(terminal.TerminalFacts.current()),
        terminal.check_colours(env),
        terminal.check_tmux(tmux),
        terminal.check_ssh(env),
        terminal.check_clipboard(env, tmux=tmux),
    ]
    if args.json:
        print(json.dumps(doctor.report(checks), indent=2), file=stream)
    else:
        for check in checks:  # paths and URLs are the operator's, but still never raw
            fix = f"  -> {one_line(check.fix)}" if check.fix else ""
            line = f"{check.status.upper():<4}  {check.name:<9}  {one_line(check.summary)}{fix}"
            print(line, file=stream)
    return 0 if doctor.all_passed(checks) else 1

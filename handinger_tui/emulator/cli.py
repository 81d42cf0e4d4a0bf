"""The ``handinger-tui emulator`` subcommand: its flags and running the emulator in the foreground.

Only the standard library is imported at module level (the CLI imports this at startup).
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import signal
import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .http_server import EmulatorServer


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8787, help="port (0 = a free port; default 8787)"
    )
    parser.add_argument(
        "--api-key",
        action="append",
        default=None,
        metavar="KEY",
        help="a Bearer key to accept (default: random); give it again for a second user of "
        "the same organization, who cannot change the first user's workers nor see the "
        "private ones",
    )
    parser.add_argument(
        "--seed", choices=("demo", "empty"), default="demo", help="initial data (default demo)"
    )
    parser.add_argument("--db", default=None, help="keep state in this SQLite file across restarts")
    parser.add_argument(
        "--task-seconds",
        type=float,
        default=3.0,
        help="how long a standard-budget task runs, in emulator seconds (default 3)",
    )
    parser.add_argument(
        "--webhook-timeout", type=float, default=10.0, help="webhook delivery timeout in seconds"
    )
    parser.add_argument(
        "--allow-external-webhooks",
        action="store_true",
        help="deliver webhooks to non-loopback hosts too (default: loopback only)",
    )
    parser.add_argument(
        "--allow-non-loopback",
        action="store_true",
        help="permit binding --host to a non-loopback address (exposes the emulator)",
    )


def _print_banner(server: EmulatorServer) -> None:
    out = sys.stdout
    print(f"Handinger emulator listening on {server.base_url}", file=out)
    print(f"API key: {server.api_key}", file=out)
    print("Export these to point a client at it:", file=out)
    print(f"  export HANDINGER_BASE_URL={server.base_url}", file=out)
    print(f"  export HANDINGER_API_KEY={server.api_key}", file=out)
    for user in server.runtime.keys.values():
        print(f"Another key is accepted too, acting as {user} (a second user)", file=out)
    workers = server.workers()
    print(f"Workers ({len(workers)}):", file=out)
    for w in workers:
        print(f"  {w['id']}  {w['title']}", file=out)
    print(
        "Control surface: /_emulator/ (stats, faults, clock, reset, workers). Ctrl-C stops.",
        file=out,
    )
    out.flush()


def run(args: argparse.Namespace) -> int:
    """Start the emulator, print how to use it, and serve until Ctrl-C / SIGTERM."""
    if not _is_loopback(args.host):
        if not args.allow_non_loopback:
            print(
                f"error: refusing to bind non-loopback host {args.host!r}; "
                "pass --allow-non-loopback to expose the emulator on the network",
                file=sys.stderr,
            )
            return 2
        print(
            f"warning: binding {args.host}: anyone who can reach it can use the emulator",
            file=sys.stderr,
        )
    from .http_server import EmulatorServer  # not at the top: it loads uvicorn and starlette

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    keys: list[str] = args.api_key or []
    try:
        server = EmulatorServer(
            api_key=keys[0] if keys else None,
            extra_api_keys=keys[1:],
            seed=args.seed,
            db=args.db,
            host=args.host,
            port=args.port,
            allow_external_webhooks=args.allow_external_webhooks,
            task_seconds=args.task_seconds,
            webhook_timeout=args.webhook_timeout,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        server.start()
    except OSError as exc:
        print(
            f"error: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 1
    stop = threading.Event()

    def _on_signal(signum: int, frame: object) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, _on_signal)
    try:
        _print_banner(server)
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
        print("Emulator stopped.", file=sys.stderr)
    return 0

"""5,000 tracked workers at rest with the list, the Agenda or the Problems view open.

``.venv/bin/python benchmarks/fleet_views.py [--fleet 5000] [--seconds 20]``: an emulator
process with N workers (`fleet.Fleet`), the explorer in a real pty (`term.Terminal`) until
the list is filled, then for each view: the key that opens it, 3 s to settle, and the CPU of
the explorer's process over the window. It prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import time

from fleet import BIN, Fleet
from screens import list_filled
from term import Terminal

VIEWS = {"list": b"", "agenda": b"A", "problems": b"!"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fleet", type=int, default=5000, help="tracked workers")
    parser.add_argument("--seconds", type=float, default=20.0, help="rest window per view")
    args = parser.parse_args()
    print(f"load average at start {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    with Fleet(args.fleet) as fleet:
        for view, key in VIEWS.items():
            with Terminal([str(BIN / "handinger-tui")], 160, 48, env=fleet.env) as term:
                term.wait_for(list_filled, 120, "the filled list")
                if key:
                    term.send(key)
                term.drain(3.0, parse=False)
                cpu0, t0 = term.cpu_seconds(), time.monotonic()
                written = term.drain(args.seconds, parse=False)
                cpu1, t1 = term.cpu_seconds(), time.monotonic()
            load = os.getloadavg()[0]
            print(
                f"{args.fleet} tracked, {view:8} open: {100 * (cpu1 - cpu0) / (t1 - t0):5.1f}% "
                f"of a core, {written / (t1 - t0):6.0f} B/s written, load {load:.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()

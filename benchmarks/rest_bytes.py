"""What the explorer writes to the terminal at rest, frame by frame, and which rows change.

    .venv/bin/python benchmarks/rest_bytes.py                 # --demo, 160x48, 20 s
    .venv/bin/python benchmarks/rest_bytes.py --size 80x24 --seconds 30 --frames

After the worker list is filled and start-up has settled, every frame written to the pty
is fed to the screen; the rows whose text differs from the frame before are counted, with
the bytes of each frame. A frame that changes no row's text repainted something that was
already shown (its colours may still differ). A benchmark aid: it prints, asserts nothing.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from screens import list_filled  # noqa: E402
from term import Terminal  # noqa: E402

BIN = HERE.parent / ".venv" / "bin"
MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")


def bytes_by_row(data: bytes) -> dict[int, int]:
    """Bytes written after each cursor move, by the row moved to (0-based)."""
    found: dict[int, int] = {}
    moves = list(MOVE.finditer(data))
    for move, after in zip(moves, [*moves[1:], None], strict=True):
        end = after.start() if after is not None else len(data)
        row = int(move.group(1)) - 1
        found[row] = found.get(row, 0) + end - move.start()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="160x48")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--settle", type=float, default=3.0)
    parser.add_argument("--frames", action="store_true", help="print each frame's changes")
    parser.add_argument("--cmd", default=str(BIN / "handinger-tui"), help="the explorer")
    parser.add_argument("--show", action="store_true", help="print the screen at the end")
    parser.add_argument("args", nargs="*", default=["--demo"], help="the explorer's arguments")
    args = parser.parse_args()
    cols, rows = (int(n) for n in args.size.split("x"))
    with Terminal([*args.cmd.split(), *args.args], cols, rows) as term:
        term.wait_for(list_filled, 60, "the filled list")
        deadline = time.monotonic() + args.settle
        while time.monotonic() < deadline:
            term.step(0.05)
        shown = list(term.screen.display)
        changed: collections.Counter[int] = collections.Counter()
        sample: dict[int, tuple[str, str]] = {}
        frames = blank = 0
        bytes0, t0 = term.bytes_read, time.monotonic()
        cpu0 = term.cpu_seconds()
        fed: list[bytes] = []
        feed = term._stream.feed

        def recording(data: bytes) -> None:
            fed.append(data)
            feed(data)

        term._stream.feed = recording  # type: ignore[method-assign]
        row_bytes: collections.Counter[int] = collections.Counter()
        while (left := t0 + args.seconds - time.monotonic()) > 0:
            before = term.bytes_read
            if not term.step(min(left, 0.05)):
                continue
            frames += 1
            by_row = bytes_by_row(b"".join(fed))
            fed.clear()
            row_bytes.update(by_row)
            now = list(term.screen.display)
            rows_changed = [y for y, (a, b) in enumerate(zip(shown, now, strict=True)) if a != b]
            blank += not rows_changed
            for y in rows_changed:
                changed[y] += 1
                sample[y] = (shown[y].rstrip(), now[y].rstrip())
            if args.frames:
                at = time.monotonic() - t0
                size = term.bytes_read - before
                print(f"{at:6.2f}s {size:6d} B rows {rows_changed} wrote {sorted(by_row.items())}")
            shown = now
        spent = time.monotonic() - t0
        if args.show:
            print(
                "\n".join(f"{y:2d} {line.rstrip()}" for y, line in enumerate(term.screen.display))
            )
        cpu = 100 * (term.cpu_seconds() - cpu0) / spent
        written = term.bytes_read - bytes0
    print(f"{args.size}: {written / spent:.0f} B/s, {frames / spent:.2f} frames/s, CPU {cpu:.1f}%")
    print(f"frames that changed no row's text: {blank} of {frames}")
    print("bytes written per row:", sorted(row_bytes.items()))
    for y, count in sorted(changed.items()):
        old, new = sample[y]
        x = next(
            (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
            min(len(old), len(new)),
        )
        start = max(0, x - 30)
        print(f"row {y:2d} changed {count:3d}x  col {x:3d} was: {old[start : x + 40]!r}")
        print(f"{'':29}now: {new[start : x + 40]!r}")


if __name__ == "__main__":
    main()

"""The explorer against a bare Textual app, measured in a real pseudo-terminal.

    .venv/bin/python benchmarks/run.py                      # everything, both sizes
    .venv/bin/python benchmarks/run.py --only launch --reps 9 --sizes 160x48
    .venv/bin/python benchmarks/run.py --only keys --tracked 500,5000

Both programs start as an operator starts them, from the venv's entry points
(``.venv/bin/handinger-tui --demo`` and ``.venv/bin/python benchmarks/bare_app.py``; with
``--via uv`` through ``uv run``, which adds uv's own start-up to both), each on a pty of its
own (see ``term.py``). Runs are paired (bare, explorer, bare, explorer, ...); each row
prints medians and the median of the paired ratios, with the load average when the row was
measured: on a busy machine both programs slow down, the ratio much less.

Measurements (``--only``):
  launch  launch to first frame (bottom row painted), bare and explorer; launch to every
          visible cell of the worker list filled on ``--demo`` (ratio to bare first frame)
  keys    key to frame written: from writing a cursor key to the pty until the frame that
          shows the moved cursor has been read back, polling at the default cadence; on
          ``--demo`` and with each ``--tracked`` count of workers (an emulator process);
          the bare app here is ``bare_app.py --table``, a DataTable of 11 rows
  rest    CPU (share of one core, the program and every process it started) and bytes/s
          written to the terminal, no input, default polling, after start-up settled
  floor   launch to live rows for ``floor_app.py`` (the stack and nothing of the explorer:
          the demo child, httpx, pydantic, the client, each visible row's requests), paired
          with the bare frame and the explorer's filled list; not in the default set
  fleet   5,000 tracked workers (``--fleet``): launch to first frame and to the first live
          status, the ids from the tracked-workers file (and with ``--flags`` as
          ``--worker`` flags)

``--bytecode-cache`` lets both programs write and reuse bytecode (a temporary
``PYTHONPYCACHEPREFIX``; the warm-up launch fills it). Without it, where this environment's
``PYTHONDONTWRITEBYTECODE=1`` is set, our modules use the bytecode ``uv sync`` compiled when
it installed the project (``hatch_build.py``); a module edited since compiles each launch,
and the run says how many do.

These are benchmarks, not tests: they print figures and assert nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pyte import Screen

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from fleet import Fleet  # noqa: E402
from screens import list_filled, live_status_shown, row_backgrounds  # noqa: E402
from term import Terminal, Timeout, bottom_row_painted, text  # noqa: E402

ROOT = HERE.parent
BIN = ROOT / ".venv" / "bin"
DOWN, UP = b"\x1b[B", b"\x1b[A"
LIVE = "Workers · live"  # floor_app.py's box title once its rows are answered


@dataclass
class Row:
    """One line of the table."""

    what: str
    size: str
    bare: list[float] = field(default_factory=list)
    ours: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    unit: str = "ms"
    target: str = ""
    load: float = 0.0
    note: str = ""


def commands(via: str) -> tuple[list[str], list[str]]:
    """``(bare app, explorer)`` argv, without the explorer's arguments."""
    if via == "uv":
        uv = ["uv", "run", "--project", str(ROOT)]
        return [*uv, "python", str(HERE / "bare_app.py")], [*uv, "handinger-tui"]
    return [str(BIN / "python"), str(HERE / "bare_app.py")], [str(BIN / "handinger-tui")]


def load() -> float:
    return os.getloadavg()[0]


def ms(since: float, at: float) -> float:
    return (at - since) * 1000


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def settle(term: Terminal, seconds: float) -> None:
    """Let start-up finish: take output for ``seconds`` (the program keeps running)."""
    term.drain(seconds)


# -- launch -----------------------------------------------------------------------------


def launch(bare: list[str], ours: list[str], size: tuple[int, int], reps: int) -> list[Row]:
    """Paired launches; the notes add the CPU each program had used when its frame was seen
    (its own, not its children's: steadier than wall time on a busy machine)."""
    label = f"{size[0]}x{size[1]}"
    frame = Row("launch -> first frame", label, target="<= 1.3x", load=load())
    filled = Row("launch -> worker list filled (--demo)", label, target="<= 2x bare frame")
    filled.load = frame.load
    cpu_bare: list[float] = []
    cpu_frame: list[float] = []
    cpu_filled: list[float] = []
    for _ in range(reps):
        with Terminal(bare, *size) as term:
            bare_frame = ms(term.started, term.wait_for(bottom_row_painted, 60, "bare frame"))
            cpu_bare.append(1000 * term.own_cpu_seconds())
        with Terminal([*ours, "--demo"], *size) as term:
            first = ms(term.started, term.wait_for(bottom_row_painted, 60, "first frame"))
            cpu_frame.append(1000 * term.own_cpu_seconds())
            full = ms(term.started, term.wait_for(list_filled, 60, "the filled list"))
            cpu_filled.append(1000 * term.own_cpu_seconds())
        frame.bare.append(bare_frame)
        frame.ours.append(first)
        frame.ratios.append(first / bare_frame)
        filled.bare.append(bare_frame)
        filled.ours.append(full)
        filled.ratios.append(full / bare_frame)
    median = statistics.median
    # Read when the frame was seen: the explorer's start-up thread may have run on meanwhile.
    frame.note = f"CPU when seen: bare {median(cpu_bare):.0f}, explorer {median(cpu_frame):.0f} ms"
    filled.note = f"CPU when seen: explorer {median(cpu_filled):.0f} ms (its own process)"
    return [frame, filled]


def floor(bare: list[str], ours: list[str], size: tuple[int, int], reps: int) -> list[Row]:
    """Paired: bare frame, ``floor_app.py`` to its rows live, explorer to its list filled.

    The floor pays the stack (the emulator child, httpx, pydantic, the client, 33 requests)
    and nothing of the explorer; the two rows split the filled list's ratio between them."""
    label = f"{size[0]}x{size[1]}"
    lowest = Row("floor app: launch -> rows live (--demo, no explorer)", label, load=load())
    lowest.target = "(2x bare frame)"
    filled = Row("launch -> worker list filled (--demo)", label, target="<= 2x bare frame")
    filled.load = lowest.load
    floor_app = [*bare[:-1], str(HERE / "floor_app.py")]  # started as the bare app is
    cpu_floor: list[float] = []
    cpu_filled: list[float] = []
    for _ in range(reps):
        with Terminal(bare, *size) as term:
            bare_frame = ms(term.started, term.wait_for(bottom_row_painted, 60, "bare frame"))
        with Terminal(floor_app, *size) as term:
            live = ms(term.started, term.wait_for(floor_live, 60, "the floor's rows"))
            cpu_floor.append(1000 * term.own_cpu_seconds())
        with Terminal([*ours, "--demo"], *size) as term:
            full = ms(term.started, term.wait_for(list_filled, 60, "the filled list"))
            cpu_filled.append(1000 * term.own_cpu_seconds())
        for row, at in ((lowest, live), (filled, full)):
            row.bare.append(bare_frame)
            row.ours.append(at)
            row.ratios.append(at / bare_frame)
    median = statistics.median
    lowest.note = f"CPU when seen: {median(cpu_floor):.0f} ms (its own process)"
    filled.note = f"CPU when seen: explorer {median(cpu_filled):.0f} ms (its own process)"
    return [lowest, filled]


def floor_live(screen: Screen) -> bool:
    """The floor app's frame with every visible row answered (it retitles its box then)."""
    return any(LIVE in row for row in text(screen))


# -- keys --------------------------------------------------------------------------------


def moved(before: tuple[str, ...], screen: Screen) -> bool:
    return row_backgrounds(screen) != before


def press_keys(term: Terminal, presses: int, gap: float) -> list[float]:
    """Cursor keys (5 down, 5 up, ...): key written -> frame with the moved cursor read."""
    samples: list[float] = []
    for i in range(presses):
        key = DOWN if (i // 5) % 2 == 0 else UP
        term.drain(0)  # take what is pending, so "before" is the screen now shown
        before = row_backgrounds(term.screen)
        sent = term.send(key)
        shown = term.wait_for(partial(moved, before), 10, "the cursor move")
        samples.append(ms(sent, shown))
        term.drain(gap)  # the operator's pace between presses
    return samples


def keys(
    argv: list[str],
    size: tuple[int, int],
    presses: int,
    gap: float,
    env: dict[str, str] | None = None,
) -> list[float]:
    """Start ``argv``, wait for the filled list and 2 s more, then time cursor keys."""
    with Terminal(argv, *size, env=env or {}) as term:
        term.wait_for(list_filled, 120, "the filled list")
        settle(term, 2.0)
        return press_keys(term, presses, gap)


def keys_row(
    label: str, size: tuple[int, int], bare: list[float], ours: list[float], target: str
) -> Row:
    """p95 of each; the ratio is of the p95s (the bare app: a DataTable, ``--table``)."""
    row = Row(f"key -> frame written, {label}", f"{size[0]}x{size[1]}", target=target)
    row.bare, row.ours, row.unit = bare, ours, "ms p95"
    row.ratios = [p95(ours) / p95(bare)]
    row.note = (
        f"median {statistics.median(ours):.0f}, max {max(ours):.0f} ms; "
        f"bare median {statistics.median(bare):.0f}"
    )
    return row


def keys_demo(
    bare: list[str], ours: list[str], size: tuple[int, int], presses: int, gap: float
) -> list[Row]:
    started_load = load()
    bare_samples = keys([*bare, "--table"], size, presses, gap)
    samples = keys([*ours, "--demo"], size, presses, gap)
    row = keys_row("--demo", size, bare_samples, samples, "p95 <= 16 ms")
    row.load = started_load
    return [row]


def keys_fleet(
    bare: list[str], ours: list[str], size: tuple[int, int], fleet: Fleet, presses: int, gap: float
) -> list[Row]:
    started_load = load()
    bare_samples = keys([*bare, "--table"], size, presses, gap)
    samples = keys(ours, size, presses, gap, fleet.env)
    target = "p95 <= 33 ms" if fleet.count > 500 else "p95 <= 16 ms"
    row = keys_row(f"{fleet.count} tracked", size, bare_samples, samples, target)
    row.load = started_load
    return [row]


# -- rest --------------------------------------------------------------------------------


def at_rest(
    argv: list[str], size: tuple[int, int], ready: Callable[[Screen], bool], seconds: float
) -> tuple[float, float]:
    """(% of one core, bytes/s) over ``seconds`` once start-up has settled."""
    with Terminal(argv, *size) as term:
        term.wait_for(ready, 60, "start-up")
        settle(term, 3.0)
        cpu0, t0 = term.cpu_seconds(), time.monotonic()
        written = term.drain(seconds, parse=False)
        cpu1, t1 = term.cpu_seconds(), time.monotonic()
    return 100 * (cpu1 - cpu0) / (t1 - t0), written / (t1 - t0)


def rest(
    bare: list[str], ours: list[str], size: tuple[int, int], seconds: float, reps: int
) -> list[Row]:
    label = f"{size[0]}x{size[1]}"
    cpu = Row("at rest: CPU (--demo, emulator included)", label, unit="% core", target="<= 2%")
    out = Row("at rest: written to the terminal (--demo)", label, unit="B/s", target="<= 2048")
    cpu.load = out.load = load()
    for _ in range(reps):
        bare_cpu, bare_out = at_rest(bare, size, bottom_row_painted, seconds)
        our_cpu, our_out = at_rest([*ours, "--demo"], size, list_filled, seconds)
        cpu.bare.append(bare_cpu)
        cpu.ours.append(our_cpu)
        out.bare.append(bare_out)
        out.ours.append(our_out)
    return [cpu, out]


# -- 5,000 workers -------------------------------------------------------------------------


def fleet_start(
    ours: list[str], size: tuple[int, int], fleet: Fleet, flags: bool, timeout: float
) -> list[Row]:
    how = "--worker flags" if flags else "tracked-workers file"
    row = Row(f"{fleet.count} tracked: launch -> first live status ({how})", "", unit="ms")
    row.size, row.target, row.load = f"{size[0]}x{size[1]}", "<= 2000 ms", load()
    argv = [*ours, *(a for i in fleet.ids for a in ("--worker", i))] if flags else ours
    env = fleet.env_without_file() if flags else fleet.env
    first = live = float("inf")
    with Terminal(argv, *size, env=env) as term:
        try:
            first = ms(term.started, term.wait_for(bottom_row_painted, timeout, "first frame"))
            live = ms(term.started, term.wait_for(live_status_shown, timeout, "a live status"))
        except Timeout:
            pass
    row.ours = [live]
    shown = "not within the timeout" if first == float("inf") else f"{first:.0f} ms"
    row.note = f"first frame {shown} (timeout {timeout:g} s)"
    return [row]


def fleet_rest(ours: list[str], size: tuple[int, int], fleet: Fleet, seconds: float) -> list[Row]:
    """CPU, bytes written and requests to the service at rest with ``fleet.count`` tracked."""
    label = f"{size[0]}x{size[1]}"
    cpu = Row(f"{fleet.count} tracked: at rest CPU", label, unit="% core", target="<= 3%")
    rate = Row(f"{fleet.count} tracked: at rest requests", label, unit="req/min")
    rate.target = "<= 1.2x at 500"
    cpu.load = rate.load = load()
    with Terminal(ours, *size, env=fleet.env) as term:
        term.wait_for(list_filled, 120, "the filled list")
        settle(term, 3.0)
        cpu0, asked0, t0 = term.cpu_seconds(), fleet.requests(), time.monotonic()
        written = term.drain(seconds, parse=False)
        cpu1, asked1, t1 = term.cpu_seconds(), fleet.requests(), time.monotonic()
    cpu.ours = [100 * (cpu1 - cpu0) / (t1 - t0)]
    cpu.note = f"{written / (t1 - t0):.0f} B/s written"
    rate.ours = [60 * (asked1 - asked0) / (t1 - t0)]  # /api requests (stats are not counted)
    rate.note = f"over {t1 - t0:.0f} s"
    return [cpu, rate]


# -- the table ---------------------------------------------------------------------------


def fmt(value: float, unit: str) -> str:
    if value == float("inf"):
        return "timeout"
    return f"{value:.1f}" if unit == "% core" else f"{value:.0f}"


HEAD = (
    f"{'measurement':58} {'size':7} {'bare':>8} {'explorer':>9} {'ratio':>6}  "
    f"{'unit':7} {'target':17} {'load':>5}  note"
)


def line(r: Row) -> str:
    if not r.ours:
        ours, bare = float("inf"), ""
    elif r.unit == "ms p95":
        ours, bare = p95(r.ours), fmt(p95(r.bare), r.unit) if r.bare else ""
    else:
        ours = statistics.median(r.ours)
        bare = fmt(statistics.median(r.bare), r.unit) if r.bare else ""
    if r.ratios:  # paired runs: the median of the pairs' ratios
        ratio = f"{statistics.median(r.ratios):.2f}x"
    elif r.bare and statistics.median(r.bare) > 0:
        ratio = f"{statistics.median(r.ours) / statistics.median(r.bare):.1f}x"
    else:
        ratio = ""
    return (
        f"{r.what:58} {r.size:7} {bare:>8} {fmt(ours, r.unit):>9} {ratio:>6}  "
        f"{r.unit:7} {r.target:17} {r.load:5.2f}  {r.note}"
    )


def print_table(rows: list[Row]) -> None:
    print(f"\n{HEAD}")
    for r in rows:
        print(line(r))
    one, five, fifteen = os.getloadavg()
    print(f"\nload average now {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs")


def measure(rows: list[Row], what: str, job: Callable[[], list[Row]]) -> None:
    """Run one measurement, print its rows as soon as they are known; a timeout is a row."""
    try:
        done = job()
    except Timeout as exc:
        print(exc, file=sys.stderr)  # with the screen as it was
        first = str(exc).splitlines()[0]
        done = [Row(what, "", note=f"timeout: {first}", load=load())]
    for r in done:
        print(line(r), flush=True)
    rows += done


def parse_size(text: str) -> tuple[int, int]:
    cols, _, rows = text.partition("x")
    return int(cols), int(rows)


def own_bytecode() -> tuple[int, int]:
    """How many of the package's modules have bytecode at least as new as their source."""
    sources = sorted((ROOT / "handinger_tui").rglob("*.py"))
    fresh = 0
    for source in sources:
        compiled = Path(importlib.util.cache_from_source(str(source)))
        if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
            fresh += 1
    return fresh, len(sources)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", default="launch,keys,rest,fleet", help="measurements, comma-separated"
    )
    parser.add_argument("--sizes", default="80x24,160x48", help="terminal sizes, comma-separated")
    parser.add_argument("--reps", type=int, default=5, help="paired runs per launch/rest row")
    parser.add_argument("--presses", type=int, default=40, help="cursor keys per key row")
    parser.add_argument("--gap", type=float, default=0.25, help="seconds between key presses")
    parser.add_argument("--rest-seconds", type=float, default=10.0, help="rest window")
    parser.add_argument("--tracked", default="500,5000", help="worker counts for the key rows")
    parser.add_argument("--fleet", type=int, default=5000, help="workers for the fleet rows")
    parser.add_argument("--flags", action="store_true", help="fleet start with --worker flags too")
    parser.add_argument(
        "--flags-timeout", type=float, default=300, help="seconds to wait with --worker flags"
    )
    parser.add_argument("--via", choices=("venv", "uv"), default="venv")
    parser.add_argument(
        "--bytecode-cache",
        action="store_true",
        help="let both programs cache their bytecode (a temporary PYTHONPYCACHEPREFIX, "
        "PYTHONDONTWRITEBYTECODE unset), warmed by one launch of each before measuring",
    )
    args = parser.parse_args(argv)
    if args.bytecode_cache:  # the children inherit this process's environment
        os.environ["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="bench-pyc-")
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    only = set(args.only.split(","))
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    tracked = [int(n) for n in args.tracked.split(",") if n]
    bare, ours = commands(args.via)
    rows: list[Row] = []
    one, five, fifteen = os.getloadavg()
    print(f"load average at start {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs")
    cache = os.environ.get("PYTHONPYCACHEPREFIX", "")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        fresh, total = own_bytecode()
        print(
            f"bytecode: not written (PYTHONDONTWRITEBYTECODE); {fresh} of our {total} modules "
            "have bytecode from the install (`uv sync --reinstall-package handinger-tui` "
            "compiles the rest), the others compile each launch"
        )
    else:
        print(f"bytecode: cached{f' in {cache}' if cache else ' next to the sources'}")
    # Warm the OS file cache (and the bytecode cache) so the first pair is not the only one
    # paying for the disk: up to the filled list, so the modules loaded later are in it too.
    for warm, ready in ((bare, bottom_row_painted), ([*ours, "--demo"], list_filled)):
        with Terminal(warm, 80, 24) as term:
            term.wait_for(ready, 60, "warm-up")
    print(HEAD, flush=True)
    for size in sizes:
        label = f"{size[0]}x{size[1]}"
        if "launch" in only:
            measure(rows, f"launch {label}", partial(launch, bare, ours, size, args.reps))
        if "floor" in only:
            measure(rows, f"floor {label}", partial(floor, bare, ours, size, args.reps))
        if "keys" in only:
            job = partial(keys_demo, bare, ours, size, args.presses, args.gap)
            measure(rows, f"keys --demo {label}", job)
        if "rest" in only:
            reps = max(1, args.reps // 2)
            measure(rows, f"rest {label}", partial(rest, bare, ours, size, args.rest_seconds, reps))
    counts = set(tracked) if "keys" in only else set()
    if "fleet" in only:
        counts |= {500, args.fleet}
    size = sizes[-1]
    for count in sorted(counts):
        with Fleet(count) as fleet:
            if "keys" in only and count in tracked:
                job = partial(keys_fleet, bare, ours, size, fleet, args.presses, args.gap)
                measure(rows, f"keys {count} tracked", job)
            if "fleet" in only:
                window = max(args.rest_seconds, 30.0)  # several row refreshes
                idle = partial(fleet_rest, ours, size, fleet, window)
                measure(rows, f"{count} tracked rest", idle)
            if "fleet" in only and count == args.fleet:
                start = partial(fleet_start, ours, size, fleet, False, 120)
                measure(rows, f"{count} tracked start", start)
                if args.flags:
                    start = partial(fleet_start, ours, size, fleet, True, args.flags_timeout)
                    measure(rows, f"{count} --worker flags", start)
    print_table(rows)


if __name__ == "__main__":
    main()

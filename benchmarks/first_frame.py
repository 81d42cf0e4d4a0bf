"""Time to the first frame: a bare Textual app vs `handinger-tui --demo`, and to first data.

    uv run python benchmarks/first_frame.py [runs]

Each run is a fresh interpreter (headless), so imports are paid every time as an operator
pays them. Prints the median and the spread; asserts nothing.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

BARE = """
import time, sys
from textual.app import App
from textual.widgets import Static, Footer
class Bare(App):
    def compose(self):
        yield Static("hello")
        yield Footer()
    def on_ready(self):
        print("frame", time.time(), flush=True)
        self.exit()
Bare().run(headless=True, size=(160, 48))
"""

OURS = """
import time, sys
from handinger_tui import demo
from handinger_tui.ui.app import HandingerApp, Launch
class Probe(HandingerApp):
    def on_ready(self):
        print("frame", time.time(), flush=True)
        self.set_interval(0.01, self._check)
    def _check(self):
        table = self.main_screen.query_one("#worker-table")
        if table.row_count and not any(
            str(table.get_row(r.key)[0]).startswith("…") for r in table.ordered_rows
        ):
            print("data", time.time(), flush=True)
            self.exit()
Probe(Launch(start_demo=demo.start_demo)).run(headless=True, size=(160, 48))
"""


def run(code: str) -> dict[str, float]:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    marks = {}
    for line in out.splitlines():
        name, _, stamp = line.partition(" ")
        if name in ("frame", "data"):
            marks[name] = (float(stamp) - start) * 1000
    return marks


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    run(BARE), run(OURS)  # warm the OS file cache
    results: dict[str, list[float]] = {}
    for _ in range(runs):
        for label, code in (("bare textual app", BARE), ("handinger-tui --demo", OURS)):
            for mark, ms in run(code).items():
                results.setdefault(f"{label}: first {mark}", []).append(ms)
    print(f"{runs} runs each, milliseconds from process start (median, min-max):")
    for label, values in results.items():
        print(
            f"  {label:40s} {statistics.median(values):7.0f}  ({min(values):.0f}-{max(values):.0f})"
        )


if __name__ == "__main__":
    main()

"""`handinger-tui --demo`'s emulator in a process of its own (``handinger_tui.demo_process``).

Run as ``python -m handinger_tui.emulator.demo_child`` with pipes for stdin and stdout (the
app starts it through ``main`` with the collector paused while it loads). It
starts the emulator on the demo data and writes one JSON line on stdout: ``{"base_url",
"api_key", "templates"}`` once it listens, or ``{"error"}`` if it cannot start. Then it
serves until its standard input ends (the app closed its end: it quit, crashed or was
killed, so no emulator outlives the app), and stops.
"""

from __future__ import annotations

import gc
import json
import sys
from typing import Any

from .http_server import EmulatorServer


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main() -> int:
    try:
        server = EmulatorServer(seed="demo").start()
    except Exception as exc:  # the app says it in words
        _say({"error": f"{type(exc).__name__}: {exc}"})
        return 1
    try:
        # The emulator's own surface knows the templates (the API has no get-template).
        templates = [w.get("template", w) for w in server.workers()]
        _say({"base_url": server.base_url, "api_key": server.api_key, "templates": templates})
        gc.enable()  # serving from now on
        while sys.stdin.buffer.read(4096):  # nothing is sent: this waits for the end
            pass
    except BrokenPipeError:  # the app is gone before it read the line
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

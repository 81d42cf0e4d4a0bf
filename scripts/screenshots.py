"""Write the README's SVG screenshots from the demo data (both clocks frozen, TZ=UTC).

uv run python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from handinger_tui import demo

OUT = Path(__file__).resolve().parent.parent / "screenshots"
SIZES = [(80, 24), (160, 48)]


async def shoot(size: tuple[int, int]) -> Path:
    server = demo.start_server(frozen=True)
    app = demo.frozen_app(server)
    path = OUT / f"main-{size[0]}x{size[1]}.svg"
    async with app.run_test(size=size) as pilot:
        await demo.settle(pilot)
        app.save_screenshot(filename=path.name, path=str(OUT))
    return path


def main() -> None:
    os.environ["TZ"] = "UTC"
    time.tzset()
    OUT.mkdir(exist_ok=True)
    for size in SIZES:
        print(asyncio.run(shoot(size)))


if __name__ == "__main__":
    main()

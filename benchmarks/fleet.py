"""Many tracked workers: an emulator process holding N workers, and a tracked-workers file.

The emulator runs as its own process (``handinger-tui emulator --seed empty``), so its CPU is
not in the explorer's figures. The N workers are created over HTTP like any client would,
and their templates written to the tracked-workers file for the emulator's base URL in a
private data directory, the way the explorer leaves it after creating them. The explorer
then starts with ``HANDINGER_BASE_URL``/``HANDINGER_API_KEY`` in its environment (never the
key on the command line).
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from handinger_tui.core.registry import Registry, registry_file_name

BIN = Path(__file__).resolve().parent.parent / ".venv" / "bin"


@dataclass
class Fleet:
    """``with Fleet(5000) as fleet:`` -> ``fleet.env`` for the explorer, ``fleet.ids``."""

    count: int
    base_url: str = ""
    api_key: str = ""
    ids: list[str] = field(default_factory=list)

    def __enter__(self) -> Fleet:
        self._dir = tempfile.TemporaryDirectory(prefix="hdg-bench-")
        home = Path(self._dir.name)
        self.env = {
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
        }
        self._proc = subprocess.Popen(
            [str(BIN / "handinger-tui"), "emulator", "--port", "0", "--seed", "empty"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        assert self._proc.stdout is not None
        for line in self._proc.stdout:  # the banner: URL, then the generated key
            if m := re.match(r"Handinger emulator listening on (\S+)", line):
                self.base_url = m.group(1)
            elif m := re.match(r"API key: (\S+)", line):
                self.api_key = m.group(1)
                break
        if not (self.base_url and self.api_key):
            self.__exit__()
            raise RuntimeError("the emulator did not start")
        templates = asyncio.run(self._create())
        self.ids = [str(t["id"]) for t in templates]
        registry = Registry.in_memory(self.base_url)
        for template in templates:
            registry.remember_template(template, source="created")
        data_dir = Path(self.env["XDG_DATA_HOME"]) / "handinger-tui"
        registry.path = data_dir / registry_file_name(self.base_url)  # one save, not N
        data_dir.mkdir(parents=True, exist_ok=True)
        registry.save()
        self.env |= {"HANDINGER_BASE_URL": self.base_url, "HANDINGER_API_KEY": self.api_key}
        return self

    def requests(self) -> int:
        """Requests the emulator has answered so far (its control surface counts them)."""
        headers = {"Authorization": f"Bearer {self.api_key}"}
        resp = httpx.get(f"{self.base_url}/_emulator/stats", headers=headers, trust_env=False)
        resp.raise_for_status()
        total: int = resp.json()["total"]
        return total

    def env_without_file(self) -> dict[str, str]:
        """The explorer's environment with an empty data directory (no tracked-workers file)."""
        fresh = Path(self._dir.name) / f"fresh-{len(os.listdir(self._dir.name))}"
        return self.env | {"XDG_DATA_HOME": str(fresh)}

    async def _create(self) -> list[dict[str, Any]]:
        headers = {"Authorization": f"Bearer {self.api_key}"}
        made: list[dict[str, Any]] = []
        async with httpx.AsyncClient(
            base_url=self.base_url, headers=headers, trust_env=False, timeout=60
        ) as http:
            for start in range(0, self.count, 50):
                batch = [
                    http.post("/api/workers", json={"title": f"Bench worker {n:05d}"})
                    for n in range(start, min(start + 50, self.count))
                ]
                for resp in await asyncio.gather(*batch):
                    resp.raise_for_status()
                    made.append(resp.json())
        return made

    def __exit__(self, *exc: object) -> None:
        if self._proc.poll() is None:
            os.killpg(self._proc.pid, signal.SIGTERM)
            self._proc.wait(10)
        if self._proc.stdout is not None:
            self._proc.stdout.close()
        self._dir.cleanup()


__all__ = ["Fleet"]

"""Build hook: an editable install ships the package's bytecode, as an installed wheel does.

pip compiles a wheel's modules when it installs them; uv links an editable project's source
and compiles nothing. Where PYTHONDONTWRITEBYTECODE is set (this project's machines set it),
every launch then compiled the ~70 modules of the first frame from source (~70 ms of CPU
before the first frame). The hook compiles them once, when `uv sync` builds the project;
Python reads that bytecode and skips it for any module edited since (its source is newer).
"""

from __future__ import annotations

import compileall
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileBytecode(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version != "editable":
            return  # a regular wheel is compiled by its installer
        package = Path(self.root) / "handinger_tui"
        try:
            compileall.compile_dir(package, quiet=1)
        except OSError as exc:  # a read-only checkout runs from source, only slower
            self.app.display_warning(f"bytecode not compiled: {exc}")

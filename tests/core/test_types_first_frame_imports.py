"""Core modules the first frame (or a form) imports load no wire library.

The wire models (pydantic) and the client (httpx) load behind the first frame; modules that
name a model take it from ``api.on_use`` and read it only once an answer has arrived.
"""

from __future__ import annotations

import pytest

from tests.support.modules import loaded_after


@pytest.mark.parametrize("module", ["handinger_tui.core.state", "handinger_tui.core.operations"])
def test_importing_it_loads_neither_pydantic_nor_httpx(module: str) -> None:
    loaded = loaded_after(f"import {module}")
    assert "handinger_tui" in loaded
    assert not loaded & {"pydantic", "pydantic_core", "httpx", "httpcore", "anyio"}

"""The state is on the first frame's import chain: importing it loads no wire library."""

from __future__ import annotations

from tests.support.modules import loaded_after


def test_importing_the_state_loads_neither_pydantic_nor_httpx() -> None:
    loaded = loaded_after("import handinger_tui.core.state")
    assert "handinger_tui" in loaded
    assert not loaded & {"pydantic", "pydantic_core", "httpx", "httpcore", "anyio"}

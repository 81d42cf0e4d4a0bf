"""A crash report never shows the API key or a webhook token (Textual's shows locals)."""

from __future__ import annotations

import pytest

from handinger_tui.emulator import EmulatorServer
from tests.support.pilot import demo_app, wait_for

TOKEN = "whk_SECRET_TOKEN_0123456789"


async def test_crash_report_has_no_secrets(
    demo_emulator: EmulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    app = demo_app(demo_emulator)
    api_key = demo_emulator.api_key

    def crash() -> None:
        key_in_a_local = api_key
        token_in_a_local = TOKEN
        raise RuntimeError(f"boom ({len(key_in_a_local) + len(token_in_a_local)})")

    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.session is not None, "the session")
            app.call_later(crash)
            await pilot.pause(0.5)
    report = capsys.readouterr().err
    assert "RuntimeError" in report and "boom" in report  # the report was printed
    assert api_key not in report
    assert TOKEN not in report

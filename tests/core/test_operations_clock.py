"""One clock for checks: `Operations` checks a schedule against the session's clock, as the
schedule form does (issue 8), so what the form accepted is what the operation accepts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handinger_tui.core.drafts import FieldErrors, ScheduleDraft
from handinger_tui.core.operations import Operations
from handinger_tui.core.registry import Registry
from handinger_tui.core.session import Session
from handinger_tui.core.settings import ApiKey
from handinger_tui.emulator import EmulatorServer
from tests.support.clock import FrozenClock


async def test_create_schedule_checks_against_the_session_clock(emulator: EmulatorServer) -> None:
    """The session's clock is a day ahead: two hours from the wall clock is in its past.

    Before, the operation checked against the wall clock and sent the request.
    """
    session = Session.open(
        api_key=ApiKey(emulator.api_key),
        base_url=emulator.base_url,
        registry=Registry.in_memory(emulator.base_url),
        clock=FrozenClock(datetime.now(UTC) + timedelta(days=1)),
    )
    try:
        soon = (datetime.now().astimezone() + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
        draft = ScheduleDraft(kind="scheduled", when=soon, input="Daily digest")
        emulator.reset_stats()
        with pytest.raises(FieldErrors) as info:
            await Operations(session).create_schedule("t_org_1_w_X", draft)
        assert "when" in info.value.errors
        assert emulator.stats()["total"] == 0
    finally:
        await session.close()

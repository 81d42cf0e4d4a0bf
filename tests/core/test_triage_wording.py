"""What a failing webhook's problem says: one failed delivery is singular."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest

from handinger_tui.api import models
from handinger_tui.core import triage
from handinger_tui.core.state import ExplorerState, Key, Kind, Resource
from tests.support import examples

NOW = datetime(2026, 5, 12, 10, 0, tzinfo=UTC)


def deliveries(*failed: bool, pages: int = 1) -> models.WebhookExecutionList:
    """Deliveries, newest first: a failed one (True) or one that passed (False)."""
    logs = []
    for n, fails in enumerate(failed):
        log = copy.deepcopy(examples.WEBHOOK_EXECUTIONS["logs"][1 if fails else 0])
        log["id"] = f"whe_{n}"
        log["createdAt"] = (NOW - timedelta(hours=n)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        logs.append(log)
    return models.WebhookExecutionList.model_validate(
        {"logs": logs, "page": 1, "pageCount": pages, "totalCount": len(logs) * pages}
    )


@pytest.mark.parametrize(
    ("failed", "pages", "said"),
    [
        ((True, False), 1, "1 delivery failed in a row"),
        ((True,), 3, "1+ deliveries failed in a row"),
        ((True, True, False), 1, "2 deliveries failed in a row"),
    ],
)
def test_the_count_agrees_with_its_noun(failed: tuple[bool, ...], pages: int, said: str) -> None:
    state = ExplorerState()
    key = Key(Kind.EXECUTIONS, "w", 1)
    state.resources[key] = Resource(value=deliveries(*failed, pages=pages), fetched_at=NOW)
    (problem,) = triage.problems(state, ["w"], NOW)
    assert problem.what == said

"""A GET whose 200 body is byte-identical to the last one for its URL is not parsed again."""

from __future__ import annotations

import httpx
import pytest

from handinger_tui.api import models
from tests.support import examples
from tests.support.api import MockAPI

W = "/api/workers/w1"
BODY = {**examples.WORKER, "id": "w1", "status": "running"}


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every ``Worker.model_validate`` call, by its input."""
    calls: list[object] = []
    original = models.Worker.model_validate.__func__  # type: ignore[attr-defined]

    def counting(cls: type[models.Worker], /, data: object, **kwargs: object) -> models.Worker:
        calls.append(data)
        return original(cls, data, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(models.Worker, "model_validate", classmethod(counting))
    return calls


async def test_identical_body_is_parsed_once(validations: list[object]) -> None:
    api = MockAPI().add("GET", W, BODY)
    async with api.client() as client:
        first = await client.workers.retrieve("w1")
        second = await client.workers.retrieve("w1")
        third = await client.workers.retrieve("w1")
    assert len(api.requests) == 3  # still asked every time
    assert len(validations) == 1
    assert second is first and third is first


async def test_changed_body_is_parsed_again(validations: list[object]) -> None:
    changed = {**BODY, "status": "completed"}
    api = MockAPI().add("GET", W, BODY, changed)
    async with api.client() as client:
        first = await client.workers.retrieve("w1")
        second = await client.workers.retrieve("w1")
    assert len(validations) == 2
    assert first.status == "running" and second.status == "completed"


async def test_an_error_answer_forgets_the_body(validations: list[object]) -> None:
    gone = httpx.Response(404, json={"error": "Not found"})
    api = MockAPI().add("GET", W, BODY, gone, BODY)
    async with api.client() as client:
        await client.workers.retrieve("w1")
        with pytest.raises(Exception, match="Not found"):
            await client.workers.retrieve("w1")
        assert not client._transport.memo
        await client.workers.retrieve("w1")
    assert len(validations) == 2


async def test_urls_are_kept_apart(validations: list[object]) -> None:
    api = MockAPI().add("GET", W, BODY).add("GET", "/api/workers/w2", {**BODY, "id": "w2"})
    async with api.client() as client:
        one = await client.workers.retrieve("w1")
        two = await client.workers.retrieve("w2")
        again = await client.workers.retrieve("w1")
    assert (one.id, two.id, again.id) == ("w1", "w2", "w1")
    assert len(validations) == 2

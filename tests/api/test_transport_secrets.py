"""The transport carries the key as the project's ``ApiKey`` and never shows it.

Textual's default crash screen and ``traceback`` with ``capture_locals`` print every local
of every frame a failure passed through, so the key must not sit in a local as plain text.
"""

from __future__ import annotations

import io
import traceback

import httpx
import pytest
from rich.console import Console
from rich.traceback import Traceback

from handinger_tui.api.key import ApiKey
from tests.support.api import MOCK_API_KEY, MockAPI


class _Boom(Exception):
    """A failure httpx does not know, raised while the request is being sent."""


def _explode(request: httpx.Request) -> httpx.Response:
    raise _Boom("the transport broke")


def _with_locals(exc: BaseException) -> str:
    """The traceback as stdlib and rich print it, every frame's locals included."""
    plain = "".join(traceback.TracebackException.from_exception(exc, capture_locals=True).format())
    out = io.StringIO()
    rich = Traceback.from_exception(
        type(exc), exc, exc.__traceback__, show_locals=True, locals_max_string=1000
    )
    Console(file=out, width=200, color_system=None).print(rich)
    return plain + out.getvalue()


def test_the_client_hands_its_own_key_to_the_transport() -> None:
    client = MockAPI().client()
    transport = client._transport
    assert isinstance(transport.api_key, ApiKey)
    assert transport.api_key is client.api_key
    assert MOCK_API_KEY not in repr(transport) and MOCK_API_KEY not in str(transport)


async def test_the_header_carries_the_key() -> None:
    api = MockAPI().add("GET", "/api/workers/w1/email", {"email": "w1@handinger.test"})
    await api.client().workers.retrieve_email("w1")
    assert api.requests[0].headers["authorization"] == f"Bearer {MOCK_API_KEY}"


async def test_a_failure_inside_a_request_shows_no_key_even_with_locals() -> None:
    api = MockAPI().add("GET", "/api/workers/w1", _explode)
    with pytest.raises(_Boom) as info:
        await api.client(max_retries=0).workers.retrieve("w1")
    shown = _with_locals(info.value)
    assert "_send_once" in shown  # the frame that builds the header is in the report
    assert MOCK_API_KEY not in shown

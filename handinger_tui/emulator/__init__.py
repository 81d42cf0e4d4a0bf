"""The local Handinger: a real HTTP server speaking the reference wire format.

``from handinger_tui.emulator import EmulatorServer`` (imported lazily so that the CLI's
``serve`` module stays cheap to import).

Choices where the reference is silent (the emulator's own, documented here):

- A worker that never ran: ``status "completed"``, ``running false``, empty ``output``,
  ``output_text``, ``messages``, ``sources``, ``files``; ``structured_output null``; no
  ``usage`` key; ``created_at`` = the worker's creation time (epoch seconds).
- ``running`` is true while the latest run is ``pending`` or ``running``.
- Refused like the reference refuses: ``NaN``/``Infinity`` in a body -> 400 (not JSON);
  ``outputSchema: null`` on create -> 422 (only update takes null).
- ``PATCH /api/workers/{id}`` with ``prompt`` -> 422 (prompt exists only on create);
  ``null`` for any field but ``outputSchema`` -> 422. Unknown body fields are ignored.
- ``POST .../webhook/regenerate-token`` without a webhook -> 404 (not 409, which the
  SDK would retry).
- Scheduled ``date`` must be an RFC 3339 date-time with seconds and an offset (``Z`` or
  ``+02:00``), else 422; a date in the past fires on the next engine tick. Cron is
  5-field, evaluated in UTC; one that can never fire -> 422.
- Missed interval/cron slots (clock jumps) coalesce into one run.
- Webhook executions: ``pageCount`` is 0 when there are none; a page past the end returns
  ``logs: []``.
- A follow-up turn (``taskId`` reused) while that task's run is active -> 409; an archived
  task -> 404 everywhere; ``taskId`` of another worker -> 422.
- ``stream`` (task create / worker retrieve) is accepted and ignored: always JSON.
  ``multipart/form-data`` uploads -> 415.
- Routing splits the raw path before decoding, so ``%2F`` stays inside one parameter.
- Several API keys act as several users of one organization: 403 for creator-only actions
  on another user's worker, 404 for another user's private worker (no invitations); see
  ``access``. ``--api-key`` twice, ``extra_api_keys=`` or ``POST /_emulator/keys``.
- A run that ended in ``error`` or ``aborted``: the Worker says ``status "completed"``,
  ``running false``, ``error {"code", "message"}``, the text and sources reached, no files;
  the Task has ``completedAt`` set. ``createdByUserId`` is null for email and schedule runs.
  A URL in a run's input is a source with ``title: null``; asking for a chart adds a file
  with ``filename: null``. Email/dashboard runs and early ends: see ``control``.
- Webhook delivery body: see ``engine``; control surface and sink: see ``control``;
  faults: see ``faults``; persistence (clock offset persists): see ``store``.

Faults are switched through ``PUT /_emulator/faults`` (``EmulatorServer.set_faults``):

- ``{"drift": true}``: every 2xx answer drifts the way the real service's may (fractional
  numbers where integers are documented, nulls, unknown keys and enum values, missing
  optionals; the exact list is in ``drift``). ``DELETE /_emulator/faults`` switches it off.
- ``{"errorAfterRate": 1}``: the write happens, then a 502 HTML page replaces the answer;
  ``{"dropAfterRate": 1}``: the write happens, then the connection closes unanswered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .server import EmulatorServer

__all__ = ["EmulatorServer"]


def __getattr__(name: str) -> Any:
    if name == "EmulatorServer":
        from .server import EmulatorServer

        return EmulatorServer
    raise AttributeError(name)

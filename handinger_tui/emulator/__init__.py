"""The local Handinger: a real HTTP server speaking the reference wire format.

``from handinger_tui.emulator import EmulatorServer`` (imported lazily so that the CLI's
``cli`` module stays cheap to import).

The files, from the outside in (each imports only files below it; no cycles):

- ``cli``: the ``handinger-tui emulator`` subcommand (flags, banner, run until Ctrl-C).
- ``http_server``: ``EmulatorServer``, uvicorn in a background thread, helpers over HTTP.
- ``fast_uvicorn``: a uvicorn ``Server`` that starts and stops in milliseconds.
- ``asgi_app``: ``build_app``, the Starlette app behind the edge middleware.
- ``edge``: raw ASGI middleware: request stats, injected faults, Bearer auth, drift.
- ``routes_api``: the ``/api`` handlers (§4) and their dispatch on the raw path.
- ``control``: the ``/_emulator/`` control surface and the webhook sink.
- ``seed``: the deterministic demo data; ``reseed`` resets a runtime to a seed.
- ``worker_factory``: a new worker with the service's defaults (API and seed).
- ``access``: the caller's user (Bearer key) and who may see or change what.
- ``runtime``: what one running emulator holds (store, clock, engine, faults, stats).
- ``engine``: runs, schedule firing and webhook delivery on the emulator clock.
- ``render``: records to wire bodies; ``content``: generated answers, sources, files.
- ``store`` (SQLite persistence), ``history`` (executions in page order), ``records``
  (the stored rows), ``ids``, ``clock``.
- ``http_json``: JSON in and out (body parsing, error shape, the ``guarded`` handler wrap).
- ``validation`` (request fields and limits), ``routing`` (the 16 route templates),
  ``faults`` (the fault settings), ``drift`` (how a drifting answer is reshaped),
  ``errors`` (``ApiError``).

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
    from .http_server import EmulatorServer

__all__ = ["EmulatorServer"]


def __getattr__(name: str) -> Any:
    if name == "EmulatorServer":
        from .http_server import EmulatorServer

        return EmulatorServer
    raise AttributeError(name)

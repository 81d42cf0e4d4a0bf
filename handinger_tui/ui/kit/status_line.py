"""The status line: where we are connected, whether it answers, the last error in words.

A base URL mistake that explains the trouble is named with its fix (see
:mod:`core.base_url_rules`); a request that has not answered for a while shows for how long.
"""

from __future__ import annotations

import logging
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from handinger_tui.core import formatting as fmt
from handinger_tui.core.base_url_rules import Mistake, likely_cause, may_be_tls, speaks_tls
from handinger_tui.core.safe_text import one_line
from handinger_tui.core.state import Connection
from handinger_tui.ui.kit import quiet

log = logging.getLogger("handinger_tui.ui.status")

KEY_HELP = (
    "Polling stopped. Set HANDINGER_API_KEY, or pass --api-key-file (or --api-key), or put "
    'api_key under [api] in the config file; then ctrl+p "API key" (K) re-reads it, or '
    "type a new key there."
)
SHOW_WAIT_AFTER = 2.0
"""Seconds a request waits for its answer before the status line says for how long."""
SHOW_IN_FLIGHT_AFTER = 1.0
"""Seconds the oldest request waits before "⟳ 3" shows: a poll answered in 20 ms would
otherwise flash it on and off (two repaints, ~700 bytes to the terminal) every poll."""
TLS_PROBE_LIMIT = 5.0
"""Seconds the one TLS handshake (an http URL failing: is it an https server?) may take."""


def _waiting(connection: Connection, now: datetime) -> str:
    """'waiting 12s for worker of t_org_…' for the oldest unanswered request, or ''."""
    if not connection.waiting:
        return ""
    key, since = min(connection.waiting.items(), key=lambda item: item[1])
    seconds = (now - fmt.aware(since)).total_seconds()
    if seconds < SHOW_WAIT_AFTER:
        return ""
    what = f"{key.kind.value} of {fmt.short_id(key.worker_id, 20)}"
    return f"waiting {fmt.span(seconds)} for {one_line(what, 60)}"


def _oldest_wait(connection: Connection, now: datetime) -> float:
    """Seconds the oldest unanswered request has waited (0 when none)."""
    if not connection.waiting:
        return 0.0
    return (now - fmt.aware(min(connection.waiting.values()))).total_seconds()


def status_text(
    target: str,
    connection: Connection,
    in_flight: int,
    now: datetime,
    note: str = "",
    *,
    tls_proved: bool = False,
) -> Text:
    """What the status line shows; each kind of trouble in its own words."""
    text = Text()
    cause = None if connection.halted else likely_cause(target, connection, tls_proved=tls_proved)
    if connection.halted:
        text.append("✘ API key refused", style="bold red")
    elif cause is not None:
        text.append(f"✘ {cause.summary}; likely cause. Fix: {cause.fix}", style="bold red")
    elif connection.ok is None:
        text.append("◌ connecting", style="bold")
    elif connection.ok:
        text.append("● connected", style="bold green")
    else:
        text.append(f"✘ {connection.problem or 'errors'}", style="bold red")
        if connection.outage:
            text.append(" (polling slowed)", style="red")
    text.append(f"  {one_line(target, 80)}")
    if note:
        text.append(f"  {note}", style="bold")
    if in_flight and _oldest_wait(connection, now) >= SHOW_IN_FLIGHT_AFTER:
        text.append(f"  ⟳ {in_flight}")
    if waiting := _waiting(connection, now):
        text.append(f"  {waiting}", style="bold yellow")
    if connection.halted:
        text.append(f"  {KEY_HELP}", style="bold")
    elif connection.last_error and connection.last_error_at:
        ago = fmt.relative(connection.last_error_at, now)
        text.append("  last error ", style="dim")
        text.append(f"{ago}: ", style="dim")
        text.append(one_line(connection.last_error, 160))
    return text


class StatusLine(Static):
    _halted = False
    _cause: Mistake | None = None
    _said: tuple[object, ...] = ()
    _tls_probed = ""  # the base URL a TLS handshake was tried on
    _tls_proved = False  # and it completed: an https server behind an http URL

    def show(
        self, target: str, connection: Connection, in_flight: int, now: datetime, note: str = ""
    ) -> None:
        self._log_change(connection)
        if may_be_tls(target, connection) and self._tls_probed != target:
            self._tls_probed = target
            self.run_worker(self._probe_tls(target), name="TLS probe", exit_on_error=False)
        proved = self._tls_proved
        cause = None if connection.halted else likely_cause(target, connection, tls_proved=proved)
        if connection.halted != self._halted or cause != self._cause:
            self._halted, self._cause = connection.halted, cause
            tall = connection.halted or cause is not None
            self.styles.height = "auto" if tall else 1  # the fix must be readable
            if cause is not None:
                log.warning("likely cause: %s; fix: %s", cause.summary, cause.fix)
                self.notify(
                    f"{cause.summary}. Fix: {cause.fix}",
                    title="Base URL",
                    severity="error",
                    timeout=30,
                    markup=False,
                )
            if connection.halted:
                self.notify(
                    f"The API key was refused. {KEY_HELP}",
                    title="API key refused",
                    severity="error",
                    timeout=30,
                    markup=False,
                )
        text = status_text(target, connection, in_flight, now, note, tls_proved=proved)
        # One fixed row unless tall: no layout pass for the screen.
        quiet.show(self, text, layout=connection.halted or cause is not None)

    async def _probe_tls(self, target: str) -> None:
        """One TLS handshake, no request and no key: does the http URL's server speak https?"""
        self._tls_proved = await speaks_tls(target, TLS_PROBE_LIMIT)
        log.info("TLS handshake with %s: %s", target, "completed" if self._tls_proved else "no")

    def _log_change(self, connection: Connection) -> None:
        """The connection's state changes go to the debug log (``--log FILE``), once each."""
        said = (connection.ok, connection.problem, connection.outage, connection.halted)
        if said == self._said:
            return
        self._said = said
        state = (
            "key refused, polling stopped"
            if connection.halted
            else "connecting"
            if connection.ok is None
            else "connected"
            if connection.ok
            else f"{connection.problem or 'errors'}{' (outage)' if connection.outage else ''}"
        )
        log.info("connection: %s; last error: %s", state, connection.last_error or "none")

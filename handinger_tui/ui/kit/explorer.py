"""What the explorer screen gives the actions of each feature: a typed base, no screen import.

`MainScreen` (ui/screens/main.py) derives from the feature mixins (ui/workers/actions.py,
ui/schedules/actions.py, ui/webhook/actions.py, ...), and each of them from `ExplorerBase`:
the session, the selection and the write plumbing (confirm, call, say it, refresh once).
The screen's own methods that actions call are declared here; being last in the MRO, these
declarations never shadow the screen's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen

from handinger_tui.core.safe_text import one_line

if TYPE_CHECKING:
    from handinger_tui.core.operations import Operations
    from handinger_tui.core.registry import TrackedWorker
    from handinger_tui.core.session import Session
    from handinger_tui.ui.kit.dialogs import ConfirmScreen

T = TypeVar("T")
UNREADABLE = "(unreadable"  # the row key of an item the server sent without an id
NO_ID = "That row came from the server without an id: it cannot be {what} from here."
NO_DETAILS = "That row came from the server without an id: its row shows all that was read."


class ExplorerBase(Screen[None]):
    """The explorer screen as its actions see it: session, selection, writes, copying."""

    session: Session | None = None
    read_only: bool = False
    active_pane: str = "workers"
    _ops: Operations | None = None
    _untracked: TrackedWorker | None = None  # what u tracks again

    # -- the screen's own (ui/screens/main.py) -------------------------------------------

    def refresh_all(self) -> None:
        raise NotImplementedError

    def select_worker(self, worker_id: str) -> None:
        raise NotImplementedError

    def _render_selected(self) -> None:
        raise NotImplementedError

    def _render_freshness(self) -> None:
        raise NotImplementedError

    def action_pane(self, pane: str) -> None:
        raise NotImplementedError

    @property
    def wide(self) -> bool:
        """Every pane on screen at once (the wide layout)."""
        raise NotImplementedError

    # -- the worker list's (ui/workers/actions.py), for Esc ------------------------------

    def filter_shown(self) -> bool:
        raise NotImplementedError

    def action_clear_filter(self) -> None:
        raise NotImplementedError

    # -- plumbing ------------------------------------------------------------------------

    @property
    def ops(self) -> Operations | None:
        if self.session is None:
            self.notify("Still connecting…", severity="warning", markup=False)
            return None
        if self._ops is None:
            # core.operations loads the wire models (pydantic): not before the first frame.
            from handinger_tui.core.operations import Operations

            self._ops = Operations(self.session)
        return self._ops

    def _selected(self) -> str | None:
        selected = self.session.state.selected if self.session is not None else None
        if selected is None:
            self.notify("Select a worker first.", severity="warning", markup=False)
        return selected

    def _worker_name(self, worker_id: str) -> str:
        tracked = self.session.registry.get(worker_id) if self.session else None
        return one_line(tracked.display_name if tracked is not None else worker_id, 80)

    def _failed(self, what: str, exc: BaseException) -> None:
        # Only raised once an Operations exists, so the module is loaded by then.
        from handinger_tui.core.operations import NotApplied

        if isinstance(exc, NotApplied):  # the server answered "not done": not a failure
            message = f"{what}: not done. {exc.message}"
            self.notify(message, severity="warning", timeout=12, markup=False)
            return
        self.notify(f"{what} failed: {exc}", severity="error", timeout=12, markup=False)

    def _changed(self, worker_id: str | None = None) -> None:
        """After a change: one refresh request for what it touched, one re-render."""
        if self.session is not None:
            self.session.coordinator.refresh_now(worker_id)
        self.refresh_all()

    def _run_write(
        self,
        what: str,
        confirm: ConfirmScreen,
        call: Callable[[], Awaitable[T]],
        done: str | Callable[[T], None],
        worker_id: str | None = None,
    ) -> None:
        """Ask with `confirm`; if yes, `call`; then say it (`done`) and refresh once.

        A failure is said (`what` failed, or was not done) and nothing is refreshed.
        """

        async def go(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                result = await call()
            except Exception as exc:
                self._failed(what, exc)
                return
            self._changed(worker_id)
            if isinstance(done, str):
                self.notify(done, markup=False)
            else:
                done(result)

        self.app.push_screen(confirm, go)

    # -- copying -------------------------------------------------------------------------

    async def _copy(self, value: str, label: str, secret: bool) -> str:
        """Copy by the best route; unless a route confirmed it, show the value whole.

        The message (a line or two: a toast never covers a dialog opened after it) names
        the route; it never contains a secret, and a secret is never shown in a dialog.
        """
        from handinger_tui.core.clipboard import copy_text  # a copy, not the first frame
        from handinger_tui.ui.kit.copy_value import CopyValueScreen, copy_note

        result = await copy_text(value, secret=secret, label=label, osc52_writer=self._osc52)
        if result.show_value is not None and not secret:
            self.app.push_screen(CopyValueScreen(label, result.show_value, result.message))
        return copy_note(result, label)

    async def _copy_shown(self, value: str, label: str, secret: bool = False) -> None:
        """Copy a value and say how it went (a copy dialog on top says it itself)."""
        from handinger_tui.ui.kit.copy_value import CopyValueScreen  # loaded by _copy

        message = await self._copy(value, label, secret)
        if not isinstance(self.app.screen, CopyValueScreen):  # else the dialog says it
            self.notify(message, timeout=8, markup=False)

    def _osc52(self, sequence: str) -> None:
        """Write an OSC 52 sequence to the terminal (through Textual's driver)."""
        driver = self.app._driver
        if driver is None:
            raise OSError("no terminal to write to")
        driver.write(sequence)

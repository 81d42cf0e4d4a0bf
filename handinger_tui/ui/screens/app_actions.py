"""The explorer's actions that open another screen or reach the whole app.

Mixed into MainScreen: help, refresh now, another API key, the full-screen output.
"""

from __future__ import annotations

from handinger_tui.ui.kit.explorer import ExplorerBase

STARTED = "the start of this session"  # where the key came from, when put back


class AppActions(ExplorerBase):
    """Help, refresh, API key, full output."""

    def action_help(self) -> None:
        from handinger_tui.ui.screens.help import HelpScreen  # opened, not first frame

        self.app.push_screen(HelpScreen(self.app, read_only=self.read_only))

    def action_refresh(self) -> None:
        if self.session is not None:
            self.session.coordinator.refresh_now()
            self.notify("Refreshing…", timeout=1.5, markup=False)

    def action_open_output(self) -> None:
        """The selected worker's output full screen: its run, search, copy, JSON, $PAGER."""
        # The full-screen view loads run facts (the wire models): not before the first frame.
        from handinger_tui.ui.detail.output_view import open_output_view

        open_output_view(self, self.session, self._copy)

    def action_api_key(self) -> None:
        """Use another API key (re-read, or typed masked); polling resumes with it."""
        from handinger_tui.ui.screens.api_key import ApiKeyScreen  # the session: httpx

        session = self.session
        if session is None:
            self.notify("Not connected yet.", timeout=3, markup=False)
            return
        refused = session.state.connection.halted
        reason = "The API key in use was refused; polling is stopped." if refused else ""
        # The first client holds the key the session started with (--demo: the demo's own).
        first = (session.retired[0] if session.retired else session.client).api_key

        def restore() -> str:
            session.use_key(first.get_secret_value())
            return STARTED

        def used(source: str | None) -> None:
            if source is not None:
                self.notify(f"Using the API key from {source}.", timeout=5, markup=False)
                self.refresh_all()

        back = None if first == session.client.api_key else restore
        self.app.push_screen(ApiKeyScreen(session.use_key, reason, back), used)

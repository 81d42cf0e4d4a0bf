"""The webhook pane's actions: set, remove, new token, reveal, errors only, a delivery's details.

Mixed into MainScreen (through ui/screens/row_actions.py); the paging keys are in paging.py.
A new token is shown once, in a dialog that copies it and never echoes it elsewhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on

from handinger_tui.core.safe_text import one_line
from handinger_tui.core.views import secret_value
from handinger_tui.ui.kit.explorer import NO_DETAILS
from handinger_tui.ui.webhook.paging import WebhookPaging
from handinger_tui.ui.webhook.pane import WebhookPane, WebhookPanel

if TYPE_CHECKING:
    from handinger_tui.api.models import Webhook


class WebhookActions(WebhookPaging):
    """The selected worker's webhook: its URL, its token, its deliveries."""

    token_revealed: bool = False

    def _webhook(self, worker_id: str) -> Webhook | None:
        return None if self.session is None else self.session.state.webhook(worker_id)

    def _delivery_key(self) -> str | None:
        """The delivery id under the webhook pane's cursor."""
        return self.query_one(WebhookPane).cursor_key()

    # -- looking -------------------------------------------------------------------------

    def action_toggle_token(self) -> None:
        self.token_revealed = not self.token_revealed
        self._render_selected()

    @on(WebhookPanel.RevealExpired)
    def _token_reveal_expired(self) -> None:
        """A revealed token masks itself again after a short while."""
        self.token_revealed = False
        self._render_selected()

    def action_toggle_errors_only(self) -> None:
        """The webhook pane shows only the failed deliveries of its page, or all again."""
        self.errors_only = not self.errors_only
        shown = "only failed deliveries" if self.errors_only else "every delivery"
        self.notify(f"Webhook pane: {shown}", timeout=2, markup=False)
        self._render_selected()
        self._render_freshness()

    def _delivery_details(self) -> None:
        """Enter on a delivery: its full, copyable details."""
        session = self.session
        wid = None if session is None else session.state.selected
        if session is None or wid is None:
            return
        key = self._delivery_key()
        value = self.shown_executions(wid)
        logs = [] if value is None else value.logs
        delivery = next((e for e in logs if key is not None and e.id == key), None)
        if delivery is not None:
            from handinger_tui.ui.webhook.delivery import delivery_screen  # not first frame

            now = session.coordinator.clock.now()
            self.app.push_screen(delivery_screen(delivery, now, self._copy_shown))
        elif key:
            self.notify(NO_DETAILS, severity="warning", markup=False)

    @on(WebhookPane.DeliveryChosen)
    def _delivery_chosen(self) -> None:
        """Enter (or a click) on a delivery row."""
        self._delivery_details()

    # -- writes --------------------------------------------------------------------------

    def action_set_webhook(self) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        # The form loads core.operations and the wire models: not before the first frame.
        from handinger_tui.ui.webhook.form import WebhookFormScreen

        webhook = self._webhook(wid)
        current = None if webhook is None else webhook.url

        def done(webhook: Webhook | None) -> None:
            if webhook is not None:
                self.notify("Webhook saved", markup=False)
                self._changed(wid)

        self.app.push_screen(WebhookFormScreen(ops, wid, current), done)

    def action_remove_webhook(self) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        from handinger_tui.ui.kit.dialogs import ConfirmScreen  # asked, not first frame

        webhook = self._webhook(wid)
        url = (None if webhook is None else webhook.url) or "(none)"
        message = Text.assemble(
            "Remove the webhook ",
            (one_line(url, 200), "bold"),
            " of ",
            (self._worker_name(wid), "bold"),
            "?\nDeliveries stop; the token is cleared.",
        )
        self._run_write(
            "Removing the webhook",
            ConfirmScreen("Remove webhook", message, confirm_label="Remove"),
            lambda: ops.remove_webhook(wid),
            "Webhook removed",
            wid,
        )

    def action_regenerate_token(self) -> None:
        if (ops := self.ops) is None or (wid := self._selected()) is None:
            return
        # The dialogs load when first asked, not before the first frame.
        from handinger_tui.ui.kit.dialogs import ConfirmScreen, SecretScreen

        message = Text.assemble(
            "Regenerate the webhook token of ",
            (self._worker_name(wid), "bold"),
            "?\nThe old token stops working at once.",
        )

        def show(webhook: Webhook) -> None:
            token = secret_value(webhook.token) or ""
            if not token:  # e.g. no webhook URL is set: there is nothing to show
                self.notify(
                    "Regenerating the token: not done. The server returned no token "
                    "(is a webhook URL set?).",
                    severity="warning",
                    markup=False,
                )
                return
            screen = SecretScreen(
                "New webhook token",
                "Shown once. c copies it.",
                token,
                copy=lambda value: self._copy(value, "webhook token", True),
            )
            self.app.push_screen(screen)

        self._run_write(
            "Regenerating the token",
            ConfirmScreen("Regenerate token", message, confirm_label="Regenerate"),
            lambda: ops.regenerate_token(wid),
            show,
            wid,
        )

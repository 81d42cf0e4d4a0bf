"""Set or replace a worker's webhook URL (https, at most ``URL_MAX`` characters)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Input

from handinger_tui.core.drafts import URL_MAX, check_webhook_url
from handinger_tui.ui.kit.form_base import FieldBox, FormScreen
from handinger_tui.ui.kit.safe_fields import SafeInput

if TYPE_CHECKING:
    from handinger_tui.api.models import Webhook
    from handinger_tui.core.operations import Operations


class WebhookFormScreen(FormScreen[str, "Webhook"]):
    """Set the webhook URL of ``worker_id``; dismisses with the Webhook the server returned."""

    def __init__(self, ops: Operations, worker_id: str, current_url: str | None) -> None:
        super().__init__(title="Replace the webhook URL" if current_url else "Set a webhook URL")
        self.ops = ops
        self.worker_id = worker_id
        self.current_url = current_url or ""

    def fields(self) -> ComposeResult:
        hint = "https:// (http only for localhost) · deliveries are POSTed here after each task"
        if self.current_url:
            hint += " · the token is kept"
        yield FieldBox(
            "url",
            "URL",
            SafeInput(
                self.current_url,
                placeholder="https://hooks.example.com/handinger",
                id="url",
            ),
            limit=URL_MAX,
            hint=hint,
        )

    def collect(self) -> str:
        return check_webhook_url(self.query_one("#url", Input).value)

    async def submit(self, payload: str) -> Webhook:
        return await self.ops.set_webhook(self.worker_id, payload)

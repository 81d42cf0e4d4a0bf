"""Enter on a delivery: its result, HTTP status, duration, error, task and URL."""

from __future__ import annotations

from datetime import datetime

from handinger_tui.api.on_use import models  # pydantic loads after the first frame
from handinger_tui.core.row_details import delivery_fields
from handinger_tui.ui.kit.row_details import Copy, RowDetailsScreen


def delivery_screen(
    delivery: models.WebhookExecution, now: datetime, copy: Copy
) -> RowDetailsScreen:
    """The details of one webhook delivery; `i` copies the delivery id."""
    return RowDetailsScreen(
        "Webhook delivery",
        delivery_fields(delivery, now),
        id_label="delivery id",
        row_id=delivery.id,
        copy=copy,
    )

"""A new worker template with the service's defaults, for the API routes and the demo seed."""

from __future__ import annotations

from typing import Any

from . import content
from .ids import USER_ID
from .records import WorkerRec
from .runtime import Runtime


def new_worker(
    rt: Runtime,
    *,
    title: str | None,
    prompt: str | None,
    instructions: str | None,
    summary: str | None,
    output_schema: dict[str, Any] | None,
    visibility: str,
    user_id: str = USER_ID,
) -> WorkerRec:
    """Create and store a worker template, filling the service's defaults."""
    store, now = rt.store, rt.now()
    wid = store.ids.worker(int(now * 1000))
    if title is None:
        title = content.dog_name(store.ids.number(0, 255))
    if not instructions:
        instructions = content.instructions_from_prompt(title, prompt or title)
    if summary is None:
        summary = content.summary_from_prompt(prompt) if prompt else ""
    email = f"{content.slugify(title)}-{store.ids.number(1000, 9999)}@in.handinger.example"
    w = WorkerRec(
        id=wid,
        title=title,
        summary=summary,
        instructions=instructions,
        output_schema=output_schema,
        visibility=visibility,
        created_at=now,
        updated_at=now,
        user_id=user_id,
        email=email,
        prompt=prompt,
    )
    store.put("workers", w)
    return w


__all__ = ["new_worker"]

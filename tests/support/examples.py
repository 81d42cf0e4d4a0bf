"""The example payloads of the API reference (``docs/handinger-api.md``), verbatim.

Used by the tests (they must parse with ``models``). The ids are illustrative, not real.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = [
    "DELETE_TASK",
    "DELETE_WORKER",
    "ERROR",
    "SCHEDULE_CANCEL",
    "SCHEDULE_CREATE_REQUEST",
    "SCHEDULE_CRON",
    "SCHEDULE_LIST",
    "TASK_CREATE_REQUEST",
    "TASK_WITH_TURNS",
    "WEBHOOK",
    "WEBHOOK_EMPTY",
    "WEBHOOK_EXECUTIONS",
    "WORKER",
    "WORKER_CREATE_REQUEST",
    "WORKER_EMAIL",
    "WORKER_ID",
    "WORKER_TEMPLATE",
    "WORKER_UPDATE_REQUEST",
]

WORKER_ID: Final = "t_org_4821_w_01J8XK3M5QF2B7R9T4V6W0YZCD"

# §2.2
WORKER: Final[dict[str, Any]] = {
    "id": WORKER_ID,
    "created_at": 1778577262,
    "error": None,
    "files": [
        {
            "filename": "report.md",
            "mediaType": "text/markdown",
            "url": "https://handinger.com/files/f_01J8XP0A2B/report.md",
            "size": 1834,
        }
    ],
    "incomplete_details": None,
    "messages": [{"role": "user", "content": "Audit this headline: 'Synergize your workflow'"}],
    "metadata": {},
    "object": "worker",
    "output": [
        {
            "id": "msg_01J8XP1C3D",
            "role": "assistant",
            "status": "completed",
            "type": "message",
            "content": [{"type": "output_text", "text": "Off-brand: 'synergize' is jargon."}],
        }
    ],
    "output_text": "Off-brand: 'synergize' is jargon.",
    "running": False,
    "sources": [
        {
            "id": "src_1",
            "title": "Acme voice guide",
            "type": "url",
            "url": "https://acme.example/voice",
        }
    ],
    "status": "completed",
    "structured_output": {"onBrand": False, "quotes": ["Synergize your workflow"]},
    "url": f"https://v3.handinger.com/worker/{WORKER_ID}",
    "usage": {"credits": 12, "durationMs": 18450},
}

# §2.3
SCHEDULE_CRON: Final[dict[str, Any]] = {
    "id": "sch_01J8XQ2W4Y6A8C0E2G4J6M8P0R",
    "budget": "standard",
    "input": "Summarise yesterday's support tickets",
    "cron": "0 8 * * 1-5",
    "nextRunAt": "2026-05-13T08:00:00.000Z",
    "type": "cron",
}

# §4.1
WORKER_CREATE_REQUEST: Final[dict[str, Any]] = {
    "title": "Brand voice analyzer",
    "prompt": "Check copy against the Acme brand voice guide.",
    "visibility": "private",
}
WORKER_TEMPLATE: Final[dict[str, Any]] = {
    "id": WORKER_ID,
    "createdAt": "2026-05-12T09:10:04.512Z",
    "instructions": "You review marketing copy against Acme's voice guide...",
    "organizationId": "org_8s1Df9aLp-1z",
    "outputSchema": {
        "type": "object",
        "properties": {"onBrand": {"type": "boolean"}},
        "required": ["onBrand"],
    },
    "summary": "Audits copy against the Acme voice guide.",
    "title": "Brand voice analyzer",
    "updatedAt": "2026-05-12T09:10:04.512Z",
    "url": f"https://v3.handinger.com/worker/{WORKER_ID}",
    "userId": "usr_7yh-91XzM2nQ4",
    "visibility": "private",
}

# §4.3
WORKER_UPDATE_REQUEST: Final[dict[str, Any]] = {"title": "Claim verdict v2", "outputSchema": None}

# §4.4, §4.5
DELETE_WORKER: Final[dict[str, Any]] = {"deleted": True}
WORKER_EMAIL: Final[dict[str, Any]] = {"email": "brand-voice-analyzer-4821@in.handinger.example"}

# §4.6
SCHEDULE_LIST: Final[dict[str, Any]] = {
    "workerId": WORKER_ID,
    "schedules": [
        {
            "id": "sch_01J8XQ2W4Y6A8C0E2G4J6M8P0R",
            "budget": "standard",
            "input": "Daily brand audit of the blog",
            "cron": "0 8 * * 1-5",
            "nextRunAt": "2026-05-13T08:00:00.000Z",
            "type": "cron",
        },
        {
            "id": "sch_01J8XQ5B7D9F1H3K5N7Q9S1V3X",
            "budget": "low",
            "input": "Re-check landing page",
            "delayInSeconds": 3600,
            "nextRunAt": "2026-05-12T10:14:22.000Z",
            "type": "delayed",
        },
    ],
}

# §4.7, §4.8
SCHEDULE_CREATE_REQUEST: Final[dict[str, Any]] = {
    "input": "Weekly competitor digest",
    "budget": "high",
    "when": {"type": "interval", "intervalSeconds": 604800},
}
SCHEDULE_CANCEL: Final[dict[str, Any]] = {"cancelled": True}

# §4.9, §4.11
WEBHOOK: Final[dict[str, Any]] = {
    "token": "whk_01J8XM0P4R6S8T2V5W7Y9Z3A1B",
    "url": "https://hooks.acme.example/handinger",
}
WEBHOOK_EMPTY: Final[dict[str, Any]] = {"token": None, "url": None}

# §4.13
WEBHOOK_EXECUTIONS: Final[dict[str, Any]] = {
    "logs": [
        {
            "id": "whe_01J8XN7C2D4E6F8G0H1J3K5M7N",
            "createdAt": "2026-05-12T09:14:49.102Z",
            "durationMs": 184,
            "errorMessage": None,
            "requestStatus": "success",
            "responseStatus": 200,
            "taskId": "tsk_7Qm-Lp2xVb9KdR",
            "taskTitle": "Audit homepage hero",
            "url": "https://hooks.acme.example/handinger",
            "workerId": WORKER_ID,
        },
        {
            "id": "whe_01J8XN2R4T6V8X0Z2B4D6F8H0K",
            "createdAt": "2026-05-12T08:02:11.930Z",
            "durationMs": 10003,
            "errorMessage": "Request timed out",
            "requestStatus": "error",
            "responseStatus": None,
            "taskId": None,
            "taskTitle": None,
            "url": "https://hooks.acme.example/handinger",
            "workerId": WORKER_ID,
        },
    ],
    "page": 1,
    "pageCount": 3,
    "totalCount": 112,
}

# §4.14
TASK_CREATE_REQUEST: Final[dict[str, Any]] = {
    "workerId": WORKER_ID,
    "input": "Audit: 'Synergize your workflow'",
    "budget": "low",
    "taskId": "tsk_7Qm-Lp2xVb9KdR",
}

# §4.15
TASK_WITH_TURNS: Final[dict[str, Any]] = {
    "task": {
        "id": "tsk_7Qm-Lp2xVb9KdR",
        "completedAt": "2026-05-12T09:14:48.000Z",
        "createdAt": "2026-05-12T09:14:22.000Z",
        "createdByUserId": "usr_7yh-91XzM2nQ4",
        "organizationId": "org_8s1Df9aLp-1z",
        "status": "completed",
        "title": "Audit homepage hero",
        "totals": {"credits": 12, "durationMs": 18450, "turnCount": 1},
        "triggeredBy": "api",
        "url": f"https://v3.handinger.com/worker/{WORKER_ID}/task/tsk_7Qm-Lp2xVb9KdR",
        "workerId": WORKER_ID,
    },
    "turns": [
        {
            "id": "trn_9Fk-2Ws8Lq4Np1",
            "completedAt": "2026-05-12T09:14:48.000Z",
            "credits": 12,
            "durationMs": 18450,
            "input": "Audit: 'Synergize your workflow'",
            "inputTokens": 1210,
            "outputText": "Off-brand: 'synergize' is jargon.",
            "outputTokens": 96,
            "role": "user",
            "seq": 0,
            "startedAt": "2026-05-12T09:14:22.000Z",
            "status": "completed",
            "structuredOutput": {"onBrand": False},
            "taskId": "tsk_7Qm-Lp2xVb9KdR",
        }
    ],
}

# §4.16, §6
DELETE_TASK: Final[dict[str, Any]] = {"archived": True}
ERROR: Final[dict[str, Any]] = {"error": "Invalid API key"}

"""Deterministic demo data (``seed="demo"``): same ids and content on every run.

Seven workers in every state: completed with rich output and structured output, always
live (a long run that restarts itself), pending, never run, a follow-up task, one with
unicode/long text, and a private one whose run is stuck pending. Then four with trouble: a
run from an email that ended in ``error`` (``Worker.error`` set), a dashboard run that was
``aborted``, a dashboard run whose sources and files include a null title and a null file
name, and a worker created by a colleague (``user_id(1)``, the second API key's user), so
changing it with the first key answers 403. Schedules of all four kinds. Webhooks point at the
emulator's own sink (``/_emulator/sink/demo`` succeeds, ``/_emulator/sink/fail`` answers
500); the triage worker carries 120 seeded executions (3 pages) mixing successes and
realistic failures. Timestamps are relative to the emulator clock at seeding time.

For triage: the always-live worker, the one the app opens on (the only one running, so
first by status), gets a webhook with a day of hourly deliveries that include a run of
failures (added last, so every earlier id stays as it was), so its four panes all hold
data; and the private postmortem writer's run has been pending for 47 minutes and stays
pending (its ``pending_until`` is 30 days away, so the engine never promotes it). With the
release-notes webhook that always fails, the emailed run that ended in ``error`` and the
schedules due within the hour (price watch, brand voice), the Problems and Agenda views
have material.
"""

from __future__ import annotations

import math
from typing import Any

from .clock import to_dt
from .engine import next_run
from .faults import FaultConfig
from .ids import USER_ID, stable_int, user_id
from .records import ExecutionRec, ScheduleRec, TurnRec, WorkerRec
from .runtime import Runtime
from .worker_factory import new_worker

DEMO_EPOCH_MS = 1_777_593_600_000  # 2026-05-01T00:00:00Z: the time part of demo ids
HOUR = 3600.0
DAY = 86400.0
STUCK_FOR = 47 * 60.0  # how long the stuck worker's run has been pending at seeding time

TRIAGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["priority", "category", "summary", "needsHuman"],
    "properties": {
        "priority": {"type": "string", "enum": ["p1", "p2", "p3"]},
        "category": {"type": "string", "minLength": 1},
        "summary": {"type": "string", "maxLength": 280},
        "needsHuman": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
    },
    "additionalProperties": False,
}

UNICODE_TITLE = "Café-Bäckerei Übersetzer: Speisekarte auf Deutsch, Français & 日本語 🍰"
UNICODE_INSTRUCTIONS = (
    "Übersetze die Speisekarte der Café-Bäckerei „Zur Goldenen Brezel“ ins Französische und "
    "Japanische. Behalte Allergene (Gluten, Laktose, Nüsse) exakt bei, runde Preise nie um und "
    "schreibe Gerichtsnamen so, wie Gäste sie aussprechen würden: « Forêt-Noire », "
    "「シュヴァルツヴェルダー・キルシュトルテ」. Prüfe jede Zeile zweimal. "
) * 12


def apply_seed(rt: Runtime, seed: str) -> None:
    """Load ``seed`` into an empty runtime (``"empty"`` loads nothing)."""
    if seed != "demo":
        return
    ids = rt.store.ids
    ids.pinned_ms = DEMO_EPOCH_MS
    try:
        _demo(rt)
    finally:
        ids.pinned_ms = None


def reseed(rt: Runtime, seed: str) -> None:
    """Drop all state, reseed; zero the clock (unfrozen), counters, faults and sink log."""
    rt.store.clear(seed)
    rt.clock.freeze(False)
    rt.clock.offset = 0.0
    rt.stats.clear()
    rt.faults = FaultConfig()
    rt.sink.clear()
    apply_seed(rt, seed)
    rt.store.flush()


def _worker(rt: Runtime, **fields: Any) -> WorkerRec:
    w = new_worker(
        rt,
        title=fields["title"],
        prompt=fields.get("prompt"),
        instructions=fields.get("instructions"),
        summary=fields.get("summary"),
        output_schema=fields.get("output_schema"),
        visibility=fields.get("visibility", "public"),
        user_id=fields.get("user_id", USER_ID),
    )
    w.created_at = w.updated_at = rt.now() - 14 * DAY
    return w


def _past_run(
    rt: Runtime,
    w: WorkerRec,
    text: str,
    budget: str,
    age: float,
    duration: float,
    task_id: str | None = None,
    *,
    via: str = "api",
    user: str = USER_ID,
    ended: tuple[str, str | None, float] = ("completed", None, 1.0),
) -> TurnRec:
    """A run that started ``age`` seconds ago and took ``duration`` seconds.

    ``ended`` is (status, error message, fraction of ``duration`` after which it ended).
    """
    now = rt.now()
    task, turn = rt.engine.start_run(w, text, budget, via, task_id, duration=duration, user_id=user)
    start = now - age
    status, error, fraction = ended
    turn.started_at = start
    turn.pending_until = start + duration * 0.15
    turn.run_until = start + duration
    turn.completed_at = start + duration * fraction
    turn.status = status
    turn.error = error
    if turn.seq == 0:
        task.created_at = start
    rt.store.put("turns", turn)
    rt.store.put("tasks", task)
    return turn


def _webhook(rt: Runtime, w: WorkerRec, sink: str) -> None:
    w.webhook_url = f"{rt.base_url}/_emulator/sink/{sink}"
    w.webhook_token = rt.store.ids.prefixed("whk", 0)
    rt.store.put("workers", w)


def _schedule(rt: Runtime, w: WorkerRec, kind: str, text: str, budget: str, **extra: Any) -> None:
    now = rt.now()
    s = ScheduleRec(
        id=rt.store.ids.prefixed("sch", 0),
        worker_id=w.id,
        type=kind,
        input=text,
        budget=budget,
        next_run_at=extra.pop("next_run_at", now),
        created_at=now - DAY,
        **extra,
    )
    if kind == "cron":
        s.next_run_at = next_run(s, now)
    rt.store.put("schedules", s)


def _executions(rt: Runtime, w: WorkerRec, count: int, fail_only: bool = False) -> None:
    """``count`` past deliveries over the last days, oldest first, mixed outcomes."""
    now = rt.now()
    url = w.webhook_url or ""
    failures = [
        ("HTTP 500: Internal Server Error", 500, 412),
        ("Request timed out", None, 10003),
        ("Connection refused", None, 3),
        ("HTTP 502: Bad Gateway", 502, 88),
        ("HTTP 401: Invalid X-Handinger-Token", 401, 41),
    ]
    for i in range(count):
        h = stable_int("exec", w.id, i)
        created = now - (count - i) * 57 * 60 - (h % 600)
        failed = fail_only or h % 5 == 0
        if failed:
            message, status, duration = (
                failures[0] if fail_only else failures[(h // 5) % len(failures)]
            )
        else:
            message, status, duration = None, 200, 90 + h % 400
        task_id = None if (not fail_only and i % 17 == 3) else rt.store.ids.prefixed("tsk", 0)
        rt.store.put(
            "executions",
            ExecutionRec(
                id=rt.store.ids.prefixed("whe", 0),
                worker_id=w.id,
                created_at=created,
                duration_ms=duration,
                error_message=message,
                request_status="error" if failed else "success",
                response_status=status,
                task_id=task_id,
                task_title=None if task_id is None else f"Scheduled run #{i + 1}",
                url=url,
            ),
        )


def _demo(rt: Runtime) -> None:
    now = rt.now()

    triage = _worker(
        rt,
        title="Support ticket triage",
        prompt="Read new support tickets, classify them by priority and category, and flag the "
        "ones that need a human. Keep summaries short.",
        output_schema=TRIAGE_SCHEMA,
    )
    _past_run(rt, triage, "Triage the 14 tickets that arrived overnight", "standard", 2 * HOUR, 42)
    _webhook(rt, triage, "demo")
    _executions(rt, triage, 120)
    _schedule(
        rt, triage, "cron", "Triage the overnight support queue", "standard", cron="0 8 * * 1-5"
    )

    watch = _worker(
        rt,
        title="Competitor price watch",
        prompt="Watch the pricing pages of our three main competitors and report any change.",
    )
    watch.keep_alive = True
    live_task, live = rt.engine.start_run(
        watch, "Check competitor pricing pages for changes", "high", "schedule", duration=120
    )
    live.started_at = live_task.created_at = now - 75
    rt.store.put("tasks", live_task)
    live.pending_until = now - 57
    live.run_until = now + 45
    live.status = "running"
    rt.store.put("turns", live)
    _schedule(
        rt, watch, "interval", "Check competitor pricing pages for changes", "high",
        interval_seconds=3600, next_run_at=now + 1800,
    )  # fmt: skip
    first_screen = watch

    brand = _worker(
        rt,
        title="Brand voice analyzer",
        prompt="Check marketing copy against the Acme brand voice guide and quote every "
        "off-brand phrase.",
        visibility="private",
    )
    _, queued = rt.engine.start_run(
        brand,
        "Audit the new landing page hero: 'Synergize your workflow'",
        "low",
        "api",
        duration=2400,
    )
    queued.pending_until = now + 1800
    rt.store.put("turns", queued)
    _schedule(
        rt, brand, "delayed", "Re-check the landing page copy", "low",
        delay_in_seconds=900, next_run_at=now + 900,
    )  # fmt: skip

    kpi = _worker(
        rt,
        title="Weekly KPI digest",
        prompt="Every Monday, compile signups, churn, revenue and support load into a one-page "
        "digest for the leadership sync.",
    )
    monday = _next_monday_9(now)
    _schedule(
        rt, kpi, "scheduled", "Compile the weekly KPI digest for the leadership sync", "standard",
        date=to_dt(monday).strftime("%Y-%m-%dT%H:%M:%S.000Z"), next_run_at=monday,
    )  # fmt: skip
    _schedule(rt, kpi, "cron", "Refresh the KPI digest numbers", "low", cron="30 9 * * 1")

    notes = _worker(
        rt,
        title="Release notes drafter",
        prompt="Turn merged pull requests into customer-facing release notes.",
    )
    first = _past_run(
        rt, notes, "Draft release notes for v2.14 from the merged PRs", "standard", 26 * HOUR, 65
    )
    _past_run(
        rt, notes, "Shorten it to five bullets and drop internal ticket numbers", "low",
        25 * HOUR, 20, task_id=first.task_id,
    )  # fmt: skip
    _webhook(rt, notes, "fail")
    _executions(rt, notes, 8, fail_only=True)

    cafe = _worker(
        rt,
        title=UNICODE_TITLE,
        instructions=UNICODE_INSTRUCTIONS,
        summary="Übersetzt die Speisekarte: FR & JA, Allergene exakt, Preise unverändert ✓",
    )
    _past_run(
        rt, cafe,
        "Übersetze: „Schwarzwälder Kirschtorte: 4,90 €; enthält Gluten, Laktose.“ "
        "Bitte auch: Apfelstrudel mit Vanillesoße (ohne Nüsse), Bienenstich, Käsekuchen. "
        + "Danke! " * 40,
        "standard", 5 * HOUR, 30,
    )  # fmt: skip

    postmortem = _worker(
        rt,
        title="Incident postmortem writer",
        prompt="Write blameless incident postmortems from the incident channel timeline.",
        visibility="private",
    )
    _stuck_run(rt, postmortem, "Write the postmortem for INC-2291 (checkout latency, 42 min)")
    _demo_trouble(rt)
    _demo_triage(rt, first_screen)


def _demo_trouble(rt: Runtime) -> None:
    """Workers after the first seven: runs that failed or were aborted, email and dashboard
    triggers, null titles and file names, and a colleague's worker (403 on changes)."""
    invoices = _worker(
        rt,
        title="Invoice inbox extractor",
        prompt="Extract vendor, amount and due date from every invoice emailed to this worker.",
    )
    _past_run(
        rt, invoices, "Fwd: Invoice INV-0042 from Northwind Traders (PDF attached)", "low",
        3 * HOUR, 40, via="email",
        ended=("error", "Could not read invoice-0042.pdf: the PDF is password-protected", 0.6),
    )  # fmt: skip

    churn = _worker(
        rt,
        title="Churn risk scorer",
        prompt="Score the churn risk of accounts up for renewal and explain the top signals.",
    )
    _past_run(
        rt, churn, "Score churn risk for the 40 accounts renewing in June", "high",
        7 * HOUR, 300, via="ui",
        ended=("aborted", "Stopped from the dashboard before it finished", 0.45),
    )  # fmt: skip

    vendor = _worker(
        rt,
        title="Vendor security review",
        prompt="Review a vendor's public security documentation and list the open questions.",
    )
    _past_run(
        rt, vendor,
        "Summarise https://trust.northwind.example/soc2 and add a chart of open findings",
        "standard", 9 * HOUR, 50, via="ui",
    )  # fmt: skip

    shared = _worker(
        rt,
        title="Onboarding checklist (a colleague's)",
        prompt="Turn a new hire's role and start date into a first-week onboarding checklist.",
        user_id=user_id(1),
    )
    _past_run(
        rt, shared, "Checklist for Mia, support engineer, starting Monday", "low",
        2 * DAY, 25, user=user_id(1),
    )  # fmt: skip


WATCH_FAILURES = {
    3: ("HTTP 502: Bad Gateway", 502, 88),
    4: ("Request timed out", None, 10003),
    5: ("HTTP 502: Bad Gateway", 502, 91),
    11: ("Connection refused", None, 3),
}  # hours ago -> (error message, HTTP status, duration ms); every other hour succeeded


def _stuck_run(rt: Runtime, w: WorkerRec, text: str) -> None:
    """A run pending for ``STUCK_FOR`` seconds that the engine never promotes while the demo
    runs (its ``pending_until`` is 30 days away): the Problems view's stuck worker."""
    now = rt.now()
    task, turn = rt.engine.start_run(w, text, "high", "api", duration=180)
    turn.started_at = task.created_at = now - STUCK_FOR
    turn.pending_until = now + 30 * DAY
    turn.run_until = turn.pending_until + 180
    rt.store.put("turns", turn)
    rt.store.put("tasks", task)


def _demo_triage(rt: Runtime, watch: WorkerRec) -> None:
    """The first screen's webhook: a day of hourly deliveries with a run of failures."""
    now = rt.now()
    _webhook(rt, watch, "demo")
    url = watch.webhook_url or ""
    for hours_ago in range(24, 0, -1):  # oldest first, one per hourly run
        message, status, duration = WATCH_FAILURES.get(hours_ago, (None, 200, 140 + hours_ago))
        rt.store.put(
            "executions",
            ExecutionRec(
                id=rt.store.ids.prefixed("whe", 0),
                worker_id=watch.id,
                created_at=now - hours_ago * HOUR + 95,
                duration_ms=duration,
                error_message=message,
                request_status="error" if message else "success",
                response_status=status,
                task_id=rt.store.ids.prefixed("tsk", 0),
                task_title="Check competitor pricing pages for changes",
                url=url,
            ),
        )


def _next_monday_9(now: float) -> float:
    """The next Monday 09:00 UTC at least one hour after ``now``."""
    day = math.floor(now / DAY) * DAY
    weekday = to_dt(day).weekday()
    candidate = day + ((7 - weekday) % 7) * DAY + 9 * HOUR
    while candidate < now + HOUR:
        candidate += 7 * DAY
    return candidate

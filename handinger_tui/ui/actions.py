"""The action registry: every operator action once, feeding keys, footer, help and palette.

An action has a stable id (what a user's keymap remaps: `[keys] "worker.create" = "ctrl+n"`
in the config file), a default key, a description, the screen method it runs, and whether
it changes anything (disabled, and said so, under `--read-only`). Default keys avoid what
terminals and tmux swallow (ctrl+enter, ctrl+a, ctrl+b, ctrl+s/q flow control), and moving
keys are never actions: j/k, g/G, home/end move as in vim, k9s and less.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.keys import REPLACED_KEYS, Keys, _character_to_key, key_to_character


@dataclass(frozen=True, slots=True)
class Action:
    id: str  # stable, used by the keymap
    key: str  # default key, in Textual's key names
    description: str  # short: the footer and the palette
    method: str  # the MainScreen action it runs (Textual action syntax)
    help: str = ""  # longer: the help screen
    writes: bool = False  # changes something on the service: disabled by --read-only
    footer: bool = False  # shown in the footer
    group: str = "View"
    priority: bool = False  # before the focused widget's own binding of the key
    panes: tuple[str, ...] = ()  # the panes whose footer shows it (footer: every pane)


ACTIONS: tuple[Action, ...] = (
    # View
    Action("view.filter", "slash", "Filter", "filter", "Filter the worker list", footer=True),
    Action("view.sort", "s", "Sort", "sort", "Sort by status / by name", footer=True),
    # Sort by one column (k9s-style shift keys); the same key again reverses the order.
    Action("view.sort_status", "S", "Sort: status", "sort_by('status')", "Sort by status"),
    Action("view.sort_name", "N", "Sort: worker", "sort_by('name')", "Sort by worker name"),
    Action("view.sort_changed", "D", "Sort: changed", "sort_by('changed')", "Sort by last change"),
    Action("view.sort_next", "X", "Sort: next run", "sort_by('next')", "Sort by next run"),
    Action(
        "view.sort_deliveries",
        "L",
        "Sort: deliveries",
        "sort_by('hook')",
        "Sort by deliveries: failing webhooks first",
    ),
    Action(
        "view.sort_problems",
        "P",
        "Sort: problems first",
        "sort_by('problems')",
        "Sort problems first: failing webhooks, failed and stuck runs, overdue schedules",
    ),
    Action(
        "view.details",
        "enter",
        "Details",
        "row_details",
        "Details of the delivery or schedule under the cursor (copyable)",
    ),
    Action(
        "view.refresh", "r", "Refresh", "refresh", "Refresh everything on screen now", footer=True
    ),
    Action(
        "view.back",
        "escape",
        "Back",
        "back",
        "Back: clear the filter, else return to the worker list",
    ),
    Action("view.down", "j", "Down", "move(1)", "Move down (as ↓)"),
    Action("view.up", "k", "Up", "move(-1)", "Move up (as ↑)"),
    # home/end: the table's own binding scrolls sideways; these go to the first/last row
    Action("view.home", "home", "First", "jump(0)", "Go to the first row / the top", priority=True),
    Action("view.end", "end", "Last", "jump(-1)", "Go to the last row / the end", priority=True),
    Action("view.first", "g", "Top", "jump(0)", "Go to the first row (as home)"),
    Action("view.last", "G", "Bottom", "jump(-1)", "Go to the last row (as end)"),
    Action("view.next_pane", "tab", "Next pane", "cycle_pane(1)", "Next pane"),
    Action("view.prev_pane", "shift+tab", "Previous pane", "cycle_pane(-1)", "Previous pane"),
    Action("view.workers", "1", "Workers", "pane('workers')", "Show the worker list"),
    Action("view.detail", "2", "Detail", "pane('detail')", "Show the selected worker"),
    Action("view.schedules", "3", "Schedules", "pane('schedules')", "Show its schedules"),
    Action("view.webhook", "4", "Webhook", "pane('webhook')", "Show its webhook"),
    Action(
        "view.full_output",
        "o",
        "Full output",
        "open_output",
        "Read the whole output full screen: its run, search, copy all, raw JSON, $PAGER",
        panes=("detail",),
    ),
    Action(
        "view.problems",
        "exclamation_mark",
        "Problems",
        "problems",
        "Problems across tracked workers: failing webhooks, failed and stuck runs, overdue"
        " schedules, workers not found",
    ),
    Action(
        "view.agenda",
        "A",
        "Agenda",
        "agenda",
        "Agenda: every schedule of every tracked worker by next run",
    ),
    # Workers
    Action(
        "worker.create",
        "n",
        "New",
        "create_worker",
        "Create a worker",
        writes=True,
        footer=True,
        group="Workers",
    ),
    Action(
        "worker.edit",
        "e",
        "Edit",
        "edit_worker",
        "Edit the selected worker (only changes are sent)",
        writes=True,
        footer=True,
        group="Workers",
    ),
    Action(
        "worker.delete",
        "delete,backspace",
        "Delete",
        "delete_row",
        "Delete the row of the focused pane (asks first): in Schedules cancel that schedule,"
        " in Workers or Detail delete the worker",
        writes=True,
        group="Workers",
    ),
    Action(
        "worker.run",
        "R",
        "Run",
        "run_task",
        "Run the selected worker now with an input and follow it live",
        writes=True,
        footer=True,
        group="Workers",
    ),
    Action(
        "worker.track",
        "a",
        "Track",
        "track_worker",
        "Track a worker by id or dashboard URL",
        group="Workers",
    ),
    Action(
        "worker.untrack",
        "x",
        "Untrack",
        "untrack_worker",
        "Stop tracking the selected worker (no API call; u undoes)",
        group="Workers",
    ),
    Action(
        "worker.undo_untrack",
        "u",
        "Undo",
        "undo_untrack",
        "Track again the worker just untracked",
        group="Workers",
    ),
    # Schedules
    Action(
        "schedule.create",
        "c",
        "Schedule",
        "create_schedule",
        "New schedule for the selected worker",
        writes=True,
        group="Schedules",
        panes=("schedules",),
    ),
    Action(
        "schedule.cancel",
        "C",
        "Cancel schedule",
        "cancel_schedule",
        "Cancel the schedule under the cursor (asks first)",
        writes=True,
        group="Schedules",
        panes=("schedules",),
    ),
    # Webhook
    Action(
        "webhook.prev_page",
        "left_square_bracket",
        "Page-",
        "page(-1)",
        "Previous page of webhook deliveries",
        group="Webhook",
        panes=("webhook",),
    ),
    Action(
        "webhook.next_page",
        "right_square_bracket",
        "Page+",
        "page(1)",
        "Next page of webhook deliveries",
        group="Webhook",
        panes=("webhook",),
    ),
    Action(
        "webhook.first_page",
        "left_curly_bracket",
        "First page",
        "first_page",
        "First (newest) page of webhook deliveries",
        group="Webhook",
    ),
    Action(
        "webhook.last_page",
        "right_curly_bracket",
        "Last page",
        "last_page",
        "Last (oldest) page of webhook deliveries",
        group="Webhook",
    ),
    Action(
        "webhook.goto_page",
        "number_sign",
        "Go to page",
        "goto_page",
        "Go to a page of webhook deliveries by number",
        group="Webhook",
    ),
    Action(
        "webhook.errors_only",
        "E",
        "Errors only",
        "toggle_errors_only",
        "Show only the failed deliveries of the page / all of them",
        group="Webhook",
        panes=("webhook",),
    ),
    Action(
        "webhook.reveal_token",
        "t",
        "Token",
        "toggle_token",
        "Reveal / hide the webhook token",
        group="Webhook",
        panes=("webhook",),
    ),
    Action(
        "webhook.set",
        "w",
        "Set webhook",
        "set_webhook",
        "Set or replace the webhook URL",
        writes=True,
        group="Webhook",
        panes=("webhook",),
    ),
    Action(
        "webhook.remove",
        "W",
        "Remove webhook",
        "remove_webhook",
        "Remove the webhook (asks first)",
        writes=True,
        group="Webhook",
        panes=("webhook",),
    ),
    Action(
        "webhook.regenerate_token",
        "T",
        "New token",
        "regenerate_token",
        "Regenerate the webhook token (asks first; shown once)",
        writes=True,
        group="Webhook",
        panes=("webhook",),
    ),
    # Copy
    Action(
        "copy.email",
        "y",
        "Copy email",
        "copy('email')",
        "Copy the worker's email address",
        group="Copy",
        panes=("detail",),
    ),
    Action(
        "copy.id",
        "i",
        "Copy id",
        "copy('id')",
        "Copy the worker id",
        group="Copy",
        panes=("detail",),
    ),
    Action(
        "copy.url",
        "U",
        "Copy URL",
        "copy('url')",
        "Copy the dashboard URL",
        group="Copy",
        panes=("detail",),
    ),
    Action(
        "copy.token",
        "Y",
        "Copy token",
        "copy('token')",
        "Copy the webhook token (never echoed)",
        group="Copy",
        panes=("webhook",),
    ),
    Action(
        "copy.row_id",
        "I",
        "Copy row id",
        "copy('row')",
        "Copy the id of the schedule or delivery under the cursor",
        group="Copy",
        panes=("schedules", "webhook"),
    ),
    # App
    Action("app.help", "question_mark", "Help", "help", "All keys", footer=True, group="App"),
    Action(
        "app.api_key",
        "K",
        "API key",
        "api_key",
        "Use another API key: re-read HANDINGER_API_KEY and the config file, or type one;"
        " polling resumes",
        group="App",
    ),
)

# `:` is bound on the app (the palette in command mode); listed in the palette like an action.
COMMAND_MODE = Action(
    "app.command",
    "colon",
    "Command mode",
    "app.command_mode",
    "Type track ID, theme NAME, agenda, problems, or any action",
    group="App",
)

BY_ID = {action.id: action for action in ACTIONS}
BY_METHOD = {action.method: action for action in ACTIONS}
WRITES = frozenset(a.method.split("(")[0] for a in ACTIONS if a.writes)
# Looking around (moving, panes, details, copy, help) keeps the offer to undo an untrack.
KEEPS_UNDO = frozenset(
    a.id
    for a in ACTIONS
    if a.method.split("(")[0]
    in {"move", "jump", "pane", "cycle_pane", "back", "row_details", "copy", "help"}
) | {"worker.untrack", "worker.undo_untrack"}


def bindings() -> list[Binding]:
    """Textual bindings with ids, so `App.set_keymap` can remap them by action id.

    Every key runs `dispatch(id)` on the screen: the one place that applies `--read-only`
    and ends the offer to undo an untrack, then runs the action's method.
    """
    return [
        Binding(
            a.key,
            f"dispatch({a.id!r})",
            a.description,
            show=a.footer or bool(a.panes),
            id=a.id,
            tooltip=a.help,
            priority=a.priority,
        )
        for a in ACTIONS
    ]


def keys_shown(app: App[Any], action: Action) -> str:
    """The keys that run `action` after the user's keymap, as the footer shows them."""
    keys = app._keymap.get(action.id, action.key).split(",")
    return ", ".join(app.get_key_display(Binding(k.strip(), action.method)) for k in keys)


MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
NAMED_KEYS = frozenset(k.value for k in Keys if "+" not in k.value and not k.value.startswith("<"))
# Keys the app needs whatever the keymap says, with the one action allowed on each.
RESERVED: dict[str, tuple[str, str]] = {
    "q": ("", "quit"),
    "ctrl+c": ("", "quit"),
    "ctrl+p": ("", "the command palette"),
    "colon": ("app.command", "command mode"),
    "question_mark": ("app.help", "help"),
    "tab": ("view.next_pane", "the next pane"),
    "shift+tab": ("view.prev_pane", "the previous pane"),
    "escape": ("view.back", "back"),
}
APP_BOUND = {"app.command": ("colon",)}  # bound on the app, remappable by id like an action


def key_name(key: str) -> str | None:
    """`key` in Textual's spelling (`?` is `question_mark`), or None if Textual has no such key."""
    *modifiers, base = key.strip().split("+")
    if any(m not in MODIFIERS for m in modifiers):
        return None
    if len(base) == 1:
        base = _character_to_key(base) if base.isprintable() else ""
    elif base not in NAMED_KEYS and key_to_character(REPLACED_KEYS.get(base, base)) is None:
        return None
    return "+".join((*modifiers, base)) if base else None


def check_keymap(keymap: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The remaps that can be applied, and why each other one is refused (its default stays).

    Refused: an unknown action id, a key Textual has no name for, a key the app needs (quit,
    palette, command mode, help, pane cycling, back) and a key another action has after the
    remap (so `"worker.create" = "q"` cannot silently take quit away).
    """
    problems: list[str] = []
    wanted: dict[str, tuple[str, ...]] = {}
    for action_id, keys in keymap.items():
        if action_id not in BY_ID and action_id not in APP_BOUND:
            problems.append(
                f"[keys] {action_id!r} is not an action id (see ? in the app for the list)"
            )
            continue
        names = [key_name(k) for k in keys.split(",")]
        bad = [k.strip() for k, n in zip(keys.split(","), names, strict=True) if n is None]
        if bad:
            problems.append(
                f"[keys] {action_id!r} = {keys!r}: {', '.join(map(repr, bad))} is not a key"
                " name (Textual's names: ctrl+n, f5, delete, question_mark...); the default stays"
            )
            continue
        wanted[action_id] = tuple(dict.fromkeys(n for n in names if n is not None))
    defaults = {a.id: tuple(k.strip() for k in a.key.split(",")) for a in ACTIONS} | APP_BOUND
    while refused := _first_clash(defaults | wanted, wanted):
        action_id, why = refused
        problems.append(f"{why}; {action_id!r} keeps {','.join(defaults[action_id])!r}")
        del wanted[action_id]
    return {action_id: ",".join(keys) for action_id, keys in wanted.items()}, problems


def _first_clash(
    final: Mapping[str, tuple[str, ...]], wanted: Mapping[str, tuple[str, ...]]
) -> tuple[str, str] | None:
    """The first remap whose key the app or another action needs, and why."""
    owners: dict[str, list[str]] = {}
    for action_id, keys in final.items():
        for key in keys:
            owners.setdefault(key, []).append(action_id)
    for action_id, keys in wanted.items():
        for key in keys:
            owner, what = RESERVED.get(key, (action_id, ""))
            if owner != action_id:
                return action_id, f"[keys] {action_id!r} = {key!r} refused: {key!r} is {what}"
            if len(owners[key]) > 1:
                ids = ", ".join(owners[key])
                return action_id, f"[keys] {key!r} is bound to several actions: {ids}"
    return None


def keymap_problems(keymap: Mapping[str, str]) -> list[str]:
    """Why each refused remap of `keymap` is refused (said at start-up and in the app)."""
    return check_keymap(keymap)[1]

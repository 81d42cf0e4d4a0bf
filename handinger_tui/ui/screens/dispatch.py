"""One action dispatch: every key, footer click and palette entry of the registry runs here.

`check_action` keeps a write out of the footer (and off its key) under `--read-only`, and
a pane's own key (`Action.panes`: paging, token, schedule keys, ...) off while that pane is
not on screen (narrow: behind a tab), so no key acts where its effect cannot be seen. The
footer shows the keys of the focused pane (each of which acts). A refused key or palette
entry says why. Dispatching ends the offer to undo an untrack, except for looking around.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual import events
from textual.binding import ActiveBinding
from textual.dom import DOMNode
from textual.keys import _normalize_key_list

from handinger_tui.ui import actions
from handinger_tui.ui.actions import Action, keys_shown
from handinger_tui.ui.screens.layout import PANE_TITLES
from handinger_tui.ui.screens.navigation import Navigation

READ_ONLY = "Disabled: handinger-tui was started with --read-only."


class Dispatch(Navigation):
    """Mixed into MainScreen: the gate and the runner of every registry action."""

    def pane_shown(self, pane: str) -> bool:
        raise NotImplementedError  # MainScreen's: whether the layout shows `pane` now

    def allowed(self, action: Action) -> bool:
        """Whether `action` runs here (asked for every footer key: no strings built)."""
        if action.writes and self.read_only:
            return False
        return not action.panes or any(self.pane_shown(p) for p in action.panes)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The footer's keys: an action with `panes` shows only while one of them has focus."""
        return {
            key: active
            for key, active in super().active_bindings.items()
            if not (found := actions.BY_ID.get(active.binding.id or ""))
            or not found.panes
            or self.active_pane in found.panes
        }

    def refusal(self, action: Action) -> str | None:
        """Why `action` cannot run here, or None."""
        if self.allowed(action):
            return None
        if action.writes and self.read_only:
            return READ_ONLY
        where = " or ".join(PANE_TITLES[p] for p in action.panes)
        go = ", ".join(keys_shown(self.app, actions.BY_ID[f"view.{p}"]) for p in action.panes)
        keys = keys_shown(self.app, action)
        return f"{keys} ({action.description}) acts in the {where} pane ({go} shows it)."

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Textual asks before showing a key in the footer and before running it."""
        if action != "dispatch" or not parameters:
            return True
        found = actions.BY_ID.get(str(parameters[0]))
        return found is None or self.allowed(found)

    async def action_dispatch(self, action_id: str) -> None:
        """Run a registry action: refuse it with a reason, or end the undo offer and run it."""
        action = actions.BY_ID[action_id]
        if (why := self.refusal(action)) is not None:
            self.notify(why, severity="warning", markup=False)
            return
        if action_id not in actions.KEEPS_UNDO:
            self._untracked = None  # undo of an untrack is offered until the next action
        await self.app.run_action(action.method, self)

    async def run_action(
        self, action: str, namespaces: Mapping[str, DOMNode] | None = None
    ) -> None:
        """The palette and command mode run an action's method: through the dispatch too."""
        found = actions.BY_METHOD.get(action)
        if found is not None and namespaces is None:
            await self.action_dispatch(found.id)
        else:
            await super().run_action(action, namespaces)

    def on_key(self, event: events.Key) -> None:
        """A refused key says why (Textual skips a binding `check_action` refuses)."""
        action = self._bound_here(event.key)
        if action is None or (why := self.refusal(action)) is None:
            return
        focused = self.focused
        for node in () if focused is None else focused.ancestors_with_self:
            if node is self:
                break
            if event.key in node._bindings.key_to_bindings:
                return  # a field's own key (backspace in the filter) comes first
        self.notify(why, severity="warning", markup=False)

    def _bound_here(self, key: str) -> Action | None:
        """The registry action `key` runs after the user's keymap."""
        keymap = self.app._keymap
        for action in actions.ACTIONS:
            keys = _normalize_key_list(keymap.get(action.id, action.key)).split(",")
            if key in keys:
                return action
        return None

"""The action registry: one entry per action, each wired, keys safe for terminals and tmux."""

from __future__ import annotations

from handinger_tui.ui.actions import ACTIONS, BY_ID, bindings
from handinger_tui.ui.screens.main import MainScreen

SWALLOWED = {"ctrl+enter", "ctrl+a", "ctrl+b", "ctrl+s", "ctrl+q", "ctrl+z", "ctrl+c"}


def test_ids_and_keys_are_unique() -> None:
    assert len(BY_ID) == len(ACTIONS)
    keys = [a.key for a in ACTIONS]
    assert len(set(keys)) == len(keys), sorted(k for k in keys if keys.count(k) > 1)


def test_every_action_runs_a_method_of_the_explorer() -> None:
    for action in ACTIONS:
        name = action.method.split("(")[0]
        assert callable(getattr(MainScreen, f"action_{name}", None)), action.id


def test_default_keys_avoid_what_terminals_swallow() -> None:
    assert not {a.key for a in ACTIONS} & SWALLOWED


def test_bindings_carry_the_action_ids_for_the_keymap() -> None:
    assert {b.id for b in bindings()} == set(BY_ID)


MOVING = {"j", "k", "g", "G", "home", "end", "up", "down", "pageup", "pagedown"}


def test_moving_keys_only_move() -> None:
    """Vim and k9s users press g for 'top': no action that does something sits on a moving key."""
    for action in ACTIONS:
        keys = {k.strip() for k in action.key.split(",")}
        if keys & MOVING:
            assert action.id.startswith("view.") and action.method.startswith(("move", "jump"))

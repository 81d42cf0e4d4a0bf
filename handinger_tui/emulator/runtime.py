"""Everything one running emulator holds: store, clock, engine, faults, stats, sink log.

``seed.reseed`` puts it back to a fresh seed.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .clock import EmulatorClock
from .engine import Engine, EngineConfig
from .errors import ApiError
from .faults import FaultConfig
from .ids import USER_ID, user_id
from .store import Store


@dataclass
class Runtime:
    """Shared by the routes, the control surface and the engine (all on one event loop)."""

    api_key: str
    store: Store
    clock: EmulatorClock
    engine: Engine
    base_url: str = ""
    faults: FaultConfig = field(default_factory=FaultConfig)
    stats: Counter[str] = field(default_factory=Counter)
    sink: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # more keys -> their user ids

    def user_for(self, key: str) -> str | None:
        """The user a Bearer key acts as (the first key is the demo data's creator)."""
        return USER_ID if key == self.api_key else self.keys.get(key)

    def add_key(self, key: str | None = None) -> tuple[str, str]:
        """Accept one more key, acting as a new user of the same organization.

        Returns ``(key, user id)``; keys 2, 3, ... act as ``user_id(1)``, ``user_id(2)``, ...
        (``user_id(1)`` is the demo's colleague). A bad or reused key -> ApiError(422).
        """
        if key is None:
            key = "hdg_emu_" + secrets.token_urlsafe(24)
        if not key or not key.isascii() or not key.isprintable() or " " in key:
            raise ApiError(422, "key: must be printable ASCII without spaces")
        if self.user_for(key) is not None:
            raise ApiError(422, "key: is already accepted")
        user = user_id(len(self.keys) + 1)
        self.keys[key] = user
        return key, user

    @classmethod
    def create(cls, api_key: str, store: Store, config: EngineConfig) -> Runtime:
        clock = EmulatorClock(store.clock_offset)
        return cls(api_key=api_key, store=store, clock=clock, engine=Engine(store, clock, config))

    def now(self) -> float:
        return self.clock.now()

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.store.clock_offset = self.clock.offset
        self.store.mark_meta()
        self.engine.tick()

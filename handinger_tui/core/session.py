"""One connection to one Handinger: the clients, the tracked workers, the state and the poller."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from handinger_tui.api import HandingerClient
from handinger_tui.api.key import ApiKey, check_key
from handinger_tui.core.refresh import Cadence, RefreshCoordinator
from handinger_tui.core.safe_text import one_line
from handinger_tui.core.settings import (
    ENV_API_KEY,
    Settings,
    SettingsError,
    load_settings,
)
from handinger_tui.core.state import Clock, ExplorerState
from handinger_tui.core.trouble import classify

if TYPE_CHECKING:
    from handinger_tui.core.registry import Registry


class KeyProblem(ValueError):
    """A new API key could not be used; the message says why (never the key)."""


@dataclass
class Session:
    """Everything the screens read and the actions use, for one base URL."""

    client: HandingerClient  # for actions: the client's own retry policy applies
    poll_client: HandingerClient  # for polling: retries off, the coordinator backs off
    registry: Registry
    state: ExplorerState
    coordinator: RefreshCoordinator
    demo: bool = False
    allow_insecure: bool = False
    retired: list[HandingerClient] = field(default_factory=list)  # closed with the session

    @property
    def base_url(self) -> str:
        return self.client.base_url

    @classmethod
    def open(
        cls,
        *,
        api_key: ApiKey,
        base_url: str,
        registry: Registry,
        track: Iterable[str] = (),
        cadence: Cadence | None = None,
        clock: Clock | None = None,
        demo: bool = False,
        allow_insecure: bool = False,
    ) -> Session:
        """Build the session (no request is sent until the coordinator runs)."""
        client = HandingerClient(api_key=api_key, base_url=base_url, allow_insecure=allow_insecure)
        poll_client = client.with_options(max_retries=0)
        registry.track_many(track, source="flag")  # one save for every --worker flag
        state = ExplorerState()
        coordinator = RefreshCoordinator(
            poll_client,
            state,
            classify=classify,
            cadence=cadence,
            clock=clock,
            tracked=registry.ids,
        )
        return cls(
            client,
            poll_client,
            registry,
            state,
            coordinator,
            demo=demo,
            allow_insecure=allow_insecure,
        )

    def use_key(
        self, api_key: str | None = None, *, reread: Callable[[], Settings] = load_settings
    ) -> str:
        """Switch to `api_key`, or (None) to the key `reread` finds now (environment, config).

        Polling resumes (it stops on a refused key). Returns where the key came from.
        Raises `KeyProblem` with an operator message, and changes nothing, when there is
        no usable new key; the message never holds the key.
        """
        source = "the dialog"
        if api_key is None:
            try:
                settings = reread()
            except SettingsError as exc:
                raise KeyProblem(str(exc)) from None
            if settings.api_key is None:
                raise KeyProblem(
                    f"No key found: {ENV_API_KEY} is not set and {settings.config_path} has "
                    "no api_key. Type the key here instead."
                )
            api_key = settings.api_key.get_secret_value()
            source = one_line(settings.api_key_source or ENV_API_KEY, 120)
        if not api_key.strip():
            raise KeyProblem("Type a key, or leave it empty to re-read the environment.")
        if (problem := check_key(api_key, source)) is not None:
            raise KeyProblem(problem)
        key = ApiKey(api_key.strip())
        if key == self.client.api_key:
            refused = " (the one refused)" if self.state.connection.halted else ""
            raise KeyProblem(f"{source} holds the key in use now{refused}; give another key.")
        client = HandingerClient(
            api_key=key, base_url=self.base_url, allow_insecure=self.allow_insecure
        )
        self.retired.append(self.client)  # a write may still be using it: closed at the end
        self.client = client
        self.poll_client = client.with_options(max_retries=0)
        self.coordinator.resume(self.poll_client)
        return source

    async def close(self) -> None:
        await self.coordinator.stop()
        for client in (*self.retired, self.client):
            await client.aclose()

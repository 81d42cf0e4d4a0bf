"""One connection to one Handinger: the clients, the tracked workers, the state and the poller."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from handinger_tui.core.refresh import Cadence, RefreshCoordinator
from handinger_tui.core.state import Clock, ExplorerState, Key

if TYPE_CHECKING:
    from pydantic import SecretStr

    from handinger_tui.api import HandingerClient
    from handinger_tui.core.registry import Registry
    from handinger_tui.core.settings import Secret


@dataclass
class Session:
    """Everything the screens read and the actions use, for one base URL."""

    client: HandingerClient  # for actions: the client's own retry policy applies
    poll_client: HandingerClient  # for polling: retries off, the coordinator backs off
    registry: Registry
    state: ExplorerState
    coordinator: RefreshCoordinator
    demo: bool = False

    @property
    def base_url(self) -> str:
        return self.client.base_url

    @classmethod
    def open(
        cls,
        *,
        api_key: str | SecretStr | Secret,
        base_url: str,
        registry: Registry,
        track: Iterable[str] = (),
        cadence: Cadence | None = None,
        clock: Clock | None = None,
        on_change: Callable[[Key], None] = lambda key: None,
        demo: bool = False,
        allow_insecure: bool = False,
    ) -> Session:
        """Build the session (no request is sent until the coordinator runs)."""
        from pydantic import SecretStr

        from handinger_tui.api import HandingerClient

        if not isinstance(api_key, str | SecretStr):  # the settings' own Secret type
            api_key = SecretStr(api_key.get_secret_value())
        client = HandingerClient(api_key=api_key, base_url=base_url, allow_insecure=allow_insecure)
        poll_client = client.with_options(max_retries=0)
        for worker_id in track:
            registry.track(worker_id, source="flag")
        state = ExplorerState()
        coordinator = RefreshCoordinator(
            poll_client, state, cadence=cadence, on_change=on_change, clock=clock
        )
        return cls(client, poll_client, registry, state, coordinator, demo=demo)

    async def close(self) -> None:
        await self.coordinator.stop()
        await self.client.aclose()

"""The App: wiring, not logic. Paints its first frame before any heavy import.

The first frame is the explorer's frame with no data (`screens/shell.py`); the explorer
(`screens/main.py`, ~60 modules) loads and replaces it right after it is painted.

httpx, pydantic and the client are imported in a worker after the first frame, so
start-up feels like a bare Textual app; polling runs as one asyncio task. The demo's
emulator is a child process the CLI started before Textual loaded (`demo_process`): the app
waits for it while those imports run, and the store load and the client's TLS set-up run
in a thread too: nothing of that waits on the UI loop, nor on each other.
Once connected, the objects of start-up are frozen out of the garbage collector's passes
(`gc.freeze`), which otherwise paused keys for 50-250 ms at a time; the CLI pauses the
collector until then (`gc.disable`): start-up makes long-lived objects only, and its
collections cost the first frame ~30 ms of CPU.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, Provider
from textual.driver import Driver
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from handinger_tui.core.safe_text import for_field, one_line
from handinger_tui.core.settings import ApiKey, Settings
from handinger_tui.core.state import Clock, Key
from handinger_tui.demo_process import DemoTarget
from handinger_tui.ui import actions
from handinger_tui.ui.actions import COMMAND_MODE
from handinger_tui.ui.kit import shown_cells
from handinger_tui.ui.kit.closes_once import OncePalette
from handinger_tui.ui.kit.type_ahead import TypeAhead
from handinger_tui.ui.kit.unsaved import HoldsTyping
from handinger_tui.ui.messages import DataChanged
from handinger_tui.ui.screens.shell import ShellScreen
from handinger_tui.ui.themes import ThemeKeeper

if TYPE_CHECKING:
    from handinger_tui.core.refresh import Cadence
    from handinger_tui.core.registry import Registry
    from handinger_tui.core.session import Session
    from handinger_tui.ui.screens.main import MainScreen

log = logging.getLogger("handinger_tui.ui")
STYLES = Path(__file__).parent / "styles"


@dataclass(frozen=True)
class Launch:
    """What the command line decided: the settings as loaded, and what exists only at run
    time. The app connects from this after its first frame."""

    settings: Settings = field(default_factory=Settings)  # warnings: all found at start-up
    workers: Sequence[str] = ()
    start_demo: Callable[[], DemoTarget] | None = None
    registry_factory: Callable[[str], Registry] | None = None
    cadence: Cadence | None = None  # None: the settings' (`Cadence.from_settings`)
    clock: Clock | None = None
    allow_insecure: bool = False


def _explorer_commands() -> type[Provider]:
    """The palette's explorer commands (they need the explorer's modules)."""
    from handinger_tui.ui.commands import ExplorerCommands

    return ExplorerCommands


class HandingerApp(App[None]):
    TITLE = "handinger-tui"
    # The explorer and its first frame share a stylesheet (main.tcss): Textual only loads a
    # Screen's own CSS_PATH when it is pushed, so it is listed here.
    CSS_PATH: ClassVar[list[str | PurePath]] = [STYLES / "app.tcss", STYLES / "main.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding(
            COMMAND_MODE.key,
            "command_mode",
            COMMAND_MODE.description,
            show=False,
            id=COMMAND_MODE.id,
            tooltip=COMMAND_MODE.help,
        ),
    ]

    def __init__(self, launch: Launch) -> None:
        super().__init__()
        self.launch = launch
        self.session: Session | None = None
        self._demo: DemoTarget | None = None
        self.settings = launch.settings
        self._main_screen: MainScreen | None = None  # built after the first frame
        self._explorer_shown = asyncio.Event()  # the explorer replaced the first frame
        self.connected = asyncio.Event()
        # Input before the explorer's panes are all composed waits, then runs in order.
        self._held_input: list[events.Event] | None = []
        self._whole = asyncio.Event()  # the explorer's panes are all composed
        self._quit_question: Screen[bool] | None = None  # "Quit?" over a form with typing
        self._type_ahead = TypeAhead(self)  # keys typed ahead act where the key before sent them
        shown_cells.install(self)  # the terminal gets only the cells that changed

    COMMANDS = App.COMMANDS | {_explorer_commands}  # loaded when ctrl+p opens

    def get_default_screen(self) -> Screen[None]:
        return ShellScreen(read_only=self.settings.read_only)  # the first frame, at once

    @property
    def main_screen(self) -> MainScreen:
        """The explorer, built when first asked for (the first frame is `ShellScreen`)."""
        if self._main_screen is None:
            from handinger_tui.ui.screens.main import MainScreen  # after the first frame

            main = MainScreen(read_only=self.settings.read_only)
            main.stuck_after = timedelta(seconds=self.settings.stuck_after)
            self._main_screen = main
        return self._main_screen

    def get_driver_class(self) -> type[Driver]:
        """Textual's POSIX driver with a guard: a paste never reaches the app as keys."""
        driver = super().get_driver_class()
        if sys.platform == "win32" or driver.__name__ != "LinuxDriver":
            return driver  # Windows, or a driver chosen in TEXTUAL_DRIVER
        from handinger_tui.ui.kit.paste_safe_driver import PasteSafeDriver  # POSIX: termios

        return PasteSafeDriver

    def on_main_screen_whole(self) -> None:
        """The explorer is whole: the held input runs, in order."""
        held, self._held_input = self._held_input or [], None
        for event in held:
            self.post_message(event)
        self._whole.set()

    def on_mount(self) -> None:
        keymap, refused = actions.check_keymap(self.settings.keymap)
        self.set_keymap(keymap)  # a refused remap keeps its default key
        ThemeKeeper(self, self.settings.config_path).start(self.settings.theme)
        said = self.settings.warnings  # the CLI already added the refusals
        warnings = (*said, *(w for w in refused if w not in said))
        for warning in warnings:  # stderr is hidden behind the full-screen UI
            self.notify(
                one_line(warning, 600),
                title="Start-up",
                severity="warning",
                timeout=60,
                markup=False,
            )
        # Heavy imports, the demo emulator and the explorer only once the first frame is
        # painted: the heavy imports run in a thread while the explorer loads here.
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        # The thread starts now, before the explorer's import here takes the loop.
        imported = asyncio.get_running_loop().run_in_executor(None, _import_heavy)
        self.run_worker(self._connect(imported), name="connect", exit_on_error=False)
        # Without its explorer the app can do nothing: a failure there ends it, reported,
        # rather than leave the first frame up with every key held.
        self.run_worker(self._show_explorer(), name="explorer", exit_on_error=True)

    async def _show_explorer(self) -> None:
        """The explorer replaces its first frame (and composes its side panes right after
        its own first frame; then the keys typed meanwhile run)."""
        first = self.screen
        # `switch_screen` drops a result callback of the screen it replaces; Textual gives
        # the default screen none (it is never pushed), so it gets an empty one here. A
        # mode switch instead would re-parse all CSS and restyle every node (~60 ms).
        first._push_result_callback(self, None)
        await self.switch_screen(self.main_screen)
        self._explorer_shown.set()

    async def _connect(self, imported: asyncio.Future[None]) -> None:
        """Start up, then let the collector run again (the CLI pauses it for start-up)."""
        try:
            await self._start_up(imported)
        finally:
            gc.enable()

    async def _start_up(self, imported: asyncio.Future[None]) -> None:
        """Wait for the heavy imports (and the demo emulator if asked), open the session."""
        launch = self.launch
        try:
            base_url, api_key = launch.settings.base_url, launch.settings.api_key
            workers, note = list(launch.workers), ""
            if launch.start_demo is not None:
                if self._explorer_shown.is_set():  # else its first frame says "starting"
                    self.main_screen.show_status(Text("◌ starting the local emulator…"))
                self._demo = await asyncio.to_thread(launch.start_demo)
                base_url, api_key = self._demo.base_url, ApiKey(self._demo.api_key)
                workers = list(self._demo.worker_ids) + workers
                note = "(demo: local emulator)"
            await imported
            registry, session = await asyncio.to_thread(
                self._open_session, base_url, api_key, workers
            )
            try:  # `self.session` is set once the explorer is whole to show it
                await self._whole.wait()
            except asyncio.CancelledError:  # the app closed first
                await session.close()
                raise
            self.session = session
            registry.on_problem = self._tracked_file_problem
        except Exception as exc:  # a worker boundary: report in words, never a traceback
            log.exception("could not start")
            await self._explorer_shown.wait()
            self.main_screen.show_status(Text(f"✘ could not start: {exc}"))
            self.notify(f"Could not start: {exc}", severity="error", timeout=30, markup=False)
            return
        if warned := [*launch.settings.warnings, *registry.problems]:  # kept after the toasts go
            more = f" (+{len(warned) - 1} more)" if len(warned) > 1 else ""
            note = f"{note}  ⚠ {one_line(warned[0], 100)}{more}".strip()
        self.main_screen.attach(session, note)
        self.connected.set()
        self.run_worker(session.coordinator.run(), name="refresh", exit_on_error=False)
        gc.freeze()  # start-up's objects live for the session: no collection scans them again

    def _open_session(
        self, base_url: str, api_key: ApiKey | None, workers: Sequence[str]
    ) -> tuple[Registry, Session]:
        """Load the tracked workers and build the session (a thread: disk and TLS set-up)."""
        from handinger_tui.core.refresh import Cadence
        from handinger_tui.core.registry import Registry
        from handinger_tui.core.session import Session

        if api_key is None:
            raise ValueError("no API key: set HANDINGER_API_KEY or pass --api-key-file FILE")
        if self._demo is not None:
            registry = Registry.in_memory(base_url)
            for template in self._demo.templates:
                registry.remember_template(template, source="demo")
        elif self.launch.registry_factory is not None:
            registry = self.launch.registry_factory(base_url)
        else:
            registry = Registry.for_base_url(base_url, self.settings.data_dir)
        # A failed save while tracking the --worker flags is told on the UI loop.
        registry.on_problem = lambda problem: self.call_from_thread(
            self._tracked_file_problem, problem
        )
        for problem in registry.problems:
            self.call_from_thread(self._tracked_file_problem, problem)
        session = Session.open(
            api_key=api_key,
            base_url=base_url,
            registry=registry,
            track=workers,
            cadence=self.launch.cadence or Cadence.from_settings(self.settings),
            clock=self.launch.clock,
            demo=self.launch.start_demo is not None,
            allow_insecure=self.launch.allow_insecure,
        )
        session.coordinator.subscribe(self._on_change)
        return registry, session

    async def on_event(self, event: events.Event) -> None:
        """A paste is cleaned before any widget sees it: Textual's own inputs (the command
        palette's) would paint its control characters and escape sequences raw. Input that
        comes before the explorer's panes are composed waits for them, then runs in order;
        a key typed ahead waits for the key before it to take effect (`kit/type_ahead`)."""
        held = self._held_input
        if held is not None and isinstance(event, events.InputEvent | events.Paste):
            held.append(event)  # replayed by on_main_screen_whole
            return
        key = event if isinstance(event, events.Key) else None
        read = key is not None and not key.is_forwarded  # from the terminal, not bubbled back
        if key is not None and read:
            if self._type_ahead.hold(key):  # the key before it has not acted yet
                return
            self._type_ahead.going(key)
        if isinstance(event, events.Paste) and not event.is_forwarded:
            event.text = for_field(event.text, multiline=True)
        await super().on_event(event)  # a key read here is forwarded to the focused widget
        if key is not None and (not read or not key.is_forwarded):
            # Back from the focused widget with its binding run, or a priority binding
            # (home, end, ctrl+c...) that ran here and was never forwarded.
            self._type_ahead.acted(key)

    def _tracked_file_problem(self, problem: str) -> None:
        """The tracked-workers file could not be read or saved: say what and where."""
        log.warning("tracked workers: %s", problem)
        self.notify(
            one_line(problem, 600),
            title="Tracked workers",
            severity="error",
            timeout=60,
            markup=False,
        )

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """The palette's screenshot: a revealed token is masked first; says where it went."""
        from handinger_tui.ui.kit.dialogs import SecretScreen

        if any(isinstance(screen, SecretScreen) for screen in self.screen_stack):
            self.notify(
                "No screenshot while a secret is on screen: close it first.",
                title="Screenshot",
                severity="warning",
                markup=False,
            )
            return None
        self.main_screen.token_revealed = False
        self.main_screen.refresh_all()
        self.call_after_refresh(self._save_screenshot, filename, path)
        return None

    def _save_screenshot(self, filename: str | None, path: str | None) -> None:
        from handinger_tui.ui.screenshot import (
            ScreenshotError,
            save_svg,
            screenshot_folder,
            secrets_in,
        )

        svg = self.export_screenshot()
        try:
            if any(secret in svg for secret in secrets_in(self.session)):
                raise ScreenshotError("Screenshot not saved: it would show a secret")
            saved = save_svg(svg, screenshot_folder(path), filename)
        except ScreenshotError as exc:
            self.notify(str(exc), title="Screenshot", severity="error", markup=False)
            return
        self.notify(f"Screenshot saved to {saved}", title="Screenshot", timeout=15, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A background task that dies is reported in words, never silently."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            log.error("background task %s failed: %r", event.worker.name, error)
            self.notify(
                f"Background task {event.worker.name} failed: {error}",
                severity="error",
                timeout=30,
                markup=False,
            )

    def action_command_palette(self) -> None:
        """ctrl+p: Textual's palette, closed (and its command run) once."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(OncePalette(id="--command-palette"))

    def action_command_mode(self) -> None:
        """`:`: the palette in command mode (track ID, theme NAME, agenda, problems)."""
        from handinger_tui.ui.command_mode import open_command_mode  # opened, not first frame

        open_command_mode(self)

    def _on_change(self, key: Key) -> None:
        """The coordinator's news reaches the explorer as a typed message."""
        self.main_screen.post_message(DataChanged(key))

    async def action_quit(self) -> None:
        """q, ctrl+c: quit. With typed text in an open form, ask first; asked, a second
        ctrl+c quits (a wedged screen can always be left)."""
        asking = self._quit_question
        if asking is None and any(
            isinstance(s, HoldsTyping) and s.dirty for s in self.screen_stack
        ):
            from handinger_tui.ui.kit.dialogs import ConfirmScreen  # loaded by the form

            question = ConfirmScreen(
                "Quit?",
                "What you typed in the form will be lost. (ctrl+c again quits.)",
                confirm_label="Quit",
                cancel_label="Keep typing",
            )

            async def decided(quit_now: bool | None) -> None:
                self._quit_question = None
                if quit_now:
                    await self._close_session()
                    self.exit()

            self._quit_question = question
            self.push_screen(question, decided)
            return
        await self._close_session()
        self.exit()

    async def _close_session(self) -> None:
        session, self.session = self.session, None
        if session is not None:
            try:
                await session.close()
            except Exception:
                log.exception("closing the session failed")
        demo, self._demo = self._demo, None
        if demo is not None:
            await asyncio.to_thread(demo.stop)
        gc.unfreeze()  # what start-up froze is garbage now (an app in tests is not the last)

    async def on_unmount(self) -> None:
        await self._close_session()

    def _fatal_error(self) -> None:
        """Like Textual's crash report, but without local variables (they may hold secrets)."""
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()


def _import_heavy() -> None:
    """Load httpx, pydantic and the client off the event loop (after the first frame).

    httpx imports its command-line tool (and click, rich.progress) when click is
    installed; the app never runs it, so that import is skipped (httpx then defines a
    stub ``main``).
    """
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    # The package's names are lazy (PEP 562): these are the modules the session needs;
    # httpcore loads with httpx's first client (~25 ms), so here while the demo starts.
    import httpcore  # noqa: F401

    # httpcore loads anyio and its asyncio backend at the first request (~25 ms, ~30
    # modules): here instead, so that request does not hold the UI loop. Private names: a
    # release that moves them only loses this head start.
    for name in ("httpcore._backends.anyio", "anyio._backends._asyncio"):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)

    import handinger_tui.api.client
    import handinger_tui.api.models
    import handinger_tui.core.refresh
    import handinger_tui.core.registry
    import handinger_tui.core.session  # noqa: F401

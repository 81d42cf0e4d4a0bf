"""`:` opens the palette in command mode, as in k9s: `track ID`, `theme NAME`, `agenda`,
`problems`; anything else is searched like ctrl+p (actions, tracked workers).

A command with what it needs is the only entry, so Enter runs it at once. Text that is no
command says so in the list, and choosing that entry says it again and reopens the palette
with the text kept. What is typed is shown as plain text, never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Final

from textual.app import App
from textual.command import CommandInput, DiscoveryHit, Hit, Hits
from textual.content import Content

from handinger_tui.core.safe_text import one_line
from handinger_tui.ui.commands import ExplorerCommands, highlight
from handinger_tui.ui.kit.closes_once import OncePalette
from handinger_tui.ui.themes import theme_names
from handinger_tui.ui.workers.track_prompt import TrackPromptScreen

if TYPE_CHECKING:
    from handinger_tui.ui.screens.main import MainScreen

__all__ = [
    "CommandMode",
    "CommandModePalette",
    "Typed",
    "open_command_mode",
    "parse",
    "track_via_prompt",
]

VERBS: Final = ("track", "theme", "agenda", "problems")
USAGE: Final = "Commands: track ID, theme NAME, agenda, problems (or any action)"
PLACEHOLDER: Final = "Command: track ID · theme NAME · agenda · problems · or an action…"
ABOUT: Final = {
    "track": ("track ID", "Track a worker by id or dashboard URL (several: space between)"),
    "theme": ("theme NAME", "Use a theme (kept in the config file)"),
    "agenda": ("agenda", "Every schedule of every tracked worker by next run"),
    "problems": ("problems", "Problems across tracked workers"),
}


@dataclass(frozen=True)
class Typed:
    """What was typed: a command word (or None) and the rest."""

    verb: str | None
    argument: str
    word: str  # the first word, as typed (lower case)


def parse(text: str) -> Typed:
    """The command word and its argument; the word must be spelled in full."""
    word, _, rest = text.strip().partition(" ")
    word = word.lower()
    return Typed(word if word in VERBS else None, rest.strip(), word)


class CommandModePalette(OncePalette):
    """The palette with only the command-mode provider; `value` is typed in at open."""

    def __init__(self, value: str = "") -> None:
        super().__init__(providers=[CommandMode], placeholder=PLACEHOLDER)
        self._value = value

    def on_mount(self) -> None:
        if self._value:
            self.query_one(CommandInput).value = self._value


def open_command_mode(app: App[Any], value: str = "") -> None:
    app.push_screen(CommandModePalette(value))


def track_via_prompt(main: MainScreen, text: str) -> None:
    """`track ID`: typed into the track prompt and submitted, so the prompt's own checks
    and report apply; what cannot be tracked stays in the prompt with the reason."""
    main.action_track_worker()
    prompt = main.app.screen_stack[-1]
    if isinstance(prompt, TrackPromptScreen):
        prompt.call_later(prompt.submit_text, text)


class CommandMode(ExplorerCommands):
    """The commands, then the ctrl+p entries; a clear word when nothing fits."""

    async def discover(self) -> Hits:
        if (main := self._main()) is None:
            return
        for verb in VERBS:
            usage, about = ABOUT[verb]
            yield DiscoveryHit(Content(usage), self._bare(main, verb), text=usage, help=about)

    async def search(self, query: str) -> Hits:
        if (main := self._main()) is None:
            return
        typed = parse(query)
        if typed.verb is not None:
            async for hit in self._command(main, typed, query):
                yield hit
            return
        found = False
        matcher = self.matcher(query)
        for verb in VERBS:  # a command begun: offered first
            usage, about = ABOUT[verb]
            if not typed.argument and verb.startswith(typed.word):
                found = True
                yield Hit(1.0, highlight(matcher, usage), self._bare(main, verb), usage, about)
        async for hit in super().search(query):
            found = True
            yield hit
        if not found:
            word = one_line(typed.word, 40)
            yield self._refusal(f"Unknown command {word!r}. {USAGE}.", query)

    async def _command(self, main: MainScreen, typed: Typed, query: str) -> Hits:
        """The entry for a command word spelled in full."""
        verb, argument = typed.verb, typed.argument
        if verb in ("agenda", "problems") and argument:
            extra = one_line(argument, 40)
            yield self._refusal(f"{verb} takes nothing after it (got {extra!r})", query)
        elif verb == "track" and argument:
            label = f"Track {one_line(argument, 80)}"
            yield Hit(1.0, Content(label), partial(track_via_prompt, main, argument), label)
        elif verb == "theme" and argument:
            for hit in self._themes(argument, query):
                yield hit
        elif verb is not None:
            usage, about = ABOUT[verb]
            yield Hit(1.0, Content(usage), self._bare(main, verb), usage, about)

    def _themes(self, argument: str, query: str) -> list[Hit]:
        """`theme NAME`: that theme alone when spelled in full, else the names that fit."""
        names = theme_names(self.app)
        if argument in names:
            return [self._theme_hit(argument, 1.0)]
        matcher = self.matcher(argument)
        hits = [self._theme_hit(n, score) for n in names if (score := matcher.match(n)) > 0]
        if hits:
            return hits
        shown = one_line(argument, 40)
        return [self._refusal(f"Unknown theme {shown!r}. Themes: {', '.join(names)}", query)]

    def _theme_hit(self, name: str, score: float) -> Hit:
        label = f"Theme {name}"
        return Hit(score, Content(label), partial(self._use_theme, name), label)

    def _use_theme(self, name: str) -> None:
        self.app.theme = name

    def _bare(self, main: MainScreen, verb: str) -> Callable[[], object]:
        """A command without its argument: track and theme ask for it."""
        if verb == "track":
            return main.action_track_worker
        if verb == "theme":
            return self.app.search_themes
        return partial(main.run_action, verb)

    def _refusal(self, message: str, query: str) -> Hit:
        """An entry that says why nothing runs; choosing it reopens with the text kept."""
        return Hit(0.01, Content(message), partial(self._refuse, message, query), message)

    def _refuse(self, message: str, query: str) -> None:
        self.app.notify(message, title="Command", severity="warning", markup=False)
        open_command_mode(self.app, query)

"""The first frame waits for Textual and our own light modules only (issue 11).

The app's module chain (cli -> ui.app -> the main screen and all it imports) loads no
pydantic, httpx, TOML writer, cron or schema library, and no emulator server: those load
after the first frame (`ui/app.py` `_import_heavy`) or when first used.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from pydantic import SecretStr

import handinger_tui.api.models as real_models
from handinger_tui.api import on_use
from handinger_tui.core.views import secret_value
from tests.support.modules import loaded_after, modules_after

HEAVY = {
    "pydantic",
    "pydantic_core",
    "httpx",
    "httpcore",
    "anyio",
    "tomlkit",
    "croniter",
    "cron_descriptor",
    "jsonschema",
    "uvicorn",
    "starlette",
}


@pytest.mark.parametrize(
    "statement",
    [
        "import handinger_tui.ui.app",
        "import handinger_tui.cli, handinger_tui.ui.app, handinger_tui.ui.screens.main",
    ],
)
def test_the_first_frames_modules_load_nothing_heavy(statement: str) -> None:
    loaded = loaded_after(statement)
    assert {"handinger_tui", "textual"} <= loaded
    assert not loaded & HEAVY, sorted(loaded & HEAVY)


# Screens, dialogs and the clipboard load when first opened or used, not for the first frame.
ON_USE = {
    "handinger_tui.core.clipboard",
    "handinger_tui.core.pasted_workers",
    "handinger_tui.ui.agenda.screen",
    "handinger_tui.ui.command_mode",
    "handinger_tui.ui.kit.copy_value",
    "handinger_tui.ui.kit.dialogs",
    "handinger_tui.ui.kit.safe_text_area",
    "handinger_tui.ui.problems.screen",
    "handinger_tui.ui.schedules.details",
    "handinger_tui.ui.screens.help",
    "handinger_tui.ui.webhook.delivery",
    "handinger_tui.ui.webhook.goto_page",
    "handinger_tui.ui.workers.track_prompt",
    "textual.widgets._text_area",  # forms only (SafeTextArea)
}


# The explorer loads right after the first frame (`ui/screens/shell.py` draws its frame).
EXPLORER = {
    "handinger_tui.ui.commands",
    "handinger_tui.ui.detail.pane",
    "handinger_tui.ui.kit.keyed_table",
    "handinger_tui.ui.schedules.pane",
    "handinger_tui.ui.screens.main",
    "handinger_tui.ui.webhook.pane",
    "handinger_tui.ui.workers.pane",
    "textual.widgets._data_table",
}


def test_the_first_frame_loads_no_screen_it_does_not_show() -> None:
    loaded = modules_after("import handinger_tui.cli, handinger_tui.ui.app")
    assert "handinger_tui.ui.screens.shell" in loaded
    assert not loaded & (ON_USE | EXPLORER), sorted(loaded & (ON_USE | EXPLORER))
    explorer = modules_after("import handinger_tui.ui.screens.main")
    assert EXPLORER - {"handinger_tui.ui.commands"} <= explorer  # the names are real
    assert not explorer & ON_USE, sorted(explorer & ON_USE)


def test_the_models_load_on_first_use() -> None:
    """A first-frame module's `models` is the real module once a name is read."""
    assert on_use.models.CronSchedule is real_models.CronSchedule
    assert on_use.OnUse("handinger_tui.api.models").Worker is real_models.Worker
    with pytest.raises(AttributeError):
        _ = on_use.OnUse("handinger_tui.api.models").no_such_model


def test_a_secret_reads_the_same_without_pydantic_at_import() -> None:
    webhook = real_models.Webhook(token=SecretStr("hdg_whk_1"), url="https://x.example")
    assert secret_value(webhook.token) == "hdg_whk_1"
    assert secret_value("plain") == "plain"
    assert secret_value(None) is None


def test_the_demo_emulator_starts_before_textual_loads() -> None:
    """`--demo` starts its emulator child first: it seeds while the app loads and paints."""
    code = (
        "import sys, json; from handinger_tui import cli; "
        "from handinger_tui.demo_process import DemoProcess; seen = []; real = DemoProcess.start; "
        "DemoProcess.start = classmethod(lambda cls: (seen.append(sorted(m for m in "
        "('textual', 'pydantic', 'httpx') if m in sys.modules)), real())[1]); "
        "cli._run_app = lambda args, demo: (seen.append(demo is not None), 0)[1]; "
        "cli.main(['--demo']); print(json.dumps(seen))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert json.loads(out) == [[], True]  # nothing heavy loaded yet; the app got the child

"""The stylesheet every modal form and dialog shares (kept apart so dialogs need no form base)."""

from __future__ import annotations

from pathlib import Path, PurePath

STYLES = Path(__file__).parent.parent / "styles"
FORM_CSS: list[str | PurePath] = [STYLES / "forms.tcss"]

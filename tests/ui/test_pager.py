"""The pager route: which command, a private temp file, cleaned text, deleted after."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from handinger_tui.ui.pager import pager_commands, run_pager
from tests.support.output import RECORDER


def test_pager_is_taken_from_the_environment_then_less() -> None:
    less = shutil.which("less")
    fallback = [[less]] if less else []
    assert pager_commands({}) == fallback
    assert pager_commands({"PAGER": "most -s"}) == [["most", "-s"], *fallback]
    assert pager_commands({"PAGER": "  "}) == fallback
    assert pager_commands({"PAGER": "'unbalanced"}) == fallback  # unparseable: skipped


def test_the_pager_reads_a_private_cleaned_copy_that_is_deleted_after(tmp_path: Path) -> None:
    script = tmp_path / "recorder.py"
    script.write_text(RECORDER, encoding="utf-8")
    record = tmp_path / "record.json"
    hostile = "# Title\n\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07 \x1b[2J \x9b31m \u202eevil\nend\n"
    status = run_pager([sys.executable, str(script), str(record)], hostile)
    assert status == 0
    seen = json.loads(record.read_text(encoding="utf-8"))
    assert seen["mode"] == 0o600
    assert not any(c in seen["text"] for c in "\x1b\x07\x9b\u202e")
    assert seen["text"].startswith("# Title\n␛]0;pwned␛]52;c;ZXZpbA==") and "␛[2J" in seen["text"]
    assert seen["text"].endswith("evil\nend\n")
    assert not Path(seen["path"]).exists()


def test_a_pager_that_cannot_start_raises_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    with pytest.raises(OSError):
        run_pager([str(tmp_path / "no-such-pager")], "text")
    assert list(tmp_path.iterdir()) == []

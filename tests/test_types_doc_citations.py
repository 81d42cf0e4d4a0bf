"""Every "§N.N" a module cites names a section of the API reference in the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "handinger-api.md"
CITATION = re.compile(r"§(\d+(?:\.\d+)*)")


def sections(text: str) -> set[str]:
    """The section numbers of a Markdown document's headings ("## 2. Objects" -> "2")."""
    found = re.findall(r"^#{2,4} (\d+(?:\.\d+)*)\.? ", text, re.MULTILINE)
    return set(found)


def citations(root: Path) -> dict[str, set[str]]:
    """Section numbers cited, by file, in every Python module under `root`."""
    out: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        cited = set(CITATION.findall(path.read_text(encoding="utf-8")))
        if cited:
            out[path.relative_to(root).as_posix()] = cited
    return out


def test_the_section_reader_sees_headings_and_citations(tmp_path: Path) -> None:
    assert sections("# Title\n## 2. Objects\n### 2.2 Worker (runtime)\n") == {"2", "2.2"}
    (tmp_path / "m.py").write_text('"""See §4.13 and §2."""\n', encoding="utf-8")
    assert citations(tmp_path) == {"m.py": {"4.13", "2"}}


def test_every_citation_resolves_in_the_reference() -> None:
    known = sections(REFERENCE.read_text(encoding="utf-8"))
    cited = citations(ROOT / "handinger_tui")
    assert cited  # the walk must find the citations, or the check proves nothing
    broken = {name: sorted(numbers - known) for name, numbers in cited.items()}
    assert not {name: numbers for name, numbers in broken.items() if numbers}


def test_the_package_says_where_the_reference_is() -> None:
    api = (ROOT / "handinger_tui" / "api" / "__init__.py").read_text(encoding="utf-8")
    assert "docs/handinger-api.md" in api

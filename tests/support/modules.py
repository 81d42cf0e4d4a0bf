"""What an import statement loads, measured in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys


def loaded_after(statement: str) -> set[str]:
    """Top-level modules loaded by ``statement`` in a fresh interpreter."""
    return {name.split(".")[0] for name in modules_after(statement)}


def modules_after(statement: str) -> set[str]:
    """Every module (dotted names) loaded by ``statement`` in a fresh interpreter."""
    code = f"import sys; {statement}; import json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return set(json.loads(out))

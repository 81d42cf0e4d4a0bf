"""Deterministic generated content: answers in Markdown, sources, files, schema instances."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from jsonschema import Draft7Validator

from .ids import stable_int

DOG_ADJECTIVES = (
    "Brave", "Curious", "Fluffy", "Loyal", "Nimble", "Patient", "Plucky", "Sleepy",
    "Spirited", "Steady", "Swift", "Wise", "Gentle", "Jolly", "Scrappy", "Sunny",
)  # fmt: skip
DOG_BREEDS = (
    "Beagle", "Corgi", "Dachshund", "Labrador", "Poodle", "Husky", "Greyhound", "Whippet",
    "Basenji", "Schnauzer", "Samoyed", "Shiba", "Collie", "Terrier", "Spaniel", "Vizsla",
)  # fmt: skip

TOPICS = (
    ("Volume", "ticket volume", "tickets"),
    ("Latency", "median response time", "minutes"),
    ("Coverage", "sources reviewed", "pages"),
    ("Sentiment", "customer sentiment", "points"),
    ("Spend", "weekly spend", "credits"),
    ("Accuracy", "answer accuracy", "%"),
)
SOURCE_SITES = (
    ("Handinger docs: Workers", "https://docs.handinger.com/workers"),
    ("Acme support knowledge base", "https://support.acme.example/kb"),
    ("Acme pricing page", "https://acme.example/pricing"),
    ("Industry benchmark report 2026", "https://research.example.org/benchmarks/2026"),
    ("Acme brand voice guide", "https://acme.example/brand/voice"),
    ("Status history", "https://status.acme.example/history"),
)


def dog_name(n: int) -> str:
    """A dog-themed worker name for number ``n``."""
    return f"{DOG_ADJECTIVES[n % len(DOG_ADJECTIVES)]} {DOG_BREEDS[(n // 16) % len(DOG_BREEDS)]}"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:48].strip("-") or "worker"


def one_line(text: str, limit: int) -> str:
    """First line of ``text``, whitespace-collapsed, cut to ``limit`` characters with '…'."""
    stripped = text.strip()
    first = stripped.splitlines()[0] if stripped else ""
    line = " ".join(first.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def summary_from_prompt(prompt: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s", prompt.strip(), maxsplit=1)[0]
    return one_line(sentence, 80)


def instructions_from_prompt(title: str, prompt: str) -> str:
    return (
        f"You are {title}, a Handinger worker.\n\n"
        f"Goal: {prompt.strip()}\n\n"
        "Work step by step: gather the facts you need, cite every source you rely on, "
        "and answer in concise Markdown with a short summary first. "
        "If something is uncertain, say so instead of guessing."
    )


def task_title(text: str) -> str:
    return one_line(text, 80) or "Untitled task"


def answer_markdown(worker_title: str, text: str, budget: str) -> str:
    """A full Markdown answer (headings, list, table, code block), deterministic from input."""
    h = stable_int("answer", worker_title, text, budget)
    request = one_line(text, 120)
    rows = []
    for i in range(3):
        label, metric, unit = TOPICS[(h >> (4 * i)) % len(TOPICS)]
        value = 10 + (h >> (8 + 5 * i)) % 90
        delta = ((h >> (20 + 3 * i)) % 21) - 10
        trend = "▲" if delta > 0 else ("▼" if delta < 0 else "■")
        rows.append(f"| {label} | {metric} | {value} {unit} | {trend} {delta:+d}% |")
    findings = [
        "The request was understood and scoped to the worker's instructions.",
        f"{2 + h % 4} sources were consulted; all are listed below the answer.",
        "No blocking issues were found; two follow-ups are suggested.",
    ]
    return "\n".join(
        [
            f"# {worker_title}: result",
            "",
            f"> **Request:** {request}",
            "",
            "## Summary",
            "",
            f"Handled with the *{budget}* budget. The figures below are a synthetic but "
            "stable rendition of what a real run would report.",
            "",
            "## Key findings",
            "",
            *[f"- {item}" for item in findings],
            "",
            "## Figures",
            "",
            "| Area | Metric | Value | Change |",
            "|---|---|---:|---:|",
            *rows,
            "",
            "## Next steps",
            "",
            "1. Review the flagged items with the owning team.",
            "2. Re-run this task next week to compare the trend.",
            "",
            "```python",
            "# Reproduce the headline figure",
            f"values = [{', '.join(str(10 + (h >> (3 * i)) % 50) for i in range(5))}]",
            "print(sum(values) / len(values))",
            "```",
            "",
        ]
    )


def partial(answer: str, progress: float) -> str:
    """The first ``progress`` fraction of ``answer``, cut at a word boundary."""
    if progress >= 1:
        return answer
    if progress <= 0:
        return ""
    cut = int(len(answer) * progress)
    space = answer.rfind(" ", 0, cut)
    newline = answer.rfind("\n", 0, cut)
    end = max(space, newline)
    return answer[: end if end > 0 else cut]


URL_IN_TEXT = re.compile(r"https?://[^\s\"'<>)]+")


def sources_for(text: str) -> list[dict[str, Any]]:
    """2-4 stock sources; a URL in the input is consulted too, with no title (``null``)."""
    h = stable_int("sources", text)
    count = 2 + h % 3
    out: list[dict[str, Any]] = []
    for i in range(count):
        title, url = SOURCE_SITES[(h // 7 + i) % len(SOURCE_SITES)]
        out.append({"id": f"src_{i + 1}", "title": title, "type": "url", "url": url})
    found = URL_IN_TEXT.search(text)
    if found:
        url = found.group(0).rstrip(".,;:!?")
        out.append({"id": f"src_{count + 1}", "title": None, "type": "url", "url": url})
    return out


def files_for(file_ids: list[str], answer: str, text: str) -> list[dict[str, Any]]:
    """A report and a CSV; an input asking for a chart adds a PNG with ``filename: null``."""
    csv = "metric,value\n" + "".join(f"m{i},{(stable_int(text, i) % 100)}\n" for i in range(5))
    names = [
        ("report.md", "text/markdown", len(answer.encode())),
        ("figures.csv", "text/csv", len(csv)),
    ]
    out = []
    for fid, (name, media, size) in zip(file_ids, names, strict=False):
        out.append(
            {
                "filename": name,
                "mediaType": media,
                "url": f"https://handinger.com/files/{fid}/{name}",
                "size": size,
            }
        )
    if "chart" in text.lower() and file_ids:
        out.append(
            {
                "filename": None,
                "mediaType": "image/png",
                "url": f"https://handinger.com/files/{file_ids[0]}/attachment-3",
                "size": 2048 + stable_int("chart", text) % 30000,
            }
        )
    return out


def credits_for(budget: str, text: str) -> int:
    lo, hi = {"low": (1, 4), "standard": (6, 18), "high": (20, 60), "unlimited": (40, 120)}[budget]
    return lo + stable_int("credits", text) % (hi - lo + 1)


# -- JSON Schema instances ----------------------------------------------------------------


def instance_for(schema: Any, hint: str = "value", depth: int = 0) -> Any:
    """A minimal instance of a Draft-07 schema (best effort; validated by the caller)."""
    if not isinstance(schema, dict) or depth > 8:
        return None
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            return instance_for(schema[key][0], hint, depth + 1)
    if isinstance(schema.get("allOf"), list):
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            if isinstance(part, dict):
                for k, v in part.items():
                    if k in ("properties",) and isinstance(v, dict):
                        merged.setdefault("properties", {}).update(v)
                    elif k == "required" and isinstance(v, list):
                        merged["required"] = [*merged.get("required", []), *v]
                    else:
                        merged.setdefault(k, v)
        return instance_for(merged, hint, depth + 1)
    typ = schema.get("type")
    if isinstance(typ, list):
        typ = next((t for t in typ if t != "null"), typ[0] if typ else None)
    if typ is None:
        typ = "object" if "properties" in schema else ("array" if "items" in schema else None)
    if typ == "object":
        raw_props = schema.get("properties")
        props: dict[str, Any] = raw_props if isinstance(raw_props, dict) else {}
        out: dict[str, Any] = {}
        raw_required = schema.get("required")
        required: list[Any] = raw_required if isinstance(raw_required, list) else []
        for name, sub in props.items():
            if name in required or len(out) < 4:
                out[name] = instance_for(sub, name, depth + 1)
        for name in required:
            out.setdefault(name, "example")
        return out
    if typ == "array":
        items = schema.get("items", {})
        count = max(1, int(schema.get("minItems", 1) or 1))
        if "maxItems" in schema:
            count = min(count, int(schema["maxItems"]))
        if isinstance(items, list):
            return [instance_for(s, hint, depth + 1) for s in items]
        return [instance_for(items, hint, depth + 1) for _ in range(count)]
    if typ == "string":
        fmt = schema.get("format")
        if fmt == "date-time":
            return "2026-05-12T09:00:00.000Z"
        if fmt == "date":
            return "2026-05-12"
        if fmt in ("uri", "url"):
            return "https://example.com/"
        if fmt == "email":
            return "someone@example.com"
        text = f"example {hint}"
        min_len = int(schema.get("minLength", 0) or 0)
        max_len = schema.get("maxLength")
        if len(text) < min_len:
            text = text + "x" * (min_len - len(text))
        if isinstance(max_len, int):
            text = text[:max_len]
        return text
    if typ in ("number", "integer"):
        value: float = 1
        if isinstance(schema.get("minimum"), int | float):
            value = max(value, schema["minimum"])
        if isinstance(schema.get("exclusiveMinimum"), int | float):
            value = max(value, schema["exclusiveMinimum"] + 1)
        if isinstance(schema.get("maximum"), int | float):
            value = min(value, schema["maximum"])
        return int(value) if typ == "integer" else value
    if typ == "boolean":
        return True
    if typ == "null":
        return None
    return {}


def structured_output_for(schema: dict[str, Any] | None) -> dict[str, Any] | None:
    """An object valid against ``schema``, or None when no schema / no valid object found."""
    if schema is None:
        return None
    validator = Draft7Validator(schema)
    candidates: list[Any] = [instance_for(schema), {}]
    for candidate in candidates:
        if isinstance(candidate, dict) and validator.is_valid(candidate):
            return candidate
    return None

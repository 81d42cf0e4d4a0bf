"""The injectable faults: what each one does, in which order, and their settings.

``edge`` applies them, only to ``/api/`` requests and in this order, each with its own
draw: latency (always added), drop (close the connection with no response), 5xx error,
429 rate limit (with ``Retry-After``), malformed body (the real handler runs, then a
truncated body is sent with status 200). Then, once the key is accepted, the faults that
let the write happen and lose the answer: ``errorAfterRate`` (the handler runs, then an
HTML error page with ``errorAfterStatus``, 502 by default, replaces its answer, as a proxy
would) and ``dropAfterRate`` (the handler runs, then the connection closes with no
response). ``drift: true`` reshapes every 2xx answer the way a drifting service may (see
``drift``). ``count`` limits how many matching requests are affected before the faults
switch themselves off; ``seed`` makes the draws reproducible.

Example: ``PUT /_emulator/faults {"drift": true}`` or
``{"dropAfterRate": 1, "routes": ["POST /api/tasks"], "count": 1}``.
"""

from __future__ import annotations

import fnmatch
import random
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError

RATES = (
    "errorRate",
    "rateLimitRate",
    "dropRate",
    "malformedRate",
    "errorAfterRate",
    "dropAfterRate",
)


@dataclass
class FaultConfig:
    """Injected faults, as set by ``PUT /_emulator/faults`` (camelCase on the wire)."""

    latency_ms: int = 0
    error_rate: float = 0.0
    error_status: int = 503
    rate_limit_rate: float = 0.0
    retry_after: int = 1
    drop_rate: float = 0.0
    malformed_rate: float = 0.0
    error_after_rate: float = 0.0
    error_after_status: int = 502
    drop_after_rate: float = 0.0
    drift: bool = False
    routes: list[str] | None = None
    methods: list[str] | None = None
    count: int | None = None
    seed: int | None = None
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "latencyMs": self.latency_ms,
            "errorRate": self.error_rate,
            "errorStatus": self.error_status,
            "rateLimitRate": self.rate_limit_rate,
            "retryAfter": self.retry_after,
            "dropRate": self.drop_rate,
            "malformedRate": self.malformed_rate,
            "errorAfterRate": self.error_after_rate,
            "errorAfterStatus": self.error_after_status,
            "dropAfterRate": self.drop_after_rate,
            "drift": self.drift,
            "routes": self.routes,
            "methods": self.methods,
            "count": self.count,
            "seed": self.seed,
        }

    @property
    def active(self) -> bool:
        return bool(
            self.latency_ms
            or self.error_rate
            or self.rate_limit_rate
            or self.drop_rate
            or self.malformed_rate
            or self.error_after_rate
            or self.drop_after_rate
            or self.drift
        ) and (self.count is None or self.count > 0)

    def applies(self, method: str, key: str) -> bool:
        if self.methods is not None and method.upper() not in self.methods:
            return False
        if self.routes is None:
            return True
        template = key.split(" ", 1)[1]
        return any(
            fnmatch.fnmatchcase(template, p) or fnmatch.fnmatchcase(key, p) for p in self.routes
        )

    @classmethod
    def parse(cls, body: dict[str, Any]) -> FaultConfig:
        """Validate a faults body; raises ApiError(422) naming the bad field."""

        def number(name: str, lo: float, hi: float, integer: bool = False) -> Any:
            value = body.get(name)
            if value is None:
                return None
            ok_type = isinstance(value, int) if integer else isinstance(value, int | float)
            if isinstance(value, bool) or not ok_type or not lo <= value <= hi:
                kind = "an integer" if integer else "a number"
                raise ApiError(422, f"{name}: must be {kind} between {lo:g} and {hi:g}")
            return value

        def str_list(name: str) -> list[str] | None:
            value = body.get(name)
            if value is None:
                return None
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ApiError(422, f"{name}: must be a list of strings")
            return list(value)

        unknown = [name for name in body if name not in cls().to_json()]
        if unknown:
            known = ", ".join(cls().to_json())
            raise ApiError(422, f"{unknown[0]}: is not a fault setting (known: {known})")
        cfg = cls()
        cfg.latency_ms = number("latencyMs", 0, 600000, integer=True) or 0
        cfg.error_rate = float(number("errorRate", 0, 1) or 0)
        cfg.error_status = number("errorStatus", 400, 599, integer=True) or 503
        cfg.rate_limit_rate = float(number("rateLimitRate", 0, 1) or 0)
        retry_after = number("retryAfter", 0, 3600, integer=True)
        cfg.retry_after = 1 if retry_after is None else retry_after
        cfg.drop_rate = float(number("dropRate", 0, 1) or 0)
        cfg.malformed_rate = float(number("malformedRate", 0, 1) or 0)
        cfg.error_after_rate = float(number("errorAfterRate", 0, 1) or 0)
        cfg.error_after_status = number("errorAfterStatus", 400, 599, integer=True) or 502
        cfg.drop_after_rate = float(number("dropAfterRate", 0, 1) or 0)
        drift_on = body.get("drift", False)
        if not isinstance(drift_on, bool):
            raise ApiError(422, "drift: must be a boolean")
        cfg.drift = drift_on
        cfg.routes = str_list("routes")
        methods = str_list("methods")
        cfg.methods = [m.upper() for m in methods] if methods is not None else None
        cfg.count = number("count", 1, 10**9, integer=True)
        cfg.seed = number("seed", -(2**63), 2**63, integer=True)
        cfg.rng = random.Random(cfg.seed)
        return cfg

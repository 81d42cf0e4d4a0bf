"""Deterministic, service-looking identifiers (``t_org_<n>_w_<ULID>``, ``tsk_…``, ``whk_…``)."""

from __future__ import annotations

import hashlib

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

ORG_NUMBER = 4821
ORG_ID = "org_8s1Df9aLp-1z"
USER_ID = "usr_7yh-91XzM2nQ4"
DASHBOARD = "https://handinger.com"


def _digest(*parts: object) -> bytes:
    return hashlib.sha256(":".join(str(p) for p in parts).encode()).digest()


def ulid(ms: int, seed: str, seq: int) -> str:
    """A 26-character ULID-like string: 10 chars of time, 16 chars derived from (seed, seq)."""
    ms = max(0, min(ms, (1 << 48) - 1))
    head = "".join(CROCKFORD[(ms >> (5 * i)) & 31] for i in range(9, -1, -1))
    digest = _digest(seed, seq)
    tail = "".join(CROCKFORD[b & 31] for b in digest[:16])
    return head + tail


def short(seed: str, seq: int, length: int = 14) -> str:
    """A short url-safe token like ``2Z-YWz3hFq6VlW``."""
    digest = _digest("short", seed, seq)
    return "".join(URLSAFE[b & 63] for b in digest[:length])


class IdFactory:
    """Issues ids from a seed and a persisted counter, so restarts never collide."""

    def __init__(self, seed: str, seq: int = 0) -> None:
        self.seed = seed
        self.seq = seq
        self.pinned_ms: int | None = None  # set while seeding, so demo ids never vary

    def _ms(self, ms: int) -> int:
        return ms if self.pinned_ms is None else self.pinned_ms + self.seq * 1000

    def _next(self) -> int:
        self.seq += 1
        return self.seq

    def worker(self, ms: int) -> str:
        seq = self._next()
        return f"t_org_{ORG_NUMBER}_w_{ulid(self._ms(ms), self.seed, seq)}"

    def prefixed(self, prefix: str, ms: int) -> str:
        """``sch_``, ``tsk_``, ``trn_``, ``whk_``, ``whe_``, ``msg_``, ``f_`` + ULID."""
        seq = self._next()
        return f"{prefix}_{ulid(self._ms(ms), self.seed, seq)}"

    def number(self, lo: int, hi: int) -> int:
        """A deterministic integer in [lo, hi]."""
        digest = _digest("n", self.seed, self._next())
        return lo + int.from_bytes(digest[:4], "big") % (hi - lo + 1)


def user_id(n: int) -> str:
    """The user the ``n``-th API key acts as (0: the first key, creator of the demo data)."""
    return USER_ID if n == 0 else f"usr_{short('user', n, 13)}"


def stable_int(*parts: object) -> int:
    """A deterministic non-negative integer from arbitrary parts (content generation)."""
    return int.from_bytes(_digest(*parts)[:8], "big")


def worker_url(worker_id: str) -> str:
    return f"{DASHBOARD}/worker/{worker_id}"


def task_url(worker_id: str, task_id: str) -> str:
    return f"{DASHBOARD}/worker/{worker_id}/task/{task_id}"

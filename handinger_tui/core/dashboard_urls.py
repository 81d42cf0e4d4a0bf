"""Which worker references are URLs on a host that is not a Handinger dashboard.

One rule for ``--worker``, ``--workers-file`` and the in-app track prompt: a reference
holding a ``/`` is read as a URL, and its host must be handinger.com (or a subdomain) or
the configured service's (:func:`core.base_url_rules.dashboard_host`). A URL too broken
to read has no host here; the worker-id check then refuses it in words.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from handinger_tui.core.base_url_rules import dashboard_host

__all__ = ["foreign_host", "url_host"]


def url_host(ref: str) -> str:
    """The host of a reference that looks like a URL; '' for an id or an unreadable URL."""
    ref = ref.strip()
    if "/" not in ref:
        return ""
    try:
        return urlsplit(ref if "//" in ref else "//" + ref).hostname or ""
    except ValueError:  # e.g. an unclosed [ in the host
        return ""


def foreign_host(ref: str, base_url: str) -> str | None:
    """The host of ``ref`` when it is a URL on a host that is not a Handinger dashboard."""
    host = url_host(ref)
    return host if host and not dashboard_host(host, base_url) else None

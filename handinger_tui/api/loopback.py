"""The loopback rule: where plain http may carry the API key. Standard library only.

The client (which refuses plain http elsewhere), the command line (which says so before
the first frame) and the base URL checks of ``doctor`` and the status line all ask here.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

__all__ = ["is_loopback_host", "key_in_clear"]


def is_loopback_host(host: str) -> bool:
    """``localhost``, ``*.localhost``, 127.0.0.0/8 or ::1 (brackets and a final dot allowed)."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def key_in_clear(base_url: str) -> bool:
    """Plain http to a host that is not loopback: the API key would cross the network."""
    parts = urlsplit(base_url.strip())
    return parts.scheme.lower() == "http" and not is_loopback_host(parts.hostname or "")

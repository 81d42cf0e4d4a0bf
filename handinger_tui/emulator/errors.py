"""The one error type handlers raise; rendered as ``{"error": "<message>"}``."""

from __future__ import annotations


class ApiError(Exception):
    """An HTTP error with a human-readable message and optional extra headers."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def invalid(message: str) -> ApiError:
    """422 Unprocessable Entity (validation failure)."""
    return ApiError(422, message)


def not_found(what: str, ident: str) -> ApiError:
    return ApiError(404, f"{what} not found: {ident}")

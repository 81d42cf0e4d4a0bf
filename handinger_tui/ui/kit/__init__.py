"""Shared UI pieces: form base, dialogs, keyed table, status line, safe fields."""

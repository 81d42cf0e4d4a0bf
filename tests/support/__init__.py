"""Test support, one module a topic, imported as ``from tests.support.X import …``.

``api`` (a scripted in-process API), ``examples`` (the reference's payloads), ``emulator``
(HTTP clients on an emulator), ``pilot`` (the app under Pilot), ``frozen`` (the frozen demo
for snapshots and screenshots), ``tmux`` (a private tmux server). Fixtures live in the
``conftest.py`` files only. Nothing here is imported by the product.
"""

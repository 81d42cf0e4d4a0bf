"""Test support, one module a topic, imported as ``from tests.support.X import …``.

``api`` (a scripted in-process API), ``examples`` (the reference's payloads), ``emulator``
(the test key, HTTP clients on an emulator), ``pilot`` (the app under Pilot), ``forms`` (form
screens under Pilot), ``frozen`` (the frozen demo for snapshots and screenshots), ``output``
(big outputs, a recording $PAGER), ``refresh`` (a coordinator on a frozen clock), ``cli``
(the CLI's `Launch`), ``servers`` (tiny HTTP/HTTPS servers), ``modules`` (what an import
loads), ``tmux`` (a private tmux server). Fixtures live in the ``conftest.py`` files only.
Nothing here is imported by the product.
"""

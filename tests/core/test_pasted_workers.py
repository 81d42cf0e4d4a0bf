"""Many ids or dashboard URLs at once: the new ones tracked, the rest reported by position."""

from __future__ import annotations

from handinger_tui.core.base_url_rules import dashboard_host
from handinger_tui.core.pasted_workers import parse_pasted

BASE = "https://handinger.com"


def on_dashboard(host: str) -> bool:
    return dashboard_host(host, BASE)


def test_new_ids_are_kept_in_order_and_the_rest_reported() -> None:
    text = (
        "t_org_1_w_A\n"
        "  https://handinger.com/worker/t_org_1_w_B?tab=runs  \n"
        "\n"
        "t_org_1_w_C\n"
        "x?y\n"
        "t_org_1_w_A\n"
        "https://evil.example/worker/t_org_1_w_D\n"
    )
    pasted = parse_pasted(text, tracked={"t_org_1_w_C"}, dashboard_host=on_dashboard)
    assert pasted.ids == ("t_org_1_w_A", "t_org_1_w_B")
    assert pasted.tracked == ("t_org_1_w_C",)
    assert pasted.problems == (
        "item 4: 'x?y' is neither a worker id nor a dashboard URL",
        "item 5: t_org_1_w_A is already listed (item 1)",
        "item 6: 'https://evil.example/worker/t_org_1_w_D' is a URL on evil.example, "
        "not a Handinger dashboard URL",
    )
    summary = pasted.summary()
    assert summary.startswith("4 items left out: item 4: 'x?y'")
    assert summary.endswith("t_org_1_w_C is already tracked")


def test_a_hostile_item_is_reported_as_plain_text() -> None:
    pasted = parse_pasted("\x1b]52;c;aGk=\x07", tracked=(), dashboard_host=on_dashboard)
    assert not pasted.ids
    assert "\x1b" not in pasted.summary() and "\x07" not in pasted.summary()


def test_the_configured_service_counts_as_a_dashboard_host() -> None:
    assert dashboard_host("handinger.com", "http://127.0.0.1:8080")
    assert dashboard_host("v3.handinger.com", "http://127.0.0.1:8080")
    assert dashboard_host("127.0.0.1", "http://127.0.0.1:8080")
    assert not dashboard_host("handinger.com.evil.example", "http://127.0.0.1:8080")

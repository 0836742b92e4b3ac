"""Legal review of the statute and securities overlays (issue #6): each test
states the text it checks against; the expected values come from the rules'
words, not from the planner's output."""

from __future__ import annotations

from pathlib import Path

import yaml


ROOT = Path(__file__).resolve().parent.parent
PACKS = ROOT / "constraints" / "packs"


def _pack_rules(pack: str) -> dict[str, dict]:
    data = yaml.safe_load((PACKS / f"{pack}.yaml").read_text())
    return {r["id"]: r for r in data["rules"]}


def test_colorado_mailed_notice_rule_is_unverified_while_the_ten_days_it_shifts_are():
    # The rule's numbers are the 10-day minimum of C.R.S. 7-107-105(1) and the
    # five days of 7-90-105(3)(b); only the five days were read in the text
    # (its own verification note says so), so it cannot be marked verified.
    rules = _pack_rules("colorado-bca")
    window, mailed = rules["colorado-bca-7-107-105-notice-window"], rules["colorado-bca-7-90-105-mailed-notice-window"]
    assert mailed["min_days"] == window["min_days"] == 10
    assert window["verified"] is False
    assert mailed["verified"] is False

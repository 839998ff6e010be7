"""Lanes of a diagram → the roles of chidao. A lane is named for people; its role code
is the word in parentheses ("Chuyên viên (officer)") or a known Vietnamese name."""
from __future__ import annotations

import re

from engine.text import fold

ROLES = ("officer", "leader", "coordinator", "monitor", "authority", "process_owner", "auditor", "admin")
LANE_ROLES = ("officer", "leader", "coordinator", "monitor", "authority")
_VIETNAMESE = {
    "chuyen vien": "officer",
    "lanh dao don vi": "leader", "lanh dao don vi chu tri": "leader", "lanh dao": "leader",
    "don vi phoi hop": "coordinator", "phoi hop": "coordinator",
    "co quan theo doi": "monitor", "theo doi": "monitor", "thuong truc": "monitor",
    "nguoi co tham quyen": "authority", "tham quyen": "authority",
}
_CODE = re.compile(r"\(([a-z_]+)\)\s*$")


def role_of_lane(lane: str | None) -> str | None:
    if not lane:
        return None
    match = _CODE.search(lane)
    if match and match.group(1) in LANE_ROLES:
        return match.group(1)
    folded = fold(lane)
    if folded in LANE_ROLES:
        return folded
    return _VIETNAMESE.get(folded)

"""Set-up shared by the urging tests: two directives of June 2025 monitored by the
provincial office (VP UBND tỉnh) — one whose task, led by Sở KH&CN and Sở Nội vụ, was
due 10/6/2025, one of Sở Tài chính due 15/8/2025 — seen on 20/6/2025, when the first
two assignments are late and the third is not."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tests.web.directive_helpers import imported, instances_of

DUE_10_JUNE = {"kind": "date", "value": "2025-06-10", "text": "chậm nhất 10/6/2025"}
LATE_DAY = datetime.fromisoformat("2025-06-20T09:00:00+07:00")


@dataclass(frozen=True)
class LateWorld:
    late_directive: int
    on_time_directive: int
    khcn: int          # Sở KH&CN's late assignment
    noivu: int         # Sở Nội vụ's late assignment
    taichinh: int      # Sở Tài chính's assignment, not late


def late_world(services) -> LateWorld:
    late = imported(services, deadline=DUE_10_JUNE, lead=("Sở Khoa học và Công nghệ", "Sở Nội vụ"),
                    coordinating=())
    on_time = imported(services, lead=("Sở Tài chính",), coordinating=(), number="100/KH-UBND")
    by_agency = {i.agency_code: i.id for i in instances_of(services, late)}
    (taichinh,) = instances_of(services, on_time)
    services.clock.set(LATE_DAY)
    return LateWorld(late, on_time, by_agency["so-khoa-hoc-va-cong-nghe"], by_agency["so-noi-vu"], taichinh.id)

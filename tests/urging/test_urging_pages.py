"""The urging screens through the web app: choosing late assignments (filters, the
preselection a rung's notice or the dashboard sends), the preview, issuing with CSRF,
the letter page and its DOCX, and what others then see: the task page and lists say
how often and when a task was urged, leaders find the notice under its kind, the
dashboard's «cần đôn đốc» list. Bad input answers 400/404 and changes nothing."""
from __future__ import annotations

import io
import re
from datetime import datetime

from docx import Document
from sqlalchemy import text

from engine.usecases.timers import sweep_timers
from tests.urging.scenario import late_world
from tests.web.directive_helpers import signed_in


def _checked(page: str) -> set[int]:
    return {int(v) for v in re.findall(r'name="assignment" value="(\d+)"[^>]*checked', page)}


def _count(services, sql: str) -> int:
    with services.database.engine.connect() as conn:
        return conn.execute(text(sql)).scalar_one()


def test_the_screen_offers_the_late_tasks_and_keeps_a_preselection(app, services):
    world = late_world(services)
    monitor = signed_in(app, "theodoi")
    page = monitor.get("/urging").get_data(as_text=True)
    assert _checked(page) == {world.khcn, world.noivu}
    assert f'value="{world.taichinh}"' not in page
    assert _checked(monitor.get(f"/urging?assignment={world.noivu}").get_data(as_text=True)) == {world.noivu}
    narrowed = monitor.get("/urging?agency=so-noi-vu").get_data(as_text=True)
    assert _checked(narrowed) == {world.noivu}
    for bad in ("/urging?directive=abc", "/urging?assignment=1x", "/urging?agency=%00",
                "/urging/preview?assignment=99999999999"):
        assert monitor.get(bad).status_code == 400, bad
    assert monitor.get("/urgings/99999999999").status_code == 404


def test_preview_then_issue_from_the_screen(app, services):
    world = late_world(services)
    monitor = signed_in(app, "theodoi")
    preview = monitor.get(f"/urging/preview?assignment={world.khcn}&assignment={world.noivu}")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "V/v đôn đốc thực hiện nhiệm vụ được giao tại 99/KH-UBND" in page
    assert "1. Sở Khoa học và Công nghệ (1 nhiệm vụ)" in page and "2. Sở Nội vụ (1 nhiệm vụ)" in page
    assert _count(services, "SELECT count(*) FROM urgings") == 0
    draft = monitor.get(f"/urging/preview.docx?assignment={world.khcn}")
    assert draft.mimetype.endswith("wordprocessingml.document")
    issued = monitor.post("/urging/issue", {"assignment": [str(world.khcn), str(world.noivu)]},
                          token_from=f"/urging/preview?assignment={world.khcn}")
    assert issued.status_code == 302 and re.fullmatch(r"/urgings/\d+", issued.location)
    letter_page = monitor.get(issued.location).get_data(as_text=True)
    assert "Đã phát hành văn bản đôn đốc 2 nhiệm vụ" in letter_page
    docx = monitor.get(issued.location + "/letter.docx")
    doc = Document(io.BytesIO(docx.data))
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert "Xây dựng cơ sở dữ liệu thử nghiệm" in cells
    assert "Sở Khoa học và Công nghệ" in "\n".join(p.text for p in doc.paragraphs)
    history = monitor.get(f"/urgings?directive={world.late_directive}").get_data(as_text=True)
    assert issued.location in history and "Sở Khoa học và Công nghệ; Sở Nội vụ" in history
    assert signed_in(app, "thanhtra").get(issued.location).status_code == 200


def test_what_others_see_after_the_urging(app, services):
    world = late_world(services)
    monitor = signed_in(app, "theodoi")
    monitor.post("/urging/issue", {"assignment": [str(world.khcn)]}, token_from="/urging")
    leader = signed_in(app, "ld.khcn")
    task = leader.get(f"/tasks/{world.khcn}").get_data(as_text=True)
    assert "Đã đôn đốc 1 lần, lần cuối 20/06/2025" in task
    assert "Đôn đốc thực hiện nhiệm vụ" in task and "quá hạn 10 ngày" in task           # the history's entry
    assert "Đã đôn đốc 1 lần, lần cuối 20/06/2025" in leader.get("/tasks").get_data(as_text=True)
    only_urging = leader.get("/notifications?kind=urging").get_data(as_text=True)
    assert "Văn bản đôn đốc của Văn phòng UBND tỉnh: 1 nhiệm vụ quá hạn" in only_urging
    assert "Nhiệm vụ mới cần tiếp nhận:" not in only_urging
    every = leader.get("/notifications").get_data(as_text=True)
    assert "Nhiệm vụ mới cần tiếp nhận:" in every and '<option value="urging"' in every
    assert "Nhiệm vụ mới cần tiếp nhận:" not in leader.get("/notifications?kind=%00x").get_data(as_text=True)


def test_a_selection_that_is_no_longer_late_changes_nothing(app, services):
    world = late_world(services)
    monitor = signed_in(app, "theodoi")
    refused = monitor.post("/urging/issue", {"assignment": [str(world.khcn), str(world.taichinh)]},
                           token_from="/urging")
    assert refused.status_code == 302 and refused.location.startswith("/urging?")
    assert "không quá hạn" in monitor.get(refused.location).get_data(as_text=True)
    assert _count(services, "SELECT count(*) FROM urgings") == 0
    assert _count(services, "SELECT count(*) FROM notifications WHERE kind = 'urging'") == 0


def test_the_dashboard_lists_what_needs_urging_and_the_rung_leads_to_the_screen(app, services):
    world = late_world(services)
    for day in ("2025-06-11", "2025-06-20"):
        services.clock.set(datetime.fromisoformat(f"{day}T09:00:00+07:00"))
        sweep_timers(services)
    monitor = signed_in(app, "theodoi")
    dashboard = monitor.get("/dashboard").get_data(as_text=True)
    assert "Cần đôn đốc (2)" in dashboard and 'id="urge-button"' in dashboard
    assert "Cần đôn đốc" not in signed_in(app, "ld.khcn").get("/dashboard").get_data(as_text=True)
    rung = monitor.get("/notifications?kind=deadline_monitor").get_data(as_text=True)
    assert f'href="/urging?assignment={world.khcn}"' in rung and f'href="/urging?assignment={world.noivu}"' in rung
    monitor.post("/urging/issue", {"assignment": [str(world.khcn)]}, token_from="/urging")
    assert "Cần đôn đốc (1)" in monitor.get("/dashboard").get_data(as_text=True)


def test_an_issued_letter_is_read_by_its_monitor_the_leaders_it_urges_auditors_and_admins_only(app, services):
    world = late_world(services)
    issued = signed_in(app, "theodoi").post("/urging/issue", {"assignment": [str(world.khcn)]},
                                            token_from="/urging").location
    expected = {"theodoi": 200, "thanhtra": 200, "admin": 200, "ld.khcn": 200, "ld.noivu": 403, "cv.khcn": 403,
                "chutich": 403, "quytrinh": 403}
    for login, status in expected.items():
        client = signed_in(app, login)
        assert client.get(issued).status_code == status, login
        assert client.get(issued + "/letter.docx").status_code == status, login
        assert client.get(f"/urging?assignment={world.khcn}").status_code == (200 if login == "theodoi" else 403)
    # the leader's notice opens the letter itself
    notices = signed_in(app, "ld.khcn").get("/notifications?kind=urging").get_data(as_text=True)
    assert f'href="{issued}"' in notices or f'href="{issued.split("localhost")[-1]}"' in notices
    assert _count(services, "SELECT count(*) FROM urgings") == 1

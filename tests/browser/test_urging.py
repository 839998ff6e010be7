"""A monitor urges from the dashboard in Debian's chromium: of the two late tasks in
the «Cần đôn đốc» list they keep one, preview the letter, download the draft DOCX,
issue it and download the letter; the agency's leader then finds the notice under its
kind and the task page says it was urged. Screenshots go to test-artifacts/browser/."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from tests.urging.scenario import late_world

pytestmark = pytest.mark.browser


def _docx_text(path: Path) -> str:
    doc = Document(io.BytesIO(path.read_bytes()))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _download(page, locator, folder: Path) -> Path:
    with page.expect_download() as info:
        locator.click()
    target = folder / info.value.suggested_filename
    info.value.save_as(str(target))
    return target


def test_a_monitor_urges_from_the_dashboard(person, live_server, tmp_path):
    world = late_world(live_server.services)
    monitor = person("theodoi")
    page = monitor.open("/dashboard")
    section = page.locator("#needs-urging")
    assert "Cần đôn đốc (2)" in section.locator("h2").inner_text()
    section.locator(f"input[name=assignment][value='{world.noivu}']").uncheck()
    monitor.shot("dashboard")
    with page.expect_navigation():
        section.locator("#urge-button").click()
    assert "/urging/preview" in page.url
    letter = page.locator("article.letter")
    assert "V/v đôn đốc thực hiện nhiệm vụ được giao tại 99/KH-UBND" in letter.inner_text()
    assert letter.locator("h3.letter-agency").all_inner_texts() == ["1. Sở Khoa học và Công nghệ (1 nhiệm vụ)"]
    monitor.shot("preview")
    draft = _download(page, page.get_by_role("link", name="Tải dự thảo (DOCX)"), tmp_path)
    assert "Xây dựng cơ sở dữ liệu thử nghiệm" in _docx_text(draft) and "Sở Nội vụ" not in _docx_text(draft)
    with page.expect_navigation():
        page.get_by_role("button", name="Phát hành và gửi").click()
    assert "Đã phát hành văn bản đôn đốc 1 nhiệm vụ" in page.locator(".flash").inner_text()
    monitor.shot("issued")
    issued = _download(page, page.locator("#letter-docx"), tmp_path)
    text = _docx_text(issued)
    assert "Sở Khoa học và Công nghệ" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    page = monitor.open("/dashboard")
    assert "Cần đôn đốc (1)" in page.locator("#needs-urging h2").inner_text()

    leader = person("ld.khcn")
    page = leader.open("/notifications")
    page.select_option("select[name=kind]", "urging")
    with page.expect_navigation():
        page.locator("form.notification-kinds button").click()
    notices = page.locator("li.notification h2").all_inner_texts()
    assert notices and all("Văn bản đôn đốc của Văn phòng UBND tỉnh" in n for n in notices)
    leader.shot("notifications")
    with page.expect_navigation():
        page.locator("li.notification a", has_text="Xem văn bản đôn đốc").first.click()
    assert "/urgings/" in page.url and "V/v đôn đốc" in page.content()        # the letter addressed to them
    leader.shot("letter")
    with page.expect_navigation():
        page.locator("a", has_text="Xây dựng cơ sở dữ liệu thử nghiệm").first.click()
    assert page.locator("#urged").inner_text() == "Đã đôn đốc 1 lần, lần cuối 20/06/2025"
    leader.shot("task")
    assert monitor.errors == [] and leader.errors == []

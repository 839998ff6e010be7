"""A task's whole life in Debian's chromium: the leader assigns an officer; the officer
files a monthly report with an evidence file; the leader returns it with a comment; the
officer resubmits; the officer files the completion report; leader approval, monitor
review and authority sign-off follow — each person signing in through the login page.
The task page then shows the whole history and draws the BPMN diagram, pending steps
highlighted. Screenshots of every stage go to test-artifacts/browser/."""
from __future__ import annotations

import re

import pytest

from engine.usecases.directives import import_directive
from tests.conftest import small_directive, user
from tests.file_samples import docx_bytes

pytestmark = pytest.mark.browser


def new_task(server) -> int:
    import_directive(server.services, user(server.services, "admin"), small_directive())
    with server.services.uow(write=False) as uow:
        return uow.instances.of_task(uow.directives.tasks_of(1)[0].id)[0].id


def open_step(who, instance_id: int, title: str):
    """From the task page, the person opens the pending step ``title``."""
    page = who.open(f"/tasks/{instance_id}")
    with page.expect_navigation():
        page.locator("li.waiting-step", has_text=title).locator("a.button").click()
    assert "/steps/" in page.url
    return page


def submit(who, name: str):
    page = who.page
    who.shot(f"{name}-filled")
    with page.expect_navigation():
        page.click("form.step-form button[type=submit]")
    assert "Đã hoàn thành bước" in page.locator(".flash").inner_text()
    who.shot(f"{name}-done")


def diagram_ready(page):
    page.wait_for_selector("#bpmn-diagram[data-state=ready]", timeout=20_000)
    return page.locator("#bpmn-diagram svg g.djs-element.djs-shape")


def test_task_lifecycle_in_the_browser(person, live_server, tmp_path):
    instance_id = new_task(live_server)
    evidence = tmp_path / "bien-ban-khao-sat.pdf"
    evidence.write_bytes(b"%PDF-1.4 bien ban khao sat hien trang")
    product = tmp_path / "co-so-du-lieu.docx"
    product.write_bytes(docx_bytes("Kết quả cơ sở dữ liệu"))

    leader = person("ld.khcn")
    page = open_step(leader, instance_id, "Tiếp nhận và phân công chuyên viên")
    page.check("input[name=decision][value=accept]")
    page.select_option("select[name=officer]", "cv.khcn")
    page.fill("textarea[name=note]", "Triển khai ngay, báo cáo hằng tháng.")
    submit(leader, "assign")

    officer = person("cv.khcn")
    page = open_step(officer, instance_id, "Báo cáo tiến độ tháng")
    page.fill("input[name=percent]", "30")
    page.fill("textarea[name=done]", "Đã khảo sát hiện trạng tại 5 đơn vị.")
    page.fill("textarea[name=problems]", "Thiếu kinh phí khảo sát.")
    page.set_input_files("input[name=evidence]", str(evidence))
    submit(officer, "monthly-report-v1")

    page = open_step(leader, instance_id, "Duyệt báo cáo tháng")
    assert "Đã khảo sát hiện trạng tại 5 đơn vị." in page.content()
    page.check("input[name=decision][value=return]")
    page.fill("textarea[name=comment]", "Bổ sung số liệu theo từng đơn vị.")
    submit(leader, "return-report")

    page = open_step(officer, instance_id, "Sửa báo cáo bị trả lại")
    assert page.input_value("input[name=percent]") == "30"               # starts from the returned version
    assert "Bổ sung số liệu theo từng đơn vị." in page.content()
    page.fill("input[name=percent]", "45")
    page.fill("textarea[name=done]", "Đã khảo sát 5 đơn vị; số liệu chi tiết kèm theo.")
    submit(officer, "monthly-report-v2")

    page = open_step(leader, instance_id, "Duyệt báo cáo tháng")
    page.check("input[name=decision][value=approve]")
    submit(leader, "approve-report")

    page = open_step(officer, instance_id, "Báo cáo hoàn thành")
    page.fill("textarea[name=result]", "Đã xây dựng và đưa vào sử dụng cơ sở dữ liệu thử nghiệm.")
    page.fill("input[name=product]", "Cơ sở dữ liệu thử nghiệm")
    page.set_input_files("input[name=evidence]", str(product))
    submit(officer, "completion-report")

    page = open_step(leader, instance_id, "Lãnh đạo duyệt kết quả")
    page.check("input[name=decision][value=approve]")
    submit(leader, "approve-completion")

    monitor = person("theodoi")
    page = open_step(monitor, instance_id, "Thẩm định kết quả")
    assert "Đã xây dựng và đưa vào sử dụng cơ sở dữ liệu thử nghiệm." in page.content()
    page.check("input[name=decision][value=accept]")
    submit(monitor, "review-completion")

    authority = person("chutich")
    page = open_step(authority, instance_id, "Xác nhận hoàn thành")
    page.check("input[name=decision][value=confirm]")
    page.fill("textarea[name=comment]", "Xác nhận hoàn thành.")
    submit(authority, "sign-off")

    page = authority.open(f"/tasks/{instance_id}")
    assert diagram_ready(page).count() > 20                             # the diagram is drawn
    authority.shot("task-page-final")
    text = page.inner_text("main")
    assert page.locator(".task-state .status").inner_text() == "Hoàn thành đúng hạn"
    assert "Lần nộp 1" in text and "Lần nộp 2" in text                  # both report versions
    assert "30%" in text and "45%" in text
    assert "Bổ sung số liệu theo từng đơn vị." in text                  # the return comment
    assert re.search(r"Xác nhận hoàn thành:\s*Xác nhận hoàn thành\s*— Chủ tịch UBND tỉnh", text)  # sign-off
    assert "Thẩm định kết quả: Đạt" in text
    link = page.locator("a.evidence-link", has_text="bien-ban-khao-sat.pdf").first
    assert re.search(rf"/evidence/[0-9a-f]{{64}}\?instance={instance_id}$", link.get_attribute("href"))
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "bien-ban-khao-sat.pdf"
    assert open(download.value.path(), "rb").read() == evidence.read_bytes()
    assert page.locator(".timeline .entry").count() >= 10
    assert page.locator("a.button.action").count() == 0
    for who in (leader, officer, monitor, authority):
        assert who.errors == [], who.errors


def test_pending_steps_are_highlighted_in_the_diagram(person, live_server):
    instance_id = new_task(live_server)
    leader = person("ld.khcn")
    page = leader.open(f"/tasks/{instance_id}")
    diagram_ready(page)
    leader.shot("awaiting-acceptance")
    accept = page.locator('#bpmn-diagram g.djs-element[data-element-id="accept"]')
    assert "step-pending" in accept.get_attribute("class")
    sign_off = page.locator('#bpmn-diagram g.djs-element[data-element-id="sign_off"]')
    assert "step-pending" not in sign_off.get_attribute("class")
    stroke = accept.locator(".djs-visual > rect").first.evaluate("el => getComputedStyle(el).stroke")
    assert stroke == "rgb(181, 71, 8)"                                  # the highlight colour
    other = sign_off.locator(".djs-visual > rect").first.evaluate("el => getComputedStyle(el).stroke")
    assert other != stroke

    page = open_step(leader, instance_id, "Tiếp nhận và phân công chuyên viên")
    page.check("input[name=decision][value=refuse]")                    # the reason becomes required
    assert "is-required" in page.locator('[data-field="reason"]').get_attribute("class")
    assert "is-required" not in page.locator('[data-field="officer"]').get_attribute("class")
    page.check("input[name=decision][value=accept]")
    page.select_option("select[name=officer]", "cv.khcn")
    submit(leader, "assign")

    page = leader.open(f"/tasks/{instance_id}")
    diagram_ready(page)
    leader.shot("in-progress")
    marked = page.locator("#bpmn-diagram g.djs-element.step-pending")
    assert sorted(marked.evaluate_all("els => els.map(e => e.dataset.elementId)")) == \
        ["completion_report", "monthly_report"]
    done = page.locator('#bpmn-diagram g.djs-element[data-element-id="accept"]')
    assert "step-done" in done.get_attribute("class") and "step-pending" not in done.get_attribute("class")
    assert leader.errors == [], leader.errors


def test_form_errors_show_next_to_fields_in_the_browser(person, live_server):
    instance_id = new_task(live_server)
    leader = person("ld.khcn")
    page = open_step(leader, instance_id, "Tiếp nhận và phân công chuyên viên")
    page.check("input[name=decision][value=accept]")
    page.fill("textarea[name=note]", "Ghi chú giữ lại")
    with page.expect_navigation():
        page.click("form.step-form button[type=submit]")
    leader.shot("missing-officer")
    assert page.locator("#err-officer").inner_text() == "Trường «Chuyên viên thực hiện» là bắt buộc"
    assert page.input_value("textarea[name=note]") == "Ghi chú giữ lại"
    assert page.is_checked("input[name=decision][value=accept]")

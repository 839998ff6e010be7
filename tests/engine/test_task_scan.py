"""engine/bpmn/runtime.every_task: the flat scan the runtime uses instead of
SpiffWorkflow's tree walk finds the same tasks in every state, subprocesses included."""
from __future__ import annotations

from datetime import datetime

from SpiffWorkflow.util.task import TaskState

from engine.bpmn.runtime import every_task
from engine.domain.calendar import LOCAL_TZ
from tests.engine.lifecycle_driver import Lifecycle

START = datetime(2025, 6, 2, 9, 0, tzinfo=LOCAL_TZ)


def _same_as_tree_walk(life: Lifecycle) -> bool:
    """Compare both in several states; True when a subprocess's tasks were among them."""
    workflow = life.run.workflow
    for state in (TaskState.READY, TaskState.WAITING, TaskState.READY | TaskState.WAITING, TaskState.COMPLETED):
        walked = {t.id for t in workflow.get_tasks(state=state)}
        scanned = {t.id for t in every_task(workflow) if t.state & state}
        assert scanned == walked, TaskState.get_name(state)
    return any(t.workflow is not workflow for t in every_task(workflow))


def test_scan_matches_the_tree_walk_through_a_lifecycle():
    life = Lifecycle(START)
    seen_subprocess = _same_as_tree_walk(life)
    for name, values in [("accept", {"decision": "accept", "officer": "cv.khcn"}),
                         ("monthly_report", {"percent": 10, "done": "Bắt đầu"}),
                         ("review_report", {"decision": "return", "comment": "Bổ sung"}),
                         ("revise_report", {"percent": 20, "done": "Cập nhật"}),
                         ("review_report", {"decision": "approve", "comment": ""})]:
        life.do(name, **values)
        seen_subprocess |= _same_as_tree_walk(life)
        life.reload()
        seen_subprocess |= _same_as_tree_walk(life)
    assert seen_subprocess, "a subprocess's tasks were compared too"

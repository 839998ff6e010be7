"""The state memo (engine/bpmn/state.py): finished tasks converted once and reused on
later dumps of the same workflow give exactly SpiffWorkflow's own dump, and a finished
task changed behind the memo's back is caught by the check the suite runs with."""
from __future__ import annotations

from datetime import datetime

import orjson
import pytest
from SpiffWorkflow.util.task import TaskState

from engine.bpmn.runtime import every_task
from engine.bpmn.state import MEMO_ATTRIBUTE
from engine.domain.calendar import LOCAL_TZ
from tests.engine.lifecycle_driver import Lifecycle

START = datetime(2025, 6, 2, 9, 0, tzinfo=LOCAL_TZ)


def _through_report_rounds() -> Lifecycle:
    life = Lifecycle(START)
    life.do("accept", decision="accept", officer="cv.khcn")
    life.do("monthly_report", percent=10, done="Bắt đầu")
    for _ in range(3):
        life.do("review_report", decision="return", comment="Bổ sung")
        life.do("revise_report", percent=20, done="Cập nhật")
    return life


def _full_dump(life: Lifecycle) -> str:
    serializer = life.runtime.serializer
    return serializer._dumps(life.run.workflow, None)


def test_memo_dumps_equal_spiffworkflows_own_after_every_step(monkeypatch):
    monkeypatch.delenv("CHIDAO_CHECK_STATE_MEMO", raising=False)     # compare here, by hand
    life = Lifecycle(START)
    steps = [("accept", {"decision": "accept", "officer": "cv.khcn"}),
             ("monthly_report", {"percent": 10, "done": "Bắt đầu"}),
             ("review_report", {"decision": "return", "comment": "Bổ sung"}),
             ("revise_report", {"percent": 20, "done": "Cập nhật"}),
             ("review_report", {"decision": "approve", "comment": ""})]
    for name, values in steps:
        life.do(name, **values)
        assert life.runtime.dump(life.run) == _full_dump(life)
    memo = getattr(life.run.workflow, MEMO_ATTRIBUTE)
    assert memo, "finished tasks were kept"
    restored = life.runtime.restore(life.run.process, life.runtime.dump(life.run))
    assert orjson.loads(life.runtime.dump(restored)) == orjson.loads(_full_dump(life))


def test_a_kept_task_that_changes_is_caught(monkeypatch):
    monkeypatch.setenv("CHIDAO_CHECK_STATE_MEMO", "1")
    life = _through_report_rounds()
    life.runtime.dump(life.run)
    memo = getattr(life.run.workflow, MEMO_ATTRIBUTE)
    kept = next(t for t in life.run.workflow.get_tasks(state=TaskState.COMPLETED) if t.id in memo)
    kept.data["changed_behind_the_memo"] = True
    with pytest.raises(AssertionError, match="state memo"):
        life.runtime.dump(life.run)


def test_unfinished_tasks_without_data_are_kept_and_follow_their_parents_data(monkeypatch):
    monkeypatch.delenv("CHIDAO_CHECK_STATE_MEMO", raising=False)     # compare here, by hand
    life = _through_report_rounds()
    life.runtime.dump(life.run)
    memo = getattr(life.run.workflow, MEMO_ATTRIBUTE)
    kept = {TaskState.get_name(t.state) for t in every_task(life.run.workflow) if t.id in memo}
    assert {"FUTURE", "LIKELY", "MAYBE"} <= kept, kept
    predicted = [t for t in every_task(life.run.workflow)
                 if t.state & (TaskState.FUTURE | TaskState.PREDICTED_MASK) and t.id in memo]
    predicted[0].parent.data["new_fact"] = 1     # its delta now names one more key of its parent
    assert life.runtime.dump(life.run) == _full_dump(life)
    predicted[1].triggered = not predicted[1].triggered
    assert life.runtime.dump(life.run) == _full_dump(life)


def test_a_restored_workflow_starts_with_its_stored_tasks_kept_and_dumps_spiffworkflows_own(monkeypatch):
    """The missed-cache path: every step restores the workflow from the stored state, whose
    tasks fill the memo; each dump after the step is still SpiffWorkflow's own."""
    monkeypatch.delenv("CHIDAO_CHECK_STATE_MEMO", raising=False)     # compare here, by hand
    life = Lifecycle(START)
    steps = [("accept", {"decision": "accept", "officer": "cv.khcn"}),
             ("monthly_report", {"percent": 10, "done": "Bắt đầu"}),
             ("review_report", {"decision": "return", "comment": "Bổ sung"}),
             ("revise_report", {"percent": 20, "done": "Cập nhật"}),
             ("review_report", {"decision": "return", "comment": "Thêm số liệu"}),
             ("revise_report", {"percent": 30, "done": "Cập nhật"}),
             ("review_report", {"decision": "approve", "comment": ""})]
    for name, values in steps:
        stored = life.runtime.dump(life.run)
        life.reload()
        memo = getattr(life.run.workflow, MEMO_ATTRIBUTE)
        finished = [t for t in every_task(life.run.workflow) if t.state & TaskState.COMPLETED and t.id in memo]
        assert finished, "the stored finished tasks were kept on restore"
        assert life.runtime.dump(life.run) == _full_dump(life) == stored
        life.reload()
        life.do(name, **values)
        assert life.runtime.dump(life.run) == _full_dump(life)
        memo = getattr(life.run.workflow, MEMO_ATTRIBUTE)
        assert len(memo) <= len(list(every_task(life.run.workflow))), "the memo is no larger than the workflow"


def test_a_restored_task_that_changes_is_caught(monkeypatch):
    monkeypatch.setenv("CHIDAO_CHECK_STATE_MEMO", "1")
    life = _through_report_rounds()
    life.reload()
    memo = getattr(life.run.workflow, MEMO_ATTRIBUTE)
    kept = next(t for t in life.run.workflow.get_tasks(state=TaskState.COMPLETED) if t.id in memo)
    kept.data["changed_behind_the_memo"] = True
    with pytest.raises(AssertionError, match="state memo"):
        life.runtime.dump(life.run)


def test_a_restored_workflow_does_not_share_its_data_with_the_kept_forms(monkeypatch):
    """The kept forms are the parsed stored state; the restored tasks' data must be their
    own objects, or changing a task in place would change its kept form with it and the
    check above could not see it."""
    monkeypatch.setenv("CHIDAO_CHECK_STATE_MEMO", "1")
    life = _through_report_rounds()
    life.reload()
    memo = getattr(life.run.workflow, MEMO_ATTRIBUTE)
    for task in every_task(life.run.workflow):
        if task.id not in memo:
            continue
        form = memo[task.id][2]
        kept = list(form["data"].values()) + list(form.get("delta", {}).get("updates", {}).values())
        for value in list(task.data.values()) + list(task.internal_data.values()):
            if isinstance(value, (dict, list)):
                assert all(value is not other for other in kept), task.task_spec.name

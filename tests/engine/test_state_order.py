"""A stored state whose tasks are not held parents first (what a migration that moves
tasks under new parents leaves) restores every task's data all the same: SpiffWorkflow
applies a task's data delta only when its parent was restored before it
(engine/bpmn/state.py ``parents_first``). Restored ids are shared by every reference to
them (``_share_ids``)."""
from __future__ import annotations

from datetime import datetime

import orjson

from engine.bpmn.state import parents_first
from engine.domain.calendar import LOCAL_TZ
from tests.engine.lifecycle_driver import Lifecycle

START = datetime(2025, 6, 2, 9, 0, tzinfo=LOCAL_TZ)


def _life() -> Lifecycle:
    life = Lifecycle(START)
    life.do("accept", decision="accept", officer="cv.khcn")
    life.do("monthly_report", percent=10, done="Bắt đầu")
    life.do("review_report", decision="return", comment="Bổ sung")
    return life


def _children_first(tasks: dict) -> dict:
    """The same tasks, every child before its parent (the reverse of the stored order)."""
    return dict(reversed(list(tasks.items())))


def test_tasks_stored_children_first_restore_with_their_data():
    life = _life()
    state = orjson.loads(life.runtime.dump(life.run))
    deltas = [t for t in state["tasks"].values() if t["delta"] and t["delta"]["updates"]]
    assert deltas, "the lifecycle's tasks carry data deltas"
    reordered = dict(state, tasks=_children_first(state["tasks"]))
    restored = life.runtime.restore(life.run.process, orjson.dumps(reordered).decode())
    original = {str(t.id): t.data for t in life.run.workflow.tasks.values()}
    assert {str(t.id): t.data for t in restored.workflow.tasks.values()} == original
    assert orjson.loads(life.runtime.dump(restored))["tasks"] == state["tasks"]


def test_a_state_already_parents_first_is_kept_as_it_is():
    state = orjson.loads(_life().runtime.dump(_life().run))
    assert parents_first(state["tasks"]) is state["tasks"]
    reordered = parents_first(_children_first(state["tasks"]))
    assert list(reordered) != list(_children_first(state["tasks"]))
    positions = {task_id: n for n, task_id in enumerate(reordered)}
    assert all(positions[t["parent"]] < positions[task_id] for task_id, t in reordered.items()
               if t["parent"] in positions)


def test_restored_references_to_a_task_are_its_own_id():
    life = _life()
    restored = life.runtime.restore(life.run.process, life.runtime.dump(life.run))
    workflow = restored.workflow
    for key, task in workflow.tasks.items():
        assert key is task.id
        if task._parent is not None and task._parent in workflow.tasks:
            assert task._parent is workflow.tasks[task._parent].id
        assert all(child is workflow.tasks[child].id for child in task._children if child in workflow.tasks)

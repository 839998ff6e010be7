"""Instances started on the first version of the lifecycle keep running on it after
the engine's helpers changed (fixtures/directive_task_v1.bpmn is that version as it
was deployed): one report period at a time, the ladder armed at acceptance, the
suspension that moves no deadline unless the authority sets one."""
from datetime import datetime
from pathlib import Path

import pytest

from engine.bpmn.definitions import compile_process
from engine.domain.calendar import LOCAL_TZ
from tests.engine import lifecycle_driver
from tests.engine.lifecycle_driver import Lifecycle

FIRST = compile_process((Path(__file__).parent / "fixtures" / "directive_task_v1.bpmn").read_text(encoding="utf-8"))


def at(y, m, d, h=9):
    return datetime(y, m, d, h, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def first_version(monkeypatch):
    monkeypatch.setattr(lifecycle_driver, "PROCESS", FIRST)


def test_the_first_version_still_runs_its_reports_and_ladder(first_version):
    life = Lifecycle(at(2025, 6, 2))
    assert life.names() == ["accept"]
    life.do("accept", decision="accept", officer="cv.khcn")
    life.clock.set(at(2025, 6, 12))
    life.do("monthly_report", percent=30, done="Khảo sát")
    life.do("review_report", decision="approve")
    assert life.case["report"]["month"] == "2025-07" and life.case["last_report_month"] == "2025-06"
    life.live_until(at(2025, 9, 20))
    assert life.fired("report_missed_officer") == ["2025-07-16"]      # July open, never filed: one reminder
    assert life.fired("deadline_reminder") == ["2025-08-06"] and life.fired("deadline_leader") == ["2025-08-15"]
    assert life.fired("deadline_monitor") == ["2025-08-26"] and life.fired("deadline_authority") == ["2025-09-15"]


def test_the_first_versions_resume_keeps_the_deadline_unless_a_new_one_is_set(first_version):
    life = Lifecycle(at(2025, 6, 2))
    life.do("accept", decision="accept", officer="cv.khcn")
    life.clock.set(at(2025, 8, 1))
    life.do("suspend_task")
    life.live_until(at(2025, 8, 20))
    assert life.fired("deadline_reminder") == []
    life.do("resume_task")
    assert life.case["due_date"] == "2025-08-15" and life.phase() == "in_progress"

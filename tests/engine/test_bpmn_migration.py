"""Moving a workflow of the default lifecycle onto revised versions, on BPMN alone
(engine/bpmn/migration.py, engine/bpmn/rederive.py), with the state dumped and restored
between steps; and the SpiffWorkflow behaviour the migration module relies on, pinned
so an upgrade of the library that changes it fails here first."""
from __future__ import annotations

from datetime import date, datetime
from importlib.metadata import version

from SpiffWorkflow.bpmn.util.diff import SpecDiff, WorkflowDiff, migrate_workflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from engine.bpmn.definitions import compile_process
from engine.bpmn.migration import MigrationFailed, apply
from engine.bpmn.rederive import rederive
from engine.bpmn.runtime import every_task
from engine.domain.calendar import LOCAL_TZ, WorkingCalendar
from engine.domain.time_rules import TimeRules
from tests.bpmn_edits import REMOVED_STEP_TITLE, RENAMED_STEP, Diagram, revised_lifecycle
from tests.engine.lifecycle_driver import PROCESS, Lifecycle

JUNE_2 = datetime(2025, 6, 2, 9, 0, tzinfo=LOCAL_TZ)
REVISED = compile_process(revised_lifecycle())


def at(y, m, d, h=9):
    return datetime(y, m, d, h, 0, tzinfo=LOCAL_TZ)


def accepted() -> Lifecycle:
    life = Lifecycle(JUNE_2)
    life.do("accept", decision="accept", officer="cv.khcn")
    return life


def move(life: Lifecycle, target, launched_on: date = date(2025, 6, 2)) -> list[str]:
    """Migrate the driver's run onto ``target``, as the use case does; what was rederived."""
    rederived: list[str] = []
    life.run = life.runtime.migrate(life.run, target,
                                    lambda case, rules: rederived.extend(rederive(case, rules, launched_on)))
    life.reload()
    return rederived


def task_ids(life: Lifecycle) -> dict[str, str]:
    return {s.name: s.task_id for s in life.steps()}


# ---- the library, pinned ---------------------------------------------------------------

def test_spiffworkflow_is_the_version_the_migration_module_was_written_against():
    assert version("SpiffWorkflow") == "3.2.0"


def test_the_spec_diff_finds_a_renamed_step_by_its_place_in_the_flow():
    life = accepted()
    diff = SpecDiff(life.runtime.serializer.registry, PROCESS.spec, REVISED.spec)
    old = PROCESS.spec.task_specs[RENAMED_STEP[0]]
    assert diff.alignment[old].name == RENAMED_STEP[1]
    assert set(diff.changed[old]) >= {"name", "bpmn_id"}
    assert {s.name for s in diff.removed} == {"approve_completion", "gw_leader"}


def test_migrate_workflow_resets_ready_and_waiting_tasks_in_place_with_their_parents_data():
    """engine/bpmn/migration.apply leans on this: a reset keeps the task (its id is the
    pending step's id), re-arms a timer from its expression, and takes its parent's data,
    so apply puts a task's own data back."""
    life = accepted()
    workflow = life.run.workflow
    ready = next(t for t in workflow.tasks.values() if t.task_spec.name == "monthly_report")
    timer = next(t for t in workflow.tasks.values() if t.task_spec.name == "report_late_officer")
    ready.data["only_mine"] = 1
    timer._set_internal_data(event_value="2030-01-01T08:00:00+07:00")
    with life.runtime._operation(life.run):
        migrate_workflow(WorkflowDiff(workflow, SpecDiff(life.runtime.serializer.registry, workflow.spec,
                                                         REVISED.spec)), workflow, REVISED.spec)
    assert workflow.tasks[ready.id] is ready and ready.state == TaskState.READY
    assert ready.task_spec is REVISED.spec.task_specs["monthly_report"]
    assert "only_mine" not in ready.data                                  # the parent's data only
    period = life.case["reports"][timer.data["period"]]
    assert timer.state == TaskState.WAITING and timer._get_internal_data("event_value") == period["officer_at"]


def test_a_task_can_be_re_parented_through_public_setters():
    assert isinstance(Task.parent, property) and Task.parent.fset is not None
    assert isinstance(Task.children, property) and Task.children.fset is not None


# ---- moving instances --------------------------------------------------------------------

def test_a_new_reminder_offset_re_arms_the_ladder_and_fires_on_the_new_day():
    life = accepted()
    assert life.runtime.waiting_timers(life.run)["Nhắc chuyên viên trước hạn"].date() == date(2025, 8, 6)
    assert move(life, REVISED) == ["schedule"]
    assert life.case["schedule"]["reminder_at"] == "2025-08-01T08:00:00+07:00"
    assert life.case["schedule"]["leader_at"] == "2025-08-15T08:00:00+07:00"     # unchanged rung
    life.live_until(at(2025, 8, 16))
    assert life.fired("deadline_reminder") == ["2025-08-01"]
    assert life.fired("deadline_leader") == ["2025-08-15"]


def test_an_open_step_keeps_its_id_and_follows_its_new_name():
    life = accepted()
    life.do("monthly_report", percent=20, done="Khảo sát")
    before = task_ids(life)
    check = life.runtime.check_migration(life.run, REVISED)
    assert check.possible and [n.key for n in check.notes] == ["migration.step_renamed"]
    move(life, REVISED)
    after = task_ids(life)
    assert after[RENAMED_STEP[1]] == before[RENAMED_STEP[0]]
    assert life.step(RENAMED_STEP[1]).title == RENAMED_STEP[2]
    life.do(RENAMED_STEP[1], decision="approve")
    assert life.case["last_report_month"] == "2025-06"


def test_an_active_step_the_new_version_removed_stops_the_move_and_changes_nothing():
    life = accepted()
    life.do("completion_report", result="Xong", product="Báo cáo")
    dumped = life.runtime.dump(life.run)
    check = life.runtime.check_migration(life.run, REVISED)
    assert [(o.key, o.params["step"]) for o in check.obstacles] == [("migration.active_step_removed", REMOVED_STEP_TITLE)]
    try:
        apply(check)
    except MigrationFailed as failed:
        assert failed.finding == check.obstacles[0]
    else:
        raise AssertionError("apply moved a workflow with an obstacle")
    assert life.runtime.dump(life.run) == dumped


def test_history_through_a_removed_step_is_kept_and_the_task_finishes_on_the_new_version():
    life = accepted()
    life.do("completion_report", result="Xong", product="Báo cáo")
    life.do("approve_completion", decision="approve")
    check = life.runtime.check_migration(life.run, REVISED)
    assert check.possible
    assert [n.params["step"] for n in check.notes if n.key == "migration.history_step_removed"][0] == REMOVED_STEP_TITLE
    move(life, REVISED)
    life.do("review_completion", decision="return", comment="Bổ sung số liệu")
    life.do("rework", result="Đã bổ sung", product="Báo cáo")
    assert "approve_completion" not in life.names()                     # the revised flow: no leader approval
    life.do("review_completion", decision="accept")
    life.do("sign_off", decision="confirm")
    assert life.phase() == "completed"


def test_boundary_timers_the_new_version_puts_on_an_open_step_are_armed_now():
    ladder = compile_process(Diagram.default().add_boundary_timer(
        "accept", "accept_overdue", 'case["accept_due"] + "T08:00:00+07:00"', 'notify("deadline_leader")',
        "Quá hạn tiếp nhận").xml())
    life = Lifecycle(JUNE_2)
    accept_id, timers = task_ids(life)["accept"], life.runtime.waiting_timers(life.run)
    assert "Quá hạn tiếp nhận: nhắc lãnh đạo" in timers               # the step has boundary timers already
    check = life.runtime.check_migration(life.run, ladder)
    assert [n.key for n in check.notes] == ["migration.events_added"]
    move(life, ladder)
    assert task_ids(life)["accept"] == accept_id
    assert life.runtime.waiting_timers(life.run) == {**timers, "Quá hạn tiếp nhận": at(2025, 6, 5, 8)}
    life.live_until(at(2025, 6, 6))
    assert life.fired("deadline_leader") == ["2025-06-05"]
    life.do("accept", decision="accept", officer="cv.khcn")
    assert "Quá hạn tiếp nhận" not in life.runtime.waiting_timers(life.run)


def test_a_boundary_timer_on_an_open_step_that_had_none_is_armed_now():
    nudge = compile_process(Diagram.default().add_boundary_timer(
        "completion_report", "completion_nudge", '"2025-06-10T08:00:00+07:00"', 'notify("deadline_reminder")',
        "Nhắc báo cáo hoàn thành").xml())
    life = accepted()
    report_id, timers = task_ids(life)["completion_report"], life.runtime.waiting_timers(life.run)
    check = life.runtime.check_migration(life.run, nudge)
    assert [(n.key, n.params["step"]) for n in check.notes] == [("migration.events_added", "Báo cáo hoàn thành")]
    move(life, nudge)
    assert task_ids(life)["completion_report"] == report_id
    assert life.runtime.waiting_timers(life.run) == {**timers, "Nhắc báo cáo hoàn thành": at(2025, 6, 10, 8)}
    life.live_until(at(2025, 6, 11))
    assert life.fired("deadline_reminder") == ["2025-06-10"]
    life.do("completion_report", result="Xong", product="Báo cáo")
    assert "Nhắc báo cáo hoàn thành" not in life.runtime.waiting_timers(life.run)


def test_a_waiting_reminder_the_new_version_dropped_is_dropped():
    quieter = compile_process(Diagram.default().drop("report_late_leader", "notify_report_leader",
                                                     "end_report_leader").xml())
    kept = accepted()
    kept.live_until(at(2025, 6, 21))
    assert kept.fired("report_missed_leader") == ["2025-06-20"]            # what the old version does
    life = accepted()
    check = life.runtime.check_migration(life.run, quieter)
    assert check.possible and "migration.event_removed" in [n.key for n in check.notes]
    move(life, quieter)
    life.live_until(at(2025, 6, 21))
    assert life.fired("report_missed_officer") == ["2025-06-17"] and life.fired("report_missed_leader") == []
    life.do("monthly_report", percent=10, done="Muộn")
    life.do("review_report", decision="approve")
    assert life.case["last_report_month"] == "2025-06"
    life.live_until(at(2025, 7, 22))                                       # July's period, on the new version
    assert life.fired("report_missed_officer") == ["2025-06-17", "2025-07-16"]
    assert life.fired("report_missed_leader") == []


def test_an_active_step_that_became_automatic_stops_the_move():
    automatic = compile_process(Diagram.default().to_script("accept", "accept_task()").xml())
    life = Lifecycle(JUNE_2)
    check = life.runtime.check_migration(life.run, automatic)
    assert [o.key for o in check.obstacles] == ["migration.step_type_changed"]


def test_each_coordinating_agency_keeps_its_own_answer_step():
    life = accepted()
    life.do("request_input", input_agencies=["so-tai-chinh", "so-noi-vu"], input_due="2025-06-10")
    before = sorted((s.task_id, s.agency_code) for s in life.steps() if s.name.startswith("give_input"))
    move(life, REVISED)
    after = sorted((s.task_id, s.agency_code) for s in life.steps() if s.name.startswith("give_input"))
    assert after == before and {a for _, a in after} == {"so-tai-chinh", "so-noi-vu"}


def test_the_state_dumped_after_a_move_reads_back_against_the_new_version_only():
    life = accepted()
    move(life, REVISED)
    dumped = life.runtime.dump(life.run)
    assert life.runtime.dump(life.runtime.restore(REVISED, dumped)) == dumped
    assert all(REVISED.spec.task_specs.get(t.task_spec.name) is t.task_spec
               for t in life.run.workflow.tasks.values())
    assert not any(t.task_spec.name == "approve_completion" for t in every_task(life.run.workflow))


# ---- case data recomputed under the target's rules of time ----------------------------------

def test_rederive_moves_only_what_the_rules_of_time_derive():
    rules = TimeRules(WorkingCalendar(), {"deadline_reminder": "-10 working_days", "accept_within": "5 working_days",
                                          "report_leader_day": "18"})
    case = {"due_date": "2025-08-15", "accept_due": "2025-06-05", "accepted_at": None, "escalation": "reminder",
            "schedule": {"reminder_at": "2025-08-06T08:00:00+07:00", "leader_at": "2025-08-15T08:00:00+07:00",
                         "monitor_at": "2025-08-26T08:00:00+07:00", "authority_at": "2025-09-15T08:00:00+07:00"},
            "report": {"month": "2025-06", "due": "2025-06-16", "officer_at": "2025-06-17T08:00:00+07:00",
                       "leader_at": "2025-06-20T08:00:00+07:00"}}
    assert rederive(case, rules, date(2025, 6, 2)) == ["schedule", "report", "accept_due", "acceptance"]
    assert case["schedule"]["reminder_at"] == "2025-08-01T08:00:00+07:00"
    assert case["report"] == {"month": "2025-06", "due": "2025-06-16", "officer_at": "2025-06-17T08:00:00+07:00",
                              "leader_at": "2025-06-18T08:00:00+07:00"}
    assert case["accept_due"] == "2025-06-09" and case["escalation"] == "reminder"
    assert case["acceptance"] == {"leader_at": "2025-06-10T08:00:00+07:00", "monitor_at": "2025-06-16T08:00:00+07:00",
                                  "sent": []}                              # from the launch, 5 working days
    assert rederive(case, rules, date(2025, 6, 2)) == []                          # nothing left to move
    accepted_case = {"accept_due": "2025-06-05", "accepted_at": "2025-06-03T10:00:00+07:00"}
    assert rederive(accepted_case, rules, date(2025, 6, 2)) == [] and accepted_case["accept_due"] == "2025-06-05"
    assert rederive({"due_date": None}, rules, date(2025, 6, 2)) == []


def test_an_action_the_new_version_withdrew_is_withdrawn_and_a_new_one_offered():
    without_cancel = compile_process(Diagram.default().drop("cancel_task", "finish_cancelled", "end_cancelled").xml())
    life = accepted()
    check = life.runtime.check_migration(life.run, without_cancel)
    assert check.possible and ("migration.offer_removed", "Hủy nhiệm vụ") in [
        (n.key, n.params["step"]) for n in check.notes]
    move(life, without_cancel)
    assert "cancel_task" not in life.names(True) and "suspend_task" in life.names(True)
    check = life.runtime.check_migration(life.run, PROCESS)
    assert [(n.key, n.params["step"]) for n in check.notes] == [("migration.offer_added", "Hủy nhiệm vụ")]
    move(life, PROCESS)
    life.do("cancel_task", reason="Không còn cần thiết")
    assert life.phase() == "cancelled"


def test_a_new_branch_after_a_fork_the_task_passed_is_not_started_and_said_so():
    no_watch = compile_process(Diagram.default().drop(
        "gw_deadline", "condition_met", "record_condition", "end_no_deadline", "merge_watch", "watch",
        "deadline_moved", "wait_change").xml())
    life = Lifecycle(JUNE_2)
    life.run = life.runtime.start(no_watch, dict(life.case))
    life.do("accept", decision="accept", officer="cv.khcn")
    check = life.runtime.check_migration(life.run, PROCESS)
    assert ("migration.branch_not_started", "Có thời hạn?") in [(n.key, n.params["step"]) for n in check.notes]
    move(life, PROCESS)
    assert "Nhắc chuyên viên trước hạn" not in life.runtime.waiting_timers(life.run)
    life.do("completion_report", result="Xong", product="Báo cáo")
    life.do("approve_completion", decision="approve")
    life.do("review_completion", decision="accept")
    life.do("sign_off", decision="confirm")
    assert life.phase() == "completed"

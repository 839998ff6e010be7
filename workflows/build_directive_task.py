"""Writes ``directive_task.bpmn``, the default lifecycle of one task assignment, with
its diagram interchange (lanes, shapes, edges laid out on a grid) so bpmn-js draws it.

The BPMN file is what chidao deploys and what process owners edit in the browser; this
script is how developers regenerate the default after changing the lifecycle here:

    .venv/bin/python workflows/build_directive_task.py

From launch, in parallel: acceptance (with its own reminders), the monthly report loop
(one token per period, opened by the calendar), the deadline watch (the escalation
ladder), cancellation and suspension by the authority. After acceptance: the
completion report and its sign-off, extension requests, input from coordinating
agencies. A resume throws two signals: ``deadline_changed`` re-arms the ladder (as an
extension does), ``clocks_resumed`` re-arms the acceptance and report reminders and
lets the report loop open the period of the resume day.
"""
from __future__ import annotations

from pathlib import Path

from bpmn_writer import NODES, build, flow, node, script, timer, user

from engine.domain.time_rules import DEFAULT_PARAMETERS

OUT = Path(__file__).with_name("directive_task.bpmn")

# Process parameters: every offset of the rules of time, with its unit; written into
# the diagram as process properties (a per-version part of it), defaults from the engine.
PARAMETERS = dict(DEFAULT_PARAMETERS)

# lane code → (label, rows)
LANES = [
    ("leader", "Lãnh đạo đơn vị chủ trì (leader)", 3),
    ("officer", "Chuyên viên (officer)", 6),
    ("coordinator", "Đơn vị phối hợp (coordinator)", 1),
    ("monitor", "Cơ quan theo dõi (monitor)", 5),
    ("authority", "Người có thẩm quyền (authority)", 4),
]
# a step of the officer that the agency's leader does while nobody accepted the task
BY_LEADER_UNTIL_ACCEPTED = '"officer" if case.get("accepted_at") else "leader"'
REPORT = 'case["reports"][period]'

node("start", "startEvent", "Nhiệm vụ được giao", "leader", 0)
script("plan_acceptance", "Lập lịch tiếp nhận", "leader", 1, 0, "plan_acceptance()")
node("launch", "parallelGateway", "", "leader", 2)
flow("start", "plan_acceptance")
flow("plan_acceptance", "launch")

# ---- acceptance, with its reminders -------------------------------------------------
user("accept", "Tiếp nhận và phân công chuyên viên", "leader", 3, 0,
     phase="awaiting_acceptance", due='case.get("accept_due")')
timer("accept_late_leader", "Quá hạn tiếp nhận: nhắc lãnh đạo", "leader", 3, 0,
      'case["acceptance"]["leader_at"]', attached="accept", interrupting=False)
timer("accept_late_monitor", "Quá hạn tiếp nhận: báo cơ quan theo dõi", "leader", 3, 0,
      'case["acceptance"]["monitor_at"]', attached="accept", interrupting=False)
node("accept_resumed", "boundaryEvent", "Tiếp tục sau tạm dừng", "leader", 3, 0,
     signal="clocks_resumed", attached="accept", interrupting=True)
script("notify_accept_leader", "Nhắc lãnh đạo tiếp nhận", "leader", 5, 1, 'notify("accept_late_leader")')
node("end_accept_leader", "endEvent", "", "leader", 6, 1)
script("notify_accept_monitor", "Báo cơ quan theo dõi: chưa tiếp nhận", "monitor", 4, 1,
       'notify("accept_late_monitor")')
node("end_accept_monitor", "endEvent", "", "monitor", 5, 1)
node("gw_accept", "exclusiveGateway", "Tiếp nhận?", "leader", 5)
user("review_refusal", "Xem xét đề nghị từ chối", "monitor", 6, 0, form="refusal_review", due_within="review_within",
     phase="awaiting_acceptance")
node("gw_refusal", "exclusiveGateway", "Chấp thuận từ chối?", "monitor", 7)
script("finish_refused", "Kết thúc: từ chối", "monitor", 8, 0, 'finish("refused")')
node("end_refused", "endEvent", "Đã từ chối", "monitor", 9, terminate=True)
script("record_acceptance", "Ghi nhận tiếp nhận", "leader", 6, 0, "accept_task()")
node("fork", "parallelGateway", "", "leader", 7)
flow("launch", "accept")
flow("accept_late_leader", "notify_accept_leader")
flow("notify_accept_leader", "end_accept_leader")
flow("accept_late_monitor", "notify_accept_monitor")
flow("notify_accept_monitor", "end_accept_monitor")
flow("accept_resumed", "accept", id="f_accept_rearm")
flow("accept", "gw_accept")
flow("gw_accept", "review_refusal", "Từ chối", 'decision == "refuse"')
flow("gw_accept", "record_acceptance", "Tiếp nhận", 'decision == "accept"')
flow("review_refusal", "gw_refusal")
flow("gw_refusal", "finish_refused", "Chấp thuận", 'decision == "uphold"')
flow("gw_refusal", "accept", "Yêu cầu tiếp nhận", 'decision == "reject"')
flow("finish_refused", "end_refused")
flow("record_acceptance", "fork")

# ---- delivery: completion report → leader → monitor → authority --------------------
user("completion_report", "Báo cáo hoàn thành", "officer", 8, 0,
     phase="in_progress", due='case.get("due_date")', assignee='case.get("officer")')
user("approve_completion", "Lãnh đạo duyệt kết quả", "leader", 9, 0, form="completion_approval",
     due_within="review_within", phase="awaiting_confirmation")
node("gw_leader", "exclusiveGateway", "Duyệt?", "leader", 10)
user("rework", "Thực hiện lại", "officer", 10, 0, form="completion_report",
     phase="returned", due='case.get("due_date")', assignee='case.get("officer")')
user("review_completion", "Thẩm định kết quả", "monitor", 11, 0, form="completion_review",
     due_within="review_within", phase="awaiting_confirmation")
node("gw_monitor", "exclusiveGateway", "Đạt?", "monitor", 12)
user("sign_off", "Xác nhận hoàn thành", "authority", 13, 0, form="sign_off", due_within="review_within",
     phase="awaiting_confirmation")
node("gw_sign_off", "exclusiveGateway", "Xác nhận?", "authority", 14)
script("finish_completed", "Kết thúc: hoàn thành", "authority", 15, 0, 'finish("completed")')
node("end_completed", "endEvent", "Hoàn thành", "authority", 16, terminate=True)
flow("fork", "completion_report")
flow("completion_report", "approve_completion")
flow("rework", "approve_completion")
flow("approve_completion", "gw_leader")
flow("gw_leader", "review_completion", "Duyệt", 'decision == "approve"')
flow("gw_leader", "rework", "Trả lại", 'decision == "return"', id="f_return_leader")
flow("review_completion", "gw_monitor")
flow("gw_monitor", "sign_off", "Đạt", 'decision == "accept"')
flow("gw_monitor", "rework", "Thực hiện lại", 'decision == "return"', id="f_return_monitor")
flow("sign_off", "gw_sign_off")
flow("gw_sign_off", "finish_completed", "Xác nhận", 'decision == "confirm"')
flow("gw_sign_off", "rework", "Trả lại", 'decision == "return"', id="f_return_authority")
flow("finish_completed", "end_completed")

# ---- monthly progress reports: one token per period, opened by the calendar ------------
node("merge_reports", "exclusiveGateway", "", "officer", 3, 1)
script("plan_report", "Lập kỳ báo cáo tiếp theo", "officer", 4, 1, "plan_report_period()")
timer("wait_report", "Đầu kỳ báo cáo", "officer", 5, 1, "report_opens_at")
node("gw_period", "exclusiveGateway", "Mở trong lúc tạm dừng?", "officer", 6, 1)
script("open_report", "Mở kỳ báo cáo", "officer", 7, 1, "open_report_period()")
node("fork_period", "parallelGateway", "", "officer", 8, 1)
script("skip_report", "Bỏ qua kỳ (đang tạm dừng)", "officer", 7, 2, "skip_report_period()")
node("wait_resumed", "intermediateCatchEvent", "Chờ tiếp tục", "officer", 8, 2, signal="clocks_resumed")
user("monthly_report", "Báo cáo tiến độ tháng", "officer", 9, 1, due=f'{REPORT}["due"]',
     assignee='case.get("officer")', acting_role=BY_LEADER_UNTIL_ACCEPTED, period="period")
timer("report_late_officer", "Quá hạn báo cáo: nhắc chuyên viên", "officer", 9, 1,
      f'{REPORT}["officer_at"]', attached="monthly_report", interrupting=False)
timer("report_late_leader", "Quá hạn báo cáo: báo lãnh đạo", "officer", 9, 1,
      f'{REPORT}["leader_at"]', attached="monthly_report", interrupting=False)
node("report_resumed", "boundaryEvent", "Tiếp tục sau tạm dừng", "officer", 9, 1,
     signal="clocks_resumed", attached="monthly_report", interrupting=True)
script("notify_report_officer", "Nhắc chuyên viên", "officer", 11, 2, 'notify("report_missed_officer")')
node("end_report_officer", "endEvent", "", "officer", 12, 2)
script("notify_report_leader", "Báo lãnh đạo đơn vị", "leader", 11, 1, 'notify("report_missed_leader")')
node("end_report_leader", "endEvent", "", "leader", 12, 1)
node("gw_filer", "exclusiveGateway", "Đã tiếp nhận?", "officer", 11, 1)
user("review_report", "Duyệt báo cáo tháng", "leader", 13, 2, form="report_review", due_within="review_within",
     period="period")
node("gw_report", "exclusiveGateway", "Duyệt?", "leader", 14, 2)
user("revise_report", "Sửa báo cáo bị trả lại", "officer", 14, 2, form="monthly_report",
     due=f'{REPORT}["due"]', assignee='case.get("officer")', acting_role=BY_LEADER_UNTIL_ACCEPTED,
     period="period")
script("record_report", "Ghi nhận báo cáo", "officer", 16, 1, "record_report()")
node("end_period", "endEvent", "Xong kỳ báo cáo", "officer", 17, 1)
flow("launch", "merge_reports")
flow("merge_reports", "plan_report")
flow("plan_report", "wait_report")
flow("wait_report", "gw_period")
flow("gw_period", "open_report", "Không", "not opens_while_suspended()")
flow("gw_period", "skip_report", "Tạm dừng", "opens_while_suspended()")
flow("skip_report", "wait_resumed")
flow("wait_resumed", "merge_reports", id="f_reports_after_resume")
flow("open_report", "fork_period")
flow("fork_period", "merge_reports", id="f_next_period")
flow("fork_period", "monthly_report")
flow("report_late_officer", "notify_report_officer")
flow("notify_report_officer", "end_report_officer")
flow("report_late_leader", "notify_report_leader")
flow("notify_report_leader", "end_report_leader")
flow("report_resumed", "monthly_report", id="f_report_rearm")
flow("monthly_report", "gw_filer")
flow("gw_filer", "review_report", "Chuyên viên nộp", 'bool(case.get("accepted_at"))')
flow("gw_filer", "record_report", "Lãnh đạo nộp", 'not case.get("accepted_at")')
flow("review_report", "gw_report")
flow("gw_report", "record_report", "Duyệt", 'decision == "approve"')
flow("gw_report", "revise_report", "Trả lại", 'decision == "return"')
flow("revise_report", "review_report")
flow("record_report", "end_period")

# ---- deadline watch: the escalation ladder, armed at launch, re-armed when the deadline moves
node("gw_deadline", "exclusiveGateway", "Có thời hạn?", "monitor", 3, 2)
node("end_no_deadline", "endEvent", "Không thời hạn", "monitor", 4, 3)
user("condition_met", "Ghi nhận điều kiện đã đáp ứng", "monitor", 4, 4, optional="true")
script("record_condition", "Tính hạn từ điều kiện", "monitor", 5, 4, "record_condition()")
node("merge_watch", "exclusiveGateway", "", "monitor", 5, 2)
node("watch", "subProcess", "Theo dõi thời hạn", "monitor", 6, 2)
node("w_start", "startEvent", "", "monitor", 0, 0, parent="watch")
script("w_schedule", "Lập lịch nhắc", "monitor", 1, 0, "compute_schedule()", parent="watch")
rungs = [
    ("reminder", "Nhắc chuyên viên trước hạn"),
    ("leader", "Đến hạn: báo lãnh đạo"),
    ("monitor", "Quá hạn 7 ngày: đôn đốc"),
    ("authority", "Quá hạn 30 ngày: báo cáo thẩm quyền"),
]
previous = "w_schedule"
for i, (rung, label) in enumerate(rungs):
    timer(f"t_{rung}", label, "monitor", 2 + 2 * i, 0, f'case["schedule"]["{rung}_at"]', parent="watch")
    script(f"n_{rung}", label, "monitor", 3 + 2 * i, 0, f'notify("deadline_{rung}")', parent="watch")
    flow(previous, f"t_{rung}")
    flow(f"t_{rung}", f"n_{rung}")
    previous = f"n_{rung}"
node("w_end", "endEvent", "", "monitor", 10, 0, parent="watch")
flow("w_start", "w_schedule")
flow(previous, "w_end")
node("deadline_moved", "boundaryEvent", "Hạn đã thay đổi", "monitor", 6, 2,
     signal="deadline_changed", attached="watch", interrupting=True)
node("wait_change", "intermediateCatchEvent", "Chờ gia hạn", "monitor", 17, 2, signal="deadline_changed")
flow("launch", "gw_deadline")
flow("gw_deadline", "merge_watch", "Có hạn", 'case.get("due_date") is not None')
flow("gw_deadline", "condition_met", "Chờ điều kiện",
     'case.get("due_date") is None and case["deadline"]["kind"] == "conditional"')
flow("gw_deadline", "end_no_deadline", "Không hạn",
     'case.get("due_date") is None and case["deadline"]["kind"] != "conditional"')
flow("condition_met", "record_condition")
flow("record_condition", "merge_watch")
flow("merge_watch", "watch")
flow("deadline_moved", "merge_watch", id="f_rearm")
flow("watch", "wait_change")
flow("wait_change", "merge_watch", id="f_rearm_after_end")

# ---- extension ----------------------------------------------------------------------
user("request_extension", "Đề nghị gia hạn", "officer", 8, 5, form="extension_request",
     optional="true", assignee='case.get("officer")')
user("decide_extension", "Quyết định gia hạn", "authority", 9, 1, form="extension_decision",
     due_within="review_within")
node("gw_extension", "exclusiveGateway", "Đồng ý?", "authority", 10, 1)
script("apply_extension", "Dời hạn, lập lại lịch nhắc", "authority", 11, 1, "apply_extension()")
node("throw_changed", "intermediateThrowEvent", "Hạn đã thay đổi", "authority", 12, 1,
     signal="deadline_changed")
script("notify_refused", "Báo từ chối gia hạn", "authority", 11, 2, 'notify("extension_refused")')
flow("fork", "request_extension")
flow("request_extension", "decide_extension")
flow("decide_extension", "gw_extension")
flow("gw_extension", "apply_extension", "Đồng ý", 'decision == "approve"')
flow("gw_extension", "notify_refused", "Không đồng ý", 'decision == "refuse"')
flow("apply_extension", "throw_changed")
flow("throw_changed", "request_extension", id="f_ext_loop")
flow("notify_refused", "request_extension", id="f_ext_refused_loop")

# ---- input from coordinating agencies --------------------------------------------------
node("gw_coordination", "exclusiveGateway", "Có đơn vị phối hợp?", "officer", 8, 4)
node("merge_input", "exclusiveGateway", "", "officer", 9, 4)
user("request_input", "Đề nghị đơn vị phối hợp cho ý kiến", "officer", 10, 4,
     form="input_request", optional="true", assignee='case.get("officer")')
node("give_input", "userTask", "Cho ý kiến phối hợp", "coordinator", 11, 0,
     props={"form": "input_answer", "agency": "input_agency", "due": "input_due"},
     multi=("input_agencies", "input_agency"))
node("end_no_coordination", "endEvent", "", "officer", 9, 5)
flow("fork", "gw_coordination")
flow("gw_coordination", "merge_input", "Có", 'len(case.get("coordinating") or []) > 0')
flow("merge_input", "request_input")
flow("gw_coordination", "end_no_coordination", "Không", 'len(case.get("coordinating") or []) == 0')
flow("request_input", "give_input")
flow("give_input", "merge_input", id="f_input_loop")

# ---- cancellation and suspension by the authority, from launch -------------------------
user("cancel_task", "Hủy nhiệm vụ", "authority", 3, 2, form="cancel", optional="true")
script("finish_cancelled", "Kết thúc: hủy", "authority", 4, 2, 'finish("cancelled")')
node("end_cancelled", "endEvent", "Đã hủy", "authority", 5, 2, terminate=True)
node("merge_suspension", "exclusiveGateway", "", "authority", 2, 3)
user("suspend_task", "Tạm dừng nhiệm vụ", "authority", 3, 3, form="suspend", optional="true")
script("mark_suspended", "Ghi nhận tạm dừng", "authority", 4, 3, "record_suspension()")
user("resume_task", "Tiếp tục nhiệm vụ", "authority", 5, 3, form="resume", phase="suspended")
script("mark_resumed", "Dời hạn theo thời gian tạm dừng", "authority", 6, 3, "record_resumption()")
node("throw_resumed", "intermediateThrowEvent", "Hạn đã thay đổi", "authority", 7, 3,
     signal="deadline_changed")
node("throw_clocks", "intermediateThrowEvent", "Lập lại lịch nhắc", "authority", 8, 3,
     signal="clocks_resumed")
flow("launch", "cancel_task")
flow("cancel_task", "finish_cancelled")
flow("finish_cancelled", "end_cancelled")
flow("launch", "merge_suspension")
flow("merge_suspension", "suspend_task")
flow("suspend_task", "mark_suspended")
flow("mark_suspended", "resume_task")
flow("resume_task", "mark_resumed")
flow("mark_resumed", "throw_resumed")
flow("throw_resumed", "throw_clocks")
flow("throw_clocks", "merge_suspension", id="f_resume_loop")

NODES["watch"].attrs["span"] = (10, 2)   # columns, rows


if __name__ == "__main__":
    OUT.write_text(build(LANES, PARAMETERS), encoding="utf-8")
    print(f"wrote {OUT}")

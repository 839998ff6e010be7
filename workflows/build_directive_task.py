"""Writes ``directive_task.bpmn``, the default lifecycle of one task assignment, with
its diagram interchange (lanes, shapes, edges laid out on a grid) so bpmn-js draws it.

The BPMN file is what chidao deploys and what process owners edit in the browser; this
script is how developers regenerate the default after changing the lifecycle here:

    .venv/bin/python workflows/build_directive_task.py
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
    ("leader", "Lãnh đạo đơn vị chủ trì (leader)", 2),
    ("officer", "Chuyên viên (officer)", 4),
    ("coordinator", "Đơn vị phối hợp (coordinator)", 1),
    ("monitor", "Cơ quan theo dõi (monitor)", 3),
    ("authority", "Người có thẩm quyền (authority)", 4),
]

node("start", "startEvent", "Nhiệm vụ được giao", "leader", 0)
user("accept", "Tiếp nhận và phân công chuyên viên", "leader", 1,
     phase="awaiting_acceptance", due='case.get("accept_due")')
node("gw_accept", "exclusiveGateway", "Tiếp nhận?", "leader", 2)
user("review_refusal", "Xem xét đề nghị từ chối", "monitor", 3, form="refusal_review", due_within="review_within",
     phase="awaiting_acceptance")
node("gw_refusal", "exclusiveGateway", "Chấp thuận từ chối?", "monitor", 4)
script("finish_refused", "Kết thúc: từ chối", "monitor", 5, 0, 'finish("refused")')
node("end_refused", "endEvent", "Đã từ chối", "monitor", 6, terminate=True)
script("record_acceptance", "Ghi nhận tiếp nhận", "leader", 3, 0, "accept_task()")
node("fork", "parallelGateway", "", "leader", 4)
flow("start", "accept")
flow("accept", "gw_accept")
flow("gw_accept", "review_refusal", "Từ chối", 'decision == "refuse"')
flow("gw_accept", "record_acceptance", "Tiếp nhận", 'decision == "accept"')
flow("review_refusal", "gw_refusal")
flow("gw_refusal", "finish_refused", "Chấp thuận", 'decision == "uphold"')
flow("gw_refusal", "accept", "Yêu cầu tiếp nhận", 'decision == "reject"')
flow("finish_refused", "end_refused")
flow("record_acceptance", "fork")

# ---- delivery: completion report → leader → monitor → authority --------------------
user("completion_report", "Báo cáo hoàn thành", "officer", 5, 0,
     phase="in_progress", due='case.get("due_date")', assignee='case.get("officer")')
user("approve_completion", "Lãnh đạo duyệt kết quả", "leader", 6, 0, form="completion_approval",
     due_within="review_within",
     phase="awaiting_confirmation")
node("gw_leader", "exclusiveGateway", "Duyệt?", "leader", 7)
user("rework", "Thực hiện lại", "officer", 7, 0, form="completion_report",
     phase="returned", due='case.get("due_date")', assignee='case.get("officer")')
user("review_completion", "Thẩm định kết quả", "monitor", 8, 0, form="completion_review",
     due_within="review_within",
     phase="awaiting_confirmation")
node("gw_monitor", "exclusiveGateway", "Đạt?", "monitor", 9)
user("sign_off", "Xác nhận hoàn thành", "authority", 10, 0, form="sign_off", due_within="review_within",
     phase="awaiting_confirmation")
node("gw_sign_off", "exclusiveGateway", "Xác nhận?", "authority", 11)
script("finish_completed", "Kết thúc: hoàn thành", "authority", 12, 0, 'finish("completed")')
node("end_completed", "endEvent", "Hoàn thành", "authority", 13, terminate=True)
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

# ---- monthly progress reports --------------------------------------------------------
script("next_report", "Mở kỳ báo cáo tháng", "officer", 5, 1, "open_next_report()")
timer("wait_report", "Đầu kỳ báo cáo", "officer", 6, 1, 'case["report"]["opens_at"]')
user("monthly_report", "Báo cáo tiến độ tháng", "officer", 7, 1,
     due='case["report"]["due"]', assignee='case.get("officer")')
timer("report_late_officer", "Quá hạn báo cáo: nhắc chuyên viên", "officer", 7, 1,
      'case["report"]["officer_at"]', attached="monthly_report", interrupting=False)
script("notify_report_officer", "Nhắc chuyên viên", "officer", 8, 2,
       'notify("report_missed_officer")')
node("end_report_officer", "endEvent", "", "officer", 9, 2)
timer("report_late_leader", "Quá hạn báo cáo: báo lãnh đạo", "officer", 7, 1,
      'case["report"]["leader_at"]', attached="monthly_report", interrupting=False)
script("notify_report_leader", "Báo lãnh đạo đơn vị", "leader", 8, 1,
       'notify("report_missed_leader")')
node("end_report_leader", "endEvent", "", "leader", 9, 1)
user("review_report", "Duyệt báo cáo tháng", "leader", 10, 1, form="report_review", due_within="review_within")
node("gw_report", "exclusiveGateway", "Duyệt?", "leader", 11, 1)
user("revise_report", "Sửa báo cáo bị trả lại", "officer", 11, 1, form="monthly_report",
     due='case["report"]["due"]', assignee='case.get("officer")')
script("approve_report", "Ghi nhận báo cáo", "leader", 12, 1, "approve_report()")
flow("fork", "next_report")
flow("next_report", "wait_report")
flow("wait_report", "monthly_report")
flow("monthly_report", "review_report")
flow("report_late_officer", "notify_report_officer")
flow("notify_report_officer", "end_report_officer")
flow("report_late_leader", "notify_report_leader")
flow("notify_report_leader", "end_report_leader")
flow("review_report", "gw_report")
flow("gw_report", "approve_report", "Duyệt", 'decision == "approve"')
flow("gw_report", "revise_report", "Trả lại", 'decision == "return"')
flow("revise_report", "review_report")
flow("approve_report", "next_report")

# ---- deadline watch: the escalation ladder, re-armed when the deadline moves ----------
node("gw_deadline", "exclusiveGateway", "Có thời hạn?", "monitor", 5, 1)
user("condition_met", "Ghi nhận điều kiện đã đáp ứng", "monitor", 6, 2, optional="true")
script("record_condition", "Tính hạn từ điều kiện", "monitor", 7, 2, "record_condition()")
node("end_no_deadline", "endEvent", "Không thời hạn", "monitor", 6, 1)
node("merge_watch", "exclusiveGateway", "", "monitor", 7, 1)
node("watch", "subProcess", "Theo dõi thời hạn", "monitor", 8, 1)
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
node("deadline_moved", "boundaryEvent", "Hạn đã thay đổi", "monitor", 8, 1,
     signal="deadline_changed", attached="watch", interrupting=True)
node("wait_change", "intermediateCatchEvent", "Chờ gia hạn", "monitor", 20, 1,
     signal="deadline_changed")
flow("fork", "gw_deadline")
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
user("request_extension", "Đề nghị gia hạn", "officer", 5, 3, form="extension_request",
     optional="true", assignee='case.get("officer")')
user("decide_extension", "Quyết định gia hạn", "authority", 6, 1, form="extension_decision",
     due_within="review_within")
node("gw_extension", "exclusiveGateway", "Đồng ý?", "authority", 7, 1)
script("apply_extension", "Dời hạn, lập lại lịch nhắc", "authority", 8, 1, "apply_extension()")
node("throw_changed", "intermediateThrowEvent", "Hạn đã thay đổi", "authority", 9, 1,
     signal="deadline_changed")
script("notify_refused", "Báo từ chối gia hạn", "authority", 8, 2, 'notify("extension_refused")')
flow("fork", "request_extension")
flow("request_extension", "decide_extension")
flow("decide_extension", "gw_extension")
flow("gw_extension", "apply_extension", "Đồng ý", 'decision == "approve"')
flow("gw_extension", "notify_refused", "Không đồng ý", 'decision == "refuse"')
flow("apply_extension", "throw_changed")
flow("throw_changed", "request_extension", id="f_ext_loop")
flow("notify_refused", "request_extension", id="f_ext_refused_loop")

# ---- input from coordinating agencies --------------------------------------------------
node("gw_coordination", "exclusiveGateway", "Có đơn vị phối hợp?", "officer", 5, 2)
node("merge_input", "exclusiveGateway", "", "officer", 6, 2)
user("request_input", "Đề nghị đơn vị phối hợp cho ý kiến", "officer", 7, 2,
     form="input_request", optional="true", assignee='case.get("officer")')
node("give_input", "userTask", "Cho ý kiến phối hợp", "coordinator", 8, 0,
     props={"form": "input_answer", "agency": "input_agency", "due": "input_due"},
     multi=("input_agencies", "input_agency"))
node("end_no_coordination", "endEvent", "", "officer", 6, 3)
flow("fork", "gw_coordination")
flow("gw_coordination", "merge_input", "Có", 'len(case.get("coordinating") or []) > 0')
flow("merge_input", "request_input")
flow("gw_coordination", "end_no_coordination", "Không", 'len(case.get("coordinating") or []) == 0')
flow("request_input", "give_input")
flow("give_input", "merge_input", id="f_input_loop")

# ---- cancellation and suspension by the authority --------------------------------------
user("cancel_task", "Hủy nhiệm vụ", "authority", 5, 2, form="cancel", optional="true")
script("finish_cancelled", "Kết thúc: hủy", "authority", 6, 2, 'finish("cancelled")')
node("end_cancelled", "endEvent", "Đã hủy", "authority", 7, 2, terminate=True)
user("suspend_task", "Tạm dừng nhiệm vụ", "authority", 5, 3, form="suspend", optional="true")
script("mark_suspended", "Ghi nhận tạm dừng", "authority", 6, 3, "suspend()")
user("resume_task", "Tiếp tục nhiệm vụ", "authority", 7, 3, form="resume", phase="suspended")
script("mark_resumed", "Ghi nhận tiếp tục", "authority", 8, 3, "resume()")
node("gw_resume", "exclusiveGateway", "Hạn mới?", "authority", 9, 3)
node("throw_resumed", "intermediateThrowEvent", "Hạn đã thay đổi", "authority", 10, 3,
     signal="deadline_changed")
flow("fork", "cancel_task")
flow("cancel_task", "finish_cancelled")
flow("finish_cancelled", "end_cancelled")
flow("fork", "suspend_task")
flow("suspend_task", "mark_suspended")
flow("mark_suspended", "resume_task")
flow("resume_task", "mark_resumed")
flow("mark_resumed", "gw_resume")
flow("gw_resume", "throw_resumed", "Có", 'bool(new_due_date)')
flow("gw_resume", "suspend_task", "Không", 'not new_due_date', id="f_resume_loop")
flow("throw_resumed", "suspend_task", id="f_resume_changed_loop")

# the watch's waiting catch sits after the subprocess, in its lane
NODES["wait_change"].col = 19
NODES["watch"].attrs["span"] = (10, 2)   # columns, rows



if __name__ == "__main__":
    OUT.write_text(build(LANES, PARAMETERS), encoding="utf-8")
    print(f"wrote {OUT}")

"""Writes ``directive_task.bpmn``, the default lifecycle of one task assignment, with
its diagram interchange (lanes, shapes, edges laid out on a grid) so bpmn-js draws it.

The BPMN file is what chidao deploys and what process owners edit in the browser; this
script is how developers regenerate the default after changing the lifecycle here:

    .venv/bin/python workflows/build_directive_task.py
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).with_name("directive_task.bpmn")

# Process parameters: every offset of the rules of time, with its unit. They are read
# by engine.bpmn.parameters and are a per-version part of the diagram.
PARAMETERS = {
    "deadline_reminder": "-7 working_days",
    "deadline_leader": "0 days",
    "deadline_monitor": "7 working_days",
    "deadline_authority": "30 days",
    "fire_time": "08:00",
    "report_due_day": "15",
    "report_leader_day": "20",
    "accept_within": "3 working_days",
    "input_within": "5 working_days",
    "due_soon": "3 working_days",
}

# lane code → (label, rows)
LANES = [
    ("leader", "Lãnh đạo đơn vị chủ trì (leader)", 2),
    ("officer", "Chuyên viên (officer)", 4),
    ("coordinator", "Đơn vị phối hợp (coordinator)", 1),
    ("monitor", "Cơ quan theo dõi (monitor)", 3),
    ("authority", "Người có thẩm quyền (authority)", 4),
]

X0, Y0, COL, ROW, POOL_LABEL = 160, 40, 130, 110, 60
SIZES = {"task": (100, 80), "event": (36, 36), "gateway": (50, 50)}
KIND_OF = {
    "userTask": "task", "scriptTask": "task", "subProcess": "task",
    "startEvent": "event", "endEvent": "event", "intermediateCatchEvent": "event",
    "intermediateThrowEvent": "event", "boundaryEvent": "event",
    "exclusiveGateway": "gateway", "parallelGateway": "gateway",
}


class Node:
    def __init__(self, id, type, name, lane, col, row, **attrs):
        self.id, self.type, self.name, self.lane = id, type, name, lane
        self.col, self.row, self.attrs = col, row, attrs
        self.children: list[Node] = []
        self.parent: Node | None = None


NODES: dict[str, Node] = {}
FLOWS: list[tuple] = []


def node(id, type, name, lane, col, row=0, parent=None, **attrs):
    n = Node(id, type, name, lane, col, row, **attrs)
    NODES[id] = n
    if parent:
        n.parent = NODES[parent]
        NODES[parent].children.append(n)
    return n


def flow(source, target, name="", condition=None, id=None):
    FLOWS.append((id or f"f_{source}_{target}", source, target, name, condition))


def user(id, name, lane, col, row=0, form=None, **props):
    props = {"form": form or id, **props}
    return node(id, "userTask", name, lane, col, row, props=props)


def script(id, name, lane, col, row, code, parent=None):
    return node(id, "scriptTask", name, lane, col, row, parent=parent, script=code)


def timer(id, name, lane, col, row, expression, parent=None, attached=None, interrupting=True):
    type_ = "boundaryEvent" if attached else "intermediateCatchEvent"
    return node(id, type_, name, lane, col, row, parent=parent, timer=expression,
                attached=attached, interrupting=interrupting)


# ---- acceptance ---------------------------------------------------------------------
node("start", "startEvent", "Nhiệm vụ được giao", "leader", 0)
user("accept", "Tiếp nhận và phân công chuyên viên", "leader", 1,
     phase="awaiting_acceptance", due='case.get("accept_due")')
node("gw_accept", "exclusiveGateway", "Tiếp nhận?", "leader", 2)
user("review_refusal", "Xem xét đề nghị từ chối", "monitor", 3, form="refusal_review",
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
     phase="awaiting_confirmation")
node("gw_leader", "exclusiveGateway", "Duyệt?", "leader", 7)
user("rework", "Thực hiện lại", "officer", 7, 0, form="completion_report",
     phase="returned", due='case.get("due_date")', assignee='case.get("officer")')
user("review_completion", "Thẩm định kết quả", "monitor", 8, 0, form="completion_review",
     phase="awaiting_confirmation")
node("gw_monitor", "exclusiveGateway", "Đạt?", "monitor", 9)
user("sign_off", "Xác nhận hoàn thành", "authority", 10, 0, form="sign_off",
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
user("review_report", "Duyệt báo cáo tháng", "leader", 10, 1, form="report_review")
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
user("decide_extension", "Quyết định gia hạn", "authority", 6, 1, form="extension_decision")
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


# ---- layout ----------------------------------------------------------------------------
def lane_top(code):
    y = Y0
    for lane, _, rows in LANES:
        if lane == code:
            return y
        y += rows * ROW
    raise KeyError(code)


def bounds(n: Node):
    kind = KIND_OF[n.type]
    w, h = SIZES[kind]
    if n.type == "subProcess":
        cols, rows = n.attrs["span"]
        return (X0 + n.col * COL, lane_top(n.lane) + n.row * ROW + 10, cols * COL - 30, rows * ROW - 20)
    if n.parent is not None:
        px, py, _, _ = bounds(n.parent)
        cx = px + 40 + n.col * 100
        cy = py + 60
        return (cx - w / 2, cy - h / 2, w, h)
    if n.type == "boundaryEvent":
        hx, hy, hw, hh = bounds(NODES[n.attrs["attached"]])
        index = [b for b in NODES.values() if b.type == "boundaryEvent"
                 and b.attrs.get("attached") == n.attrs["attached"]].index(n)
        return (hx + 10 + index * 44, hy + hh - h / 2, w, h)
    cx = X0 + n.col * COL + 50
    cy = lane_top(n.lane) + n.row * ROW + ROW / 2
    return (cx - w / 2, cy - h / 2, w, h)


def waypoints(source: Node, target: Node):
    sx, sy, sw, sh = bounds(source)
    tx, ty, tw, th = bounds(target)
    if source.type == "boundaryEvent":
        start = (sx + sw / 2, sy + sh)
        end = (tx, ty + th / 2)
        return [start, (start[0], end[1]), end]
    start = (sx + sw, sy + sh / 2)
    end = (tx, ty + th / 2)
    if end[0] >= start[0] + 10:
        if abs(start[1] - end[1]) < 1:
            return [start, end]
        mid = start[0] + 15 if end[0] - start[0] > 30 else (start[0] + end[0]) / 2
        return [start, (mid, start[1]), (mid, end[1]), end]
    # backwards: leave from the bottom, run under both, come up into the target's bottom
    below = max(sy + sh, ty + th) + 18
    s = (sx + sw / 2, sy + sh)
    e = (tx + tw / 2, ty + th)
    return [s, (s[0], below), (e[0], below), e]


def props_xml(props: dict) -> str:
    items = "".join(
        f'<spiffworkflow:property name="{k}" value="{escape(v, {chr(34): "&quot;"})}" />'
        for k, v in props.items() if v is not None)
    if not items:
        return ""
    return f"<bpmn:extensionElements><spiffworkflow:properties>{items}</spiffworkflow:properties></bpmn:extensionElements>"


def element_xml(n: Node) -> str:
    a = n.attrs
    incoming = "".join(f"<bpmn:incoming>{f[0]}</bpmn:incoming>" for f in FLOWS if f[2] == n.id)
    outgoing = "".join(f"<bpmn:outgoing>{f[0]}</bpmn:outgoing>" for f in FLOWS if f[1] == n.id)
    name = escape(n.name, {'"': "&quot;"})
    extra = ""
    attrs = f'id="{n.id}" name="{name}"'
    if n.type == "userTask":
        extra += props_xml(a.get("props", {}))
        if "multi" in a:
            collection, item = a["multi"]
            extra += ('<bpmn:multiInstanceLoopCharacteristics>'
                      f'<bpmn:loopDataInputRef>{collection}</bpmn:loopDataInputRef>'
                      f'<bpmn:inputDataItem id="{item}" name="{item}" />'
                      '</bpmn:multiInstanceLoopCharacteristics>')
    if n.type == "scriptTask":
        attrs += ' scriptFormat="python"'
        extra += f"<bpmn:script>{escape(a['script'])}</bpmn:script>"
    if n.type == "boundaryEvent":
        attrs += f' attachedToRef="{a["attached"]}"'
        if not a.get("interrupting", True):
            attrs += ' cancelActivity="false"'
    if "timer" in a and a["timer"]:
        extra += (f'<bpmn:timerEventDefinition id="{n.id}_def"><bpmn:timeDate xsi:type="bpmn:tFormalExpression">'
                  f'{escape(a["timer"])}</bpmn:timeDate></bpmn:timerEventDefinition>')
    if "signal" in a:
        extra += f'<bpmn:signalEventDefinition id="{n.id}_def" signalRef="sig_{a["signal"]}" />'
    if a.get("terminate"):
        extra += f'<bpmn:terminateEventDefinition id="{n.id}_def" />'
    body = "".join(element_xml(c) for c in n.children)
    body += "".join(flow_xml(f) for f in FLOWS if NODES[f[1]].parent is n)
    return f"<bpmn:{n.type} {attrs}>{extra}{incoming}{outgoing}{body}</bpmn:{n.type}>"


def flow_xml(f) -> str:
    id_, source, target, name, condition = f
    name = escape(name, {'"': "&quot;"})
    cond = ""
    if condition:
        cond = f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{escape(condition)}</bpmn:conditionExpression>'
    return f'<bpmn:sequenceFlow id="{id_}" name="{name}" sourceRef="{source}" targetRef="{target}">{cond}</bpmn:sequenceFlow>'


def build() -> str:
    top = [n for n in NODES.values() if n.parent is None]
    lanes_xml = ""
    for code, label, _ in LANES:
        refs = "".join(f"<bpmn:flowNodeRef>{n.id}</bpmn:flowNodeRef>" for n in top if n.lane == code)
        lanes_xml += f'<bpmn:lane id="lane_{code}" name="{escape(label)}">{refs}</bpmn:lane>'
    process = (
        '<bpmn:process id="directive_task" name="Vòng đời nhiệm vụ" isExecutable="true">'
        '<bpmn:documentation>Default lifecycle of one task assignment (chidao).</bpmn:documentation>'
        + props_xml(PARAMETERS)
        + f'<bpmn:laneSet id="lanes">{lanes_xml}</bpmn:laneSet>'
        + "".join(element_xml(n) for n in top)
        + "".join(flow_xml(f) for f in FLOWS if NODES[f[1]].parent is None)
        + "</bpmn:process>"
    )
    width = X0 + 21 * COL
    height = sum(rows for _, _, rows in LANES) * ROW
    shapes = [f'<bpmndi:BPMNShape id="participant_di" bpmnElement="participant" isHorizontal="true">'
              f'<dc:Bounds x="{X0 - POOL_LABEL - 40}" y="{Y0}" width="{width}" height="{height}" /></bpmndi:BPMNShape>']
    for code, _, rows in LANES:
        shapes.append(f'<bpmndi:BPMNShape id="lane_{code}_di" bpmnElement="lane_{code}" isHorizontal="true">'
                      f'<dc:Bounds x="{X0 - POOL_LABEL - 10}" y="{lane_top(code)}" width="{width - 30}" '
                      f'height="{rows * ROW}" /></bpmndi:BPMNShape>')
    for n in NODES.values():
        x, y, w, h = bounds(n)
        extra = ' isExpanded="true"' if n.type == "subProcess" else ""
        extra += ' isMarkerVisible="true"' if n.type == "exclusiveGateway" else ""
        label = ""
        if KIND_OF[n.type] in ("event", "gateway") and n.name:
            label = (f'<bpmndi:BPMNLabel><dc:Bounds x="{x - 30:.0f}" y="{y + h + 4:.0f}" width="{w + 60:.0f}" '
                     f'height="27" /></bpmndi:BPMNLabel>')
        shapes.append(f'<bpmndi:BPMNShape id="{n.id}_di" bpmnElement="{n.id}"{extra}>'
                      f'<dc:Bounds x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" />{label}</bpmndi:BPMNShape>')
    for id_, source, target, _, _ in FLOWS:
        points = "".join(f'<di:waypoint x="{px:.0f}" y="{py:.0f}" />'
                         for px, py in waypoints(NODES[source], NODES[target]))
        shapes.append(f'<bpmndi:BPMNEdge id="{id_}_di" bpmnElement="{id_}">{points}</bpmndi:BPMNEdge>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
        'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
        'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" '
        'id="chidao_directive_task" targetNamespace="https://chidao.example/bpmn" '
        'exporter="chidao" exporterVersion="1">\n'
        '<bpmn:collaboration id="collaboration">'
        '<bpmn:participant id="participant" name="Vòng đời nhiệm vụ" processRef="directive_task" />'
        '</bpmn:collaboration>\n'
        '<bpmn:signal id="sig_deadline_changed" name="deadline_changed" />\n'
        + process + "\n"
        '<bpmndi:BPMNDiagram id="diagram"><bpmndi:BPMNPlane id="plane" bpmnElement="collaboration">'
        + "".join(shapes) +
        "</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>\n</bpmn:definitions>\n"
    )


if __name__ == "__main__":
    OUT.write_text(build(), encoding="utf-8")
    print(f"wrote {OUT}")

"""A small writer of BPMN 2.0 with diagram interchange: nodes placed on a grid of
lanes, rows and columns, edges routed orthogonally, serialised so SpiffWorkflow runs it
and bpmn-js draws it. Used by build_directive_task.py; a developer tool, not runtime code."""
from __future__ import annotations

from xml.sax.saxutils import escape

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

LANES: list = []   # set by build()

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
        siblings = [b for b in NODES.values() if b.type == "boundaryEvent"
                    and b.attrs.get("attached") == n.attrs["attached"]]
        spacing = min(44, (hw - w) / max(1, len(siblings) - 1))
        return (hx + spacing * siblings.index(n), hy + hh - h / 2, w, h)
    cx = X0 + n.col * COL + 50
    cy = lane_top(n.lane) + n.row * ROW + ROW / 2
    return (cx - w / 2, cy - h / 2, w, h)


def _boundary_index(n: Node) -> int:
    return [b for b in NODES.values() if b.type == "boundaryEvent"
            and b.attrs.get("attached") == n.attrs["attached"]].index(n)


def waypoints(source: Node, target: Node):
    sx, sy, sw, sh = bounds(source)
    tx, ty, tw, th = bounds(target)
    if source.type == "boundaryEvent" and source.attrs.get("attached") == target.id:
        # back into the task it is attached to: down, left of the task, into its side
        start, below, left = (sx + sw / 2, sy + sh), sy + sh + 16, tx - 16
        return [start, (start[0], below), (left, below), (left, ty + th / 2), (tx, ty + th / 2)]
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


def build(lanes: list, parameters: dict) -> str:
    """The whole BPMN document of the nodes and flows declared so far."""
    LANES[:] = lanes
    PARAMETERS = parameters
    top = [n for n in NODES.values() if n.parent is None]
    signals = sorted({n.attrs["signal"] for n in NODES.values() if n.attrs.get("signal")})
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
    width = X0 + (max(n.col for n in top) + 2) * COL
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
            lx, ly, lw = x - 30, y + h + 4, w + 60
            if n.type == "boundaryEvent":     # siblings side by side: labels right of the task, one per line pair
                hx, hy, hw, hh = bounds(NODES[n.attrs["attached"]])
                lx, ly, lw = hx + hw + 4, hy + hh + 2 + 28 * _boundary_index(n), 150
            label = (f'<bpmndi:BPMNLabel><dc:Bounds x="{lx:.0f}" y="{ly:.0f}" width="{lw:.0f}" '
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
        + "".join(f'<bpmn:signal id="sig_{name}" name="{name}" />\n' for name in signals)
        + process + "\n"
        '<bpmndi:BPMNDiagram id="diagram"><bpmndi:BPMNPlane id="plane" bpmnElement="collaboration">'
        + "".join(shapes) +
        "</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>\n</bpmn:definitions>\n"
    )

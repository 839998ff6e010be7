"""Edits a process owner makes to a deployed diagram, done on its XML so tests can build
a second version of the default lifecycle: change a process parameter, rename a step
(the id, every reference and its shape), drop nodes and bridge the flow around them.

Each edit works on whatever ``workflows/directive_task.bpmn`` holds today and fails
loudly when the element it names is not there."""
from __future__ import annotations

from pathlib import Path

from lxml import etree

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
DEFAULT_LIFECYCLE = Path(__file__).resolve().parents[1] / "workflows" / "directive_task.bpmn"


def _q(tag: str) -> str:
    return f"{{{BPMN_NS}}}{tag}"


class Diagram:
    def __init__(self, xml: str):
        self.root = etree.fromstring(xml.encode("utf-8"))

    @classmethod
    def default(cls) -> "Diagram":
        return cls(DEFAULT_LIFECYCLE.read_text(encoding="utf-8"))

    def xml(self) -> str:
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8").decode("utf-8")

    def element(self, element_id: str):
        found = self.root.xpath("//*[@id=$id]", id=element_id)
        assert found, f"the diagram has no element «{element_id}»"
        return found[0]

    def set_parameter(self, name: str, value: str) -> "Diagram":
        found = self.root.xpath("//bpmn:process/bpmn:extensionElements//spiffworkflow:property[@name=$n]",
                                namespaces={"bpmn": BPMN_NS, "spiffworkflow": SPIFF_NS}, n=name)
        assert found, f"the diagram has no process parameter «{name}»"
        found[0].set("value", value)
        return self

    def set_property(self, element_id: str, name: str, value: str) -> "Diagram":
        props = self.element(element_id).xpath(".//spiffworkflow:property[@name=$n]",
                                               namespaces={"spiffworkflow": SPIFF_NS}, n=name)
        assert props, f"«{element_id}» has no property «{name}»"
        props[0].set("value", value)
        return self

    def rename(self, old: str, new: str, label: str | None = None) -> "Diagram":
        """Give element ``old`` the id ``new``: references, flow lists and its shape follow."""
        node = self.element(old)
        node.set("id", new)
        if label is not None:
            node.set("name", label)
        for attribute in ("sourceRef", "targetRef", "bpmnElement", "attachedToRef"):
            for ref in self.root.xpath(f"//*[@{attribute}=$id]", id=old):
                ref.set(attribute, new)
        for ref in self.root.iter(_q("flowNodeRef")):
            if ref.text == old:
                ref.text = new
        return self

    def drop(self, *node_ids: str, bridges: tuple[tuple[str, str], ...] = ()) -> "Diagram":
        """Remove ``node_ids`` with every flow touching them; connect each (source,
        target) of ``bridges`` with a new flow."""
        for node_id in node_ids:
            node = self.element(node_id)
            for flow in self.root.xpath("//bpmn:sequenceFlow[@sourceRef=$id or @targetRef=$id]",
                                        namespaces={"bpmn": BPMN_NS}, id=node_id):
                self._remove_flow(flow)
            node.getparent().remove(node)
            self._remove_shape(node_id)
            for ref in list(self.root.iter(_q("flowNodeRef"))):
                if ref.text == node_id:
                    ref.getparent().remove(ref)
        for source, target in bridges:
            self._add_flow(source, target)
        return self

    def add_boundary_timer(self, activity: str, event_id: str, expression: str, script: str,
                           label: str = "") -> "Diagram":
        """Attach a non-interrupting timer to ``activity`` that runs ``script`` when it fires."""
        node = self.element(activity)
        container, lane = node.getparent(), self._lane_of(activity)
        event = etree.SubElement(container, _q("boundaryEvent"), id=event_id, name=label,
                                 attachedToRef=activity, cancelActivity="false")
        timer = etree.SubElement(event, _q("timerEventDefinition"), id=f"{event_id}_def")
        etree.SubElement(timer, _q("timeDate")).text = expression
        task = etree.SubElement(container, _q("scriptTask"), id=f"{event_id}_script", name=label,
                                scriptFormat="python")
        etree.SubElement(task, _q("script")).text = script
        end = etree.SubElement(container, _q("endEvent"), id=f"{event_id}_end")
        for new in (event_id, f"{event_id}_script", f"{event_id}_end"):
            if lane is not None:
                etree.SubElement(lane, _q("flowNodeRef")).text = new
        self._add_flow(event_id, f"{event_id}_script")
        self._add_flow(f"{event_id}_script", f"{event_id}_end")
        return self

    def to_script(self, element_id: str, script: str) -> "Diagram":
        """Make user task ``element_id`` an automatic script task (same id, same flows)."""
        node = self.element(element_id)
        assert etree.QName(node).localname == "userTask", f"«{element_id}» is not a user task"
        node.tag = _q("scriptTask")
        node.set("scriptFormat", "python")
        for extension in node.findall(_q("extensionElements")):
            node.remove(extension)
        etree.SubElement(node, _q("script")).text = script
        return self

    def _lane_of(self, node_id: str):
        for ref in self.root.iter(_q("flowNodeRef")):
            if ref.text == node_id:
                return ref.getparent()
        return None

    def _remove_flow(self, flow) -> None:
        flow_id = flow.get("id")
        for ref in list(self.root.iter(_q("incoming"), _q("outgoing"))):
            if ref.text == flow_id:
                ref.getparent().remove(ref)
        flow.getparent().remove(flow)
        self._remove_shape(flow_id)

    def _remove_shape(self, element_id: str) -> None:
        for shape in self.root.xpath("//*[@bpmnElement=$id]", id=element_id):
            shape.getparent().remove(shape)

    def _add_flow(self, source: str, target: str) -> None:
        flow_id = f"f_{source}_{target}_bridge"
        source_node, target_node = self.element(source), self.element(target)
        flow = etree.SubElement(source_node.getparent(), _q("sequenceFlow"))
        flow.set("id", flow_id)
        flow.set("sourceRef", source)
        flow.set("targetRef", target)
        etree.SubElement(source_node, _q("outgoing")).text = flow_id
        etree.SubElement(target_node, _q("incoming")).text = flow_id


RENAMED_STEP = ("review_report", "duyet_bao_cao_thang", "Lãnh đạo duyệt báo cáo tháng")
REMOVED_STEP_TITLE = "Lãnh đạo duyệt kết quả"


def revised_lifecycle() -> str:
    """The default lifecycle as a process owner revises it: the officer is reminded 10
    working days before the due day (not 7), a task is to be accepted within 5 working
    days (not 3) and a review answered within 3 (not 5), the leader's review of a
    monthly report gets another id and label, and the leader no longer approves the
    completion report (it goes straight to the monitor's review, rework too)."""
    return (Diagram.default()
            .set_parameter("deadline_reminder", "-10 working_days")
            .set_parameter("accept_within", "5 working_days")
            .set_parameter("review_within", "3 working_days")
            .rename(*RENAMED_STEP)
            .drop("approve_completion", "gw_leader",
                  bridges=(("completion_report", "review_completion"), ("rework", "review_completion")))
            .xml())

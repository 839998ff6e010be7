"""What changed between two versions of a diagram, element by element, in the terms a
process owner edits: elements added and removed; for each element kept, the facts
that differ (its name, lane, chidao properties, script, condition, timer expression,
the flow's ends, the boundary event's host…); the process parameters; and elements
that only moved on the drawing. Both documents are read with the same safe parser as
deployment; the layout (diagram interchange) counts only for "moved"."""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
_CONTAINERS = {"process", "subProcess", "adHocSubProcess", "transaction", "collaboration", "laneSet"}
_SKIPPED_CHILDREN = {"laneSet", "extensionElements", "documentation", "incoming", "outgoing", "ioSpecification",
                     "property", "dataInputAssociation", "dataOutputAssociation"}
_TIMER_KINDS = ("timeDate", "timeDuration", "timeCycle")
_REFERENCES = (("sourceRef", "source"), ("targetRef", "target"), ("attachedToRef", "attached_to"),
               ("default", "default"), ("processRef", "process"))


@dataclass(frozen=True)
class FactChange:
    """One fact of an element before and after (None: absent on that side).
    ``fact`` is "name", "lane", "property:<name>", "script", "condition", "timer", …"""

    fact: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class ElementChange:
    element_id: str
    kind: str                       # the BPMN element's local name, e.g. "userTask"
    name: str
    changes: tuple[FactChange, ...] = ()


@dataclass
class DiagramDiff:
    added: list[ElementChange] = field(default_factory=list)
    removed: list[ElementChange] = field(default_factory=list)
    changed: list[ElementChange] = field(default_factory=list)
    parameters: list[FactChange] = field(default_factory=list)     # the process's own properties
    moved: list[str] = field(default_factory=list)                 # ids whose drawing alone changed
    process_id: str | None = None                                  # the process whose parameters are compared

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.parameters or self.moved)

    def marked_ids(self) -> dict[str, list[str]]:
        """Element ids by how they changed, for drawing on the diagrams."""
        changed = [c.element_id for c in self.changed]
        if self.parameters and self.process_id and self.process_id not in changed:
            changed.append(self.process_id)
        return {"added": [c.element_id for c in self.added], "removed": [c.element_id for c in self.removed],
                "changed": changed, "moved": [i for i in self.moved if i not in changed]}


@dataclass
class _Element:
    kind: str
    name: str
    facts: dict[str, str]


def _root(xml: str | bytes):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    return etree.fromstring(data, parser)


def _local(node) -> str:
    return etree.QName(node).localname


def _text(node) -> str:
    return " ".join((node.text or "").split())


def _own(node, namespace: str, local: str):
    """Direct children of ``node`` named ``{namespace}local``."""
    return node.findall(f"{{{namespace}}}{local}")


def _properties(node) -> dict[str, str]:
    found = {}
    for ext in _own(node, BPMN, "extensionElements"):
        for props in _own(ext, SPIFF, "properties"):
            for prop in _own(props, SPIFF, "property"):
                found[prop.get("name") or ""] = prop.get("value") or ""
    return found


def _spiff_scripts(node) -> dict[str, str]:
    found = {}
    for ext in _own(node, BPMN, "extensionElements"):
        for child in ext:
            if isinstance(child.tag, str) and etree.QName(child).namespace == SPIFF and _local(child) != "properties":
                found[_local(child)] = _text(child)
    return found


def _event_facts(node, facts: dict[str, str]) -> None:
    kinds = []
    for child in node:
        if not isinstance(child.tag, str) or not _local(child).endswith("EventDefinition"):
            continue
        kind = _local(child)[:-len("EventDefinition")]
        ref = next((child.get(a) for a in ("signalRef", "messageRef", "errorRef", "escalationRef") if child.get(a)),
                   None)
        kinds.append(f"{kind}:{ref}" if ref else kind)
        for timer_kind in _TIMER_KINDS:
            for expression in _own(child, BPMN, timer_kind):
                facts["timer"] = f"{timer_kind}: {_text(expression)}"
    if kinds:
        facts["event"] = ", ".join(sorted(kinds))


def _multi_instance(node) -> str | None:
    for loop in _own(node, BPMN, "multiInstanceLoopCharacteristics"):
        parts = [("sequential" if loop.get("isSequential") == "true" else "parallel")]
        for ref in _own(loop, BPMN, "loopDataInputRef"):
            parts.append(f"collection={_text(ref)}")
        for item in _own(loop, BPMN, "inputDataItem"):
            parts.append(f"item={item.get('name') or item.get('id')}")
        for cardinality in _own(loop, BPMN, "loopCardinality"):
            parts.append(f"cardinality={_text(cardinality)}")
        return " ".join(parts)
    return None


def _facts(node, lanes: dict[str, str]) -> dict[str, str]:
    facts: dict[str, str] = {}
    if node.get("name"):
        facts["name"] = node.get("name")
    docs = " ".join(_text(d) for d in _own(node, BPMN, "documentation")).strip()
    if docs:
        facts["documentation"] = docs
    for attribute, fact in _REFERENCES:
        if node.get(attribute):
            facts[fact] = node.get(attribute)
    if node.get("cancelActivity") == "false":
        facts["interrupting"] = "false"
    for name, value in _properties(node).items():
        facts[f"property:{name}"] = value
    for name, value in _spiff_scripts(node).items():
        facts[name] = value
    for script in _own(node, BPMN, "script"):
        facts["script"] = _text(script)
    for condition in _own(node, BPMN, "conditionExpression"):
        facts["condition"] = _text(condition)
    _event_facts(node, facts)
    multi = _multi_instance(node)
    if multi:
        facts["multi_instance"] = multi
    element_id = node.get("id")
    if element_id in lanes:
        facts["lane"] = lanes[element_id]
    return facts


def _lanes(root) -> dict[str, str]:
    """Flow node id → the name (or id) of the lane holding it."""
    found = {}
    for lane in root.iter(f"{{{BPMN}}}lane"):
        for ref in _own(lane, BPMN, "flowNodeRef"):
            found[_text(ref)] = lane.get("name") or lane.get("id")
    return found


def _elements(root) -> dict[str, _Element]:
    """Every element of the diagram a process owner names: what its containers (the
    processes, subprocesses, lane sets, the collaboration) hold, and the processes."""
    lanes = _lanes(root)
    found: dict[str, _Element] = {}

    def visit(container) -> None:
        for node in container:
            if not isinstance(node.tag, str) or etree.QName(node).namespace != BPMN:
                continue
            local = _local(node)
            if local in ("laneSet", "childLaneSet"):
                visit(node)
                continue
            if local in _SKIPPED_CHILDREN or not node.get("id"):
                continue
            found[node.get("id")] = _Element(local, node.get("name") or "", _facts(node, lanes))
            if local in _CONTAINERS or local == "lane":
                visit(node)

    for top in root:
        if isinstance(top.tag, str) and _local(top) in ("process", "collaboration"):
            if _local(top) == "process" and top.get("id"):
                # its properties are the process parameters, compared on their own
                facts = {k: v for k, v in _facts(top, lanes).items() if not k.startswith("property:")}
                found[top.get("id")] = _Element("process", top.get("name") or "", facts)
            visit(top)
        elif isinstance(top.tag, str) and _local(top) in ("signal", "message", "error", "escalation") and top.get("id"):
            found[top.get("id")] = _Element(_local(top), top.get("name") or "", _facts(top, lanes))
    return found


def _layout(root) -> dict[str, tuple]:
    """Element id → its drawing (bounds of a shape, waypoints of an edge)."""
    drawn = {}
    for item in root.iter(f"{{{BPMNDI}}}BPMNShape", f"{{{BPMNDI}}}BPMNEdge"):
        numbers = tuple((child.get("x"), child.get("y"), child.get("width"), child.get("height"))
                        for child in item.iter() if child is not item and child.get("x") is not None)
        drawn[item.get("bpmnElement")] = numbers
    return drawn


def _process(root, key: str | None):
    for process in root.iterfind(f"{{{BPMN}}}process"):
        if key is None or process.get("id") == key:
            return process
    return None


def _process_parameters(root, key: str | None) -> dict[str, str]:
    process = _process(root, key)
    return _properties(process) if process is not None else {}


def _fact_changes(before: dict[str, str], after: dict[str, str]) -> tuple[FactChange, ...]:
    names = sorted(set(before) | set(after), key=lambda n: (n != "name", n))
    return tuple(FactChange(n, before.get(n), after.get(n)) for n in names if before.get(n) != after.get(n))


def diff_diagrams(old_xml: str | bytes, new_xml: str | bytes, key: str | None = None) -> DiagramDiff:
    """The changes from ``old_xml`` to ``new_xml`` (process ``key``'s parameters; the
    first process's when None). Raises lxml's XMLSyntaxError on a malformed document."""
    old_root, new_root = _root(old_xml), _root(new_xml)
    old, new = _elements(old_root), _elements(new_root)
    result = DiagramDiff()
    for element_id, element in new.items():
        if element_id not in old:
            result.added.append(ElementChange(element_id, element.kind, element.name))
    for element_id, element in old.items():
        if element_id not in new:
            result.removed.append(ElementChange(element_id, element.kind, element.name))
    old_layout, new_layout = _layout(old_root), _layout(new_root)
    for element_id, element in new.items():
        before = old.get(element_id)
        if before is None:
            continue
        changes = _fact_changes(before.facts, element.facts)
        if before.kind != element.kind:
            changes = (FactChange("kind", before.kind, element.kind),) + changes
        if changes:
            result.changed.append(ElementChange(element_id, element.kind, element.name or before.name, changes))
        elif old_layout.get(element_id) != new_layout.get(element_id):
            result.moved.append(element_id)
    result.parameters = list(_fact_changes(_process_parameters(old_root, key), _process_parameters(new_root, key)))
    process = _process(new_root, key)
    result.process_id = process.get("id") if process is not None else key
    return result

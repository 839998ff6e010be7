"""What a process owner does to the default diagram, as XML edits for tests: change a
process parameter, a step's property, a flow's condition, a script; add a step; remove
an element. Each returns new XML and leaves the rest of the document as it was."""
from __future__ import annotations

from lxml import etree

from config.defaults import WORKFLOWS_DIR

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
NS = {"bpmn": BPMN, "spiffworkflow": SPIFF}


def default_xml() -> str:
    return (WORKFLOWS_DIR / "directive_task.bpmn").read_text(encoding="utf-8")


def _root(xml: str):
    return etree.fromstring(xml.encode("utf-8"))


def _text(root) -> str:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8")


def _element(root, element_id: str):
    found = root.xpath("//*[@id=$id]", id=element_id)
    assert found, f"no element {element_id}"
    return found[0]


def _property(node, name: str):
    found = node.xpath("./bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property[@name=$n]",
                       namespaces=NS, n=name)
    return found[0] if found else None


def set_property(xml: str, element_id: str, name: str, value: str | None) -> str:
    """Set (or with None remove) spiffworkflow property ``name`` of ``element_id`` (a
    step, or the process for its parameters)."""
    root = _root(xml)
    node = _element(root, element_id)
    prop = _property(node, name)
    if value is None:
        if prop is not None:
            prop.getparent().remove(prop)
        return _text(root)
    if prop is None:
        holder = node.find(f"{{{BPMN}}}extensionElements/{{{SPIFF}}}properties")
        prop = etree.SubElement(holder, f"{{{SPIFF}}}property", name=name)
    prop.set("value", value)
    return _text(root)


def set_parameter(xml: str, name: str, value: str, process: str = "directive_task") -> str:
    return set_property(xml, process, name, value)


def set_condition(xml: str, flow_id: str, expression: str) -> str:
    root = _root(xml)
    _element(root, flow_id).find(f"{{{BPMN}}}conditionExpression").text = expression
    return _text(root)


def set_script(xml: str, task_id: str, code: str) -> str:
    root = _root(xml)
    _element(root, task_id).find(f"{{{BPMN}}}script").text = code
    return _text(root)


def rename(xml: str, element_id: str, name: str) -> str:
    root = _root(xml)
    _element(root, element_id).set("name", name)
    return _text(root)

"""Turns BPMN XML into a checked, executable process definition.

Checks, in order, each with a clear message naming the element and line: UTF-8,
well-formed XML; only BPMN, DI and spiffworkflow markup (engine.bpmn.diagram_markup);
SpiffWorkflow's own validation; only supported element kinds; every script,
condition, timer and step expression inside the restricted evaluator; every user
task in a lane of a known role with a known form; valid time parameters."""
from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass, field

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from engine.bpmn.diagram_markup import check_markup
from engine.bpmn.helpers_catalog import HELPER_NAMES
from engine.bpmn.lanes import role_of_lane
from engine.bpmn.sandbox import SAFE_BUILTINS, UnsafeCode, check
from engine.bpmn.sandbox_fold import costly_constant
from engine.domain.errors import DomainError
from engine.domain.forms import FORMS
from engine.domain.time_rules import DEFAULT_PARAMETERS, TimeRules
from engine.domain.calendar import WorkingCalendar

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
_EXEC_TAGS = {"script", "preScript", "postScript"}
_EVAL_TAGS = {"conditionExpression", "timeDate", "timeDuration", "timeCycle", "completionCondition",
              "loopCardinality", "loopCondition", "messagePayload"}
_EVAL_PROPERTIES = {"due", "assignee", "agency", "acting_role", "period"}
_UNSUPPORTED = {"businessRuleTask", "serviceTask", "callActivity", "sendTask", "receiveTask",
                "complexGateway", "transaction"}


class ProcessDefinitionError(DomainError):
    """The diagram cannot be deployed; nothing was stored."""


@dataclass
class CompiledProcess:
    """A parsed, checked process version, ready to start and restore workflows."""

    key: str
    xml: str
    sha256: str
    spec: object
    subprocess_specs: dict
    parameters: dict
    version_id: int | None = None
    version: int | None = None
    user_tasks: dict = field(default_factory=dict)   # spec name → properties

    def title_of(self, spec_name: str) -> str:
        spec = self.spec.task_specs.get(spec_name)
        if spec is None:
            for sub in self.subprocess_specs.values():
                spec = sub.task_specs.get(spec_name) or spec
        return (getattr(spec, "bpmn_name", None) or spec_name) if spec else spec_name


def sha256_of(xml: str) -> str:
    return hashlib.sha256(xml.encode("utf-8")).hexdigest()


def _parse_xml(xml: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(xml.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise ProcessDefinitionError("bpmn.xml_syntax", line=exc.lineno, detail=exc.msg) from None


def _element_label(node) -> str:
    return node.get("id") or etree.QName(node).localname


def _owner(node):
    """The flow element a code-bearing node belongs to (for messages)."""
    current = node
    while current is not None and not current.get("id"):
        current = current.getparent()
    return current if current is not None else node


def _part(node) -> str:
    """Which part of its element a code-bearing node is: a property's name, else its tag."""
    local = etree.QName(node).localname
    return node.get("name") if local == "property" else local


def _check_code(code: str, mode: str, node, fold: bool = True) -> None:
    owner = _owner(node)
    try:
        tree = check(code, mode)
    except UnsafeCode as exc:
        line = node.sourceline + (exc.line or 1) - 1 if exc.line else node.sourceline
        raise ProcessDefinitionError("bpmn.unsafe_code", element=_element_label(owner),
                                     line=line, reason=exc.reason, part=_part(node)) from None
    for sub in ast.walk(tree):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
            name = sub.func.id
            if name not in HELPER_NAMES and name not in SAFE_BUILTINS:
                raise ProcessDefinitionError("bpmn.unknown_helper", element=_element_label(owner), name=name,
                                             part=_part(node))
    costly = costly_constant(tree) if fold else None
    if costly is not None:
        limit, at = costly
        raise ProcessDefinitionError("bpmn.costly_code", element=_element_label(owner),
                                     line=node.sourceline + (at or 1) - 1, reason=limit, part=_part(node))


def check_diagram_code(root, fold: bool = True) -> None:
    """Refuse unsupported elements and any code outside the restricted evaluator (and,
    with ``fold``, constant code that would always go past a bound)."""
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        local = etree.QName(node).localname
        if local in _UNSUPPORTED:
            raise ProcessDefinitionError("bpmn.unsupported", element=_element_label(node),
                                         line=node.sourceline, kind=local)
        text = (node.text or "").strip()
        if local in _EXEC_TAGS and text:
            _check_code(text, "exec", node, fold)
        elif local in _EVAL_TAGS and text:
            _check_code(text, "eval", node, fold)
        elif local == "property" and node.get("name") in _EVAL_PROPERTIES and node.get("value"):
            _check_code(node.get("value"), "eval", node, fold)


def process_parameters(root, key: str) -> dict:
    """The time parameters of process ``key`` (process-level spiffworkflow properties)."""
    params = dict(DEFAULT_PARAMETERS)
    for process in root.iterfind("bpmn:process", NS):
        if process.get("id") != key:
            continue
        for prop in process.iterfind("bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", NS):
            params[prop.get("name")] = prop.get("value")
    TimeRules(WorkingCalendar(), params)   # raises DomainError on a bad value
    return params


def _user_tasks(spec, subprocess_specs) -> dict:
    found = {}
    for process_spec in [spec, *subprocess_specs.values()]:
        for name, task_spec in process_spec.task_specs.items():
            if not getattr(task_spec, "manual", False):
                continue
            props = dict((getattr(task_spec, "extensions", None) or {}).get("properties", {}))
            form = props.get("form")
            if form not in FORMS:
                raise ProcessDefinitionError("bpmn.unknown_form", element=name, form=form)
            if props.get("due_within") and props["due_within"] not in DEFAULT_PARAMETERS:
                raise ProcessDefinitionError("bpmn.unknown_parameter", element=name, name=props["due_within"])
            role = role_of_lane(task_spec.lane)
            if role is None:
                raise ProcessDefinitionError("bpmn.unknown_lane", element=name, lane=task_spec.lane)
            props["role"] = role
            found[name] = props
    return found


def compile_process(xml: str | bytes, key: str | None = None, stored: bool = False) -> CompiledProcess:
    """Parse and check ``xml``; return the executable definition or raise
    ProcessDefinitionError (never a raw lxml or SpiffWorkflow exception).

    ``stored`` is for a version deployed earlier, loaded to run its instances: the
    deploy-only gates (markup, constant folding) are not applied again, so a policy
    tightened later never strands running instances; the evaluator still bounds every
    evaluation, and the raw XML is served so that browsers never render it."""
    if isinstance(xml, bytes):
        try:
            xml = xml.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ProcessDefinitionError("bpmn.not_text", at=exc.start) from None
    root = _parse_xml(xml)
    if not stored:
        try:
            check_markup(root)
        except DomainError as err:
            raise ProcessDefinitionError(err.key, **err.params) from None
    check_diagram_code(root, fold=not stored)
    parser = SpiffBpmnParser()
    try:
        parser.add_bpmn_xml(root)
        ids = parser.get_process_ids()
        if not ids:
            raise ProcessDefinitionError("bpmn.no_process")
        key = key if key in ids else ids[0]
        spec = parser.get_spec(key)
        subprocess_specs = parser.get_subprocess_specs(key)
    except ValidationException as exc:
        where = f" (phần tử «{exc.id}», dòng {exc.line_number})" if getattr(exc, "id", "") else ""
        raise ProcessDefinitionError("bpmn.invalid", where=where, detail=str(exc),
                                     element=getattr(exc, "id", "") or None) from None
    except SpiffWorkflowException as exc:
        raise ProcessDefinitionError("bpmn.invalid", where="", detail=str(exc)) from None
    user_tasks = _user_tasks(spec, subprocess_specs)
    return CompiledProcess(
        key=key, xml=xml, sha256=sha256_of(xml), spec=spec, subprocess_specs=subprocess_specs,
        parameters=process_parameters(root, key), user_tasks=user_tasks,
    )

"""What the editor learns about a diagram, on BPMN alone: the deployment checks name
the faulty element (so it can be highlighted) and, for a bad parameter, the parameter;
a document that is not a BPMN diagram is refused by its content before it is kept as a
draft; and the diff of two versions lists what a process owner changed, element by
element, in their terms."""
from __future__ import annotations

import pytest

from engine.bpmn.diagram_diff import diff_diagrams
from engine.bpmn.diagram_document import MAX_DIAGRAM_BYTES, read_diagram
from engine.bpmn.diagram_problems import check_for_editor
from engine.domain.errors import DomainError
from tests.diagram_edits import default_xml, rename, set_condition, set_parameter, set_property, set_script


def only_problem(xml: str, key: str = "directive_task"):
    compiled, problems = check_for_editor(xml, key)
    assert compiled is None and len(problems) == 1, problems
    return problems[0]


def test_the_default_diagram_passes_the_deployment_checks():
    compiled, problems = check_for_editor(default_xml(), "directive_task")
    assert problems == [] and compiled.key == "directive_task"


def test_an_unknown_form_names_the_step():
    problem = only_problem(set_property(default_xml(), "sign_off", "form", "ky_so"))
    assert (problem.key, problem.element_id, problem.part) == ("bpmn.unknown_form", "sign_off", "form")
    assert "ky_so" in problem.message("vi") and "unknown form" in problem.message("en")


def test_unsafe_code_names_the_element_and_the_line():
    problem = only_problem(set_script(default_xml(), "record_acceptance", "__import__('os').system('id')"))
    assert (problem.key, problem.element_id, problem.part) == ("bpmn.unsafe_code", "record_acceptance", "script")
    assert problem.line and "__import__" in problem.message("vi")


def test_a_bad_condition_names_its_flow():
    problem = only_problem(set_condition(default_xml(), "f_gw_accept_review_refusal", 'decision == "refuse'))
    assert (problem.key, problem.element_id, problem.part) == (
        "bpmn.unsafe_code", "f_gw_accept_review_refusal", "conditionExpression")
    assert "cú pháp" in problem.message("vi")


def test_a_bad_due_expression_names_its_step():
    problem = only_problem(set_property(default_xml(), "completion_report", "due", 'open("/etc/passwd")'))
    assert (problem.key, problem.element_id, problem.part) == ("bpmn.unknown_helper", "completion_report", "due")


def test_a_bad_parameter_names_the_process_and_the_parameter():
    problem = only_problem(set_parameter(default_xml(), "deadline_monitor", "7 weeks"))
    assert (problem.key, problem.element_id, problem.parameter) == (
        "parameter.bad_offset", "directive_task", "deadline_monitor")
    assert problem.to_dict("en")["message"].startswith("Parameter «deadline_monitor» must look like")


def test_a_multi_instance_step_is_named_by_its_element():
    problem = only_problem(set_property(default_xml(), "give_input", "form", "y_kien"))
    assert problem.element_id == "give_input"


def test_a_diagram_of_another_process_is_refused_for_this_key():
    problem = only_problem(default_xml(), "directive_task_v2")
    assert problem.key == "process.wrong_key" and "directive_task_v2" in problem.message("vi")


def test_malformed_xml_has_no_element_but_a_line():
    problem = only_problem(default_xml()[:5000])
    assert problem.key == "bpmn.xml_syntax" and problem.element_id is None and problem.line


@pytest.mark.parametrize("data, key", [
    (b"", "diagram.empty"),
    (b"<bpmn:definitions", "diagram.not_xml"),
    ("<?xml version='1.0'?><html><body>trang</body></html>".encode(), "diagram.not_bpmn"),
    (b"\xff\xfe<\x00d\x00", "diagram.not_text"),
    (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aa">]><d>&a;</d>', "diagram.doctype"),
    (b"<x>" + b" " * (MAX_DIAGRAM_BYTES + 1) + b"</x>", "diagram.too_large"),
])
def test_a_document_that_is_not_a_diagram_is_refused_by_its_content(data, key):
    with pytest.raises(DomainError) as refused:
        read_diagram(data)
    assert refused.value.key == key
    assert refused.value.message("vi") != key and refused.value.message("en") != key


def test_a_diagram_reads_as_text():
    assert read_diagram(default_xml().encode("utf-8")) == default_xml()


def test_the_diff_of_a_version_with_itself_is_empty():
    assert diff_diagrams(default_xml(), default_xml(), "directive_task").empty


def test_the_diff_lists_a_parameter_a_form_and_a_name_changed():
    edited = set_parameter(default_xml(), "deadline_monitor", "10 working_days")
    edited = set_property(edited, "sign_off", "form", "completion_review")
    edited = rename(edited, "sign_off", "Ký xác nhận")
    diff = diff_diagrams(default_xml(), edited, "directive_task")
    assert [(c.fact, c.before, c.after) for c in diff.parameters] == [
        ("deadline_monitor", "7 working_days", "10 working_days")]
    (changed,) = diff.changed
    assert changed.element_id == "sign_off" and changed.name == "Ký xác nhận"
    assert [(c.fact, c.before, c.after) for c in changed.changes] == [
        ("name", "Xác nhận hoàn thành", "Ký xác nhận"), ("property:form", "sign_off", "completion_review")]
    assert diff.added == diff.removed == diff.moved == []
    assert diff.marked_ids()["changed"] == ["sign_off", "directive_task"]     # the parameters: on the process


def test_the_diff_lists_a_condition_and_a_script_changed():
    edited = set_condition(default_xml(), "f_gw_accept_review_refusal", 'decision in ("refuse", "decline")')
    edited = set_script(edited, "finish_refused", 'finish("refused")\nnotify("extension_refused")')
    changes = {c.element_id: [ch.fact for ch in c.changes] for c in diff_diagrams(default_xml(), edited).changed}
    assert changes == {"f_gw_accept_review_refusal": ["condition"], "finish_refused": ["script"]}


def test_the_diff_lists_elements_added_and_removed_and_a_step_moved_to_another_lane():
    old = default_xml()
    new = old.replace('<bpmn:flowNodeRef>rework</bpmn:flowNodeRef>', '')
    new = new.replace('<bpmn:flowNodeRef>sign_off</bpmn:flowNodeRef>',
                      '<bpmn:flowNodeRef>sign_off</bpmn:flowNodeRef><bpmn:flowNodeRef>rework</bpmn:flowNodeRef>')
    new = new.replace('<bpmn:signal id="sig_deadline_changed" name="deadline_changed" />',
                      '<bpmn:signal id="sig_deadline_changed" name="deadline_changed" />'
                      '<bpmn:signal id="sig_reopened" name="reopened" />')
    diff = diff_diagrams(old, new)
    assert [(a.element_id, a.kind) for a in diff.added] == [("sig_reopened", "signal")]
    (rework,) = [c for c in diff.changed if c.element_id == "rework"]
    assert [(c.fact, c.before, c.after) for c in rework.changes] == [
        ("lane", "Chuyên viên (officer)", "Người có thẩm quyền (authority)")]
    assert [r.element_id for r in diff_diagrams(new, old).removed] == ["sig_reopened"]


def test_moving_a_shape_is_only_a_move():
    old = default_xml()
    new = old.replace('<bpmndi:BPMNShape id="sign_off_di" bpmnElement="sign_off"><dc:Bounds x="',
                      '<bpmndi:BPMNShape id="sign_off_di" bpmnElement="sign_off"><dc:Bounds x="1')
    diff = diff_diagrams(old, new)
    assert diff.moved == ["sign_off"] and diff.changed == [] and not diff.empty

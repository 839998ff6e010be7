"""Diagrams are refused at deploy when they are malformed or reach outside the
restricted evaluator; errors name the element and the line."""
from pathlib import Path

import pytest

from engine.bpmn.definitions import ProcessDefinitionError, compile_process
from engine.bpmn.sandbox import RestrictedEvaluator, UnsafeCode, check

BPMN = (Path(__file__).resolve().parents[2] / "workflows" / "directive_task.bpmn").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", [
    "import os", "from os import system", "__import__('os')", "x = ().__class__",
    "y = '{0.__class__}'.format(1)", "open('/etc/passwd')", "lambda: 1", "def f(): pass",
    "try:\n    pass\nexcept Exception:\n    pass", "eval('1')", "getattr(case, 'x')",
])
def test_unsafe_code_is_refused(code):
    with pytest.raises(UnsafeCode):
        evaluator = RestrictedEvaluator()
        evaluator.execute(code, {})


def test_safe_code_runs_and_assigns_into_the_data():
    data = {"items": [1, 2, 3]}
    RestrictedEvaluator().execute("total = sum(x * 2 for x in items)\nbig = [x for x in items if x > 1]", data)
    assert data["total"] == 12 and data["big"] == [2, 3]
    assert RestrictedEvaluator().evaluate("len(items) > 2 and 'a' in 'abc'", data) is True


def test_builtins_outside_the_whitelist_are_absent():
    with pytest.raises(UnsafeCode):
        RestrictedEvaluator().evaluate("globals()", {})
    with pytest.raises(NameError):           # not callable, and not there either
        RestrictedEvaluator().evaluate("open", {})


def test_default_lifecycle_compiles():
    process = compile_process(BPMN)
    assert process.key == "directive_task"
    assert process.user_tasks["accept"]["role"] == "leader"
    assert process.parameters["deadline_authority"] == "30 days"


def _with_script(script: str) -> str:
    return BPMN.replace("<bpmn:script>accept_task()</bpmn:script>", f"<bpmn:script>{script}</bpmn:script>")


def test_deploy_refuses_a_script_that_imports():
    with pytest.raises(ProcessDefinitionError) as err:
        compile_process(_with_script("import os\nos.system('id')"))
    message = err.value.message()
    assert "record_acceptance" in message and "import" in message and "dòng" in message


def test_deploy_refuses_dunder_access():
    with pytest.raises(ProcessDefinitionError) as err:
        compile_process(_with_script("x = case.__class__"))
    assert "__class__" in err.value.message()


def test_deploy_refuses_an_unknown_function():
    with pytest.raises(ProcessDefinitionError) as err:
        compile_process(_with_script("send_money()"))
    assert "send_money" in err.value.message()


def test_malformed_xml_names_the_line():
    broken = BPMN.replace("</bpmn:process>", "</bpmn:proces>", 1)
    with pytest.raises(ProcessDefinitionError) as err:
        compile_process(broken)
    assert "XML" in err.value.message() and "dòng" in err.value.message()


def test_unknown_form_and_lane_are_refused():
    with pytest.raises(ProcessDefinitionError) as err:
        compile_process(BPMN.replace('name="form" value="accept"', 'name="form" value="nonsense"'))
    assert "nonsense" in err.value.message()
    with pytest.raises(ProcessDefinitionError):
        compile_process(BPMN.replace("Lãnh đạo đơn vị chủ trì (leader)", "Ai đó"))


def test_unsafe_timer_expression_is_refused():
    with pytest.raises(ProcessDefinitionError):
        compile_process(BPMN.replace('case["schedule"]["reminder_at"]', '__import__("os")'))


def test_check_reports_syntax_errors_with_a_line():
    with pytest.raises(UnsafeCode) as err:
        check("x = (\n1 +", "exec")
    assert err.value.line


ERROR_PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <bpmn:error id="err_budget" name="het_kinh_phi" errorCode="HET_KINH_PHI" />
  <bpmn:process id="erroring" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fail" />
    <bpmn:endEvent id="fail"><bpmn:incoming>f1</bpmn:incoming>
      <bpmn:errorEventDefinition id="e1" errorRef="err_budget" /></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>"""


def test_an_uncaught_bpmn_error_surfaces_instead_of_completing_silently():
    from datetime import datetime, timezone

    from engine.bpmn.runtime import BpmnRuntime
    from engine.clock import FixedClock
    from engine.domain.errors import DomainError

    runtime = BpmnRuntime(FixedClock(datetime(2025, 6, 2, tzinfo=timezone.utc)))
    with pytest.raises(DomainError) as err:
        runtime.start(compile_process(ERROR_PROCESS), {})
    assert "HET_KINH_PHI" in err.value.message()

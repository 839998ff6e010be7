"""A diagram's code cannot exhaust a worker: every payload of issue 16 that used to
hang or eat memory is refused at deploy when it is constant, and stopped when it runs
when it depends on data, with a message saying which bound it crossed; process
parameters are range-checked at deploy."""
from __future__ import annotations

import signal
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from engine.bpmn.definitions import ProcessDefinitionError, compile_process
from engine.bpmn.runtime import BpmnRuntime
from engine.bpmn.sandbox import RestrictedEvaluator
from engine.bpmn.sandbox_budget import EvaluationLimit
from engine.clock import FixedClock
from engine.domain.errors import DomainError

BPMN = (Path(__file__).resolve().parents[2] / "workflows" / "directive_task.bpmn").read_text(encoding="utf-8")

# the payloads, as scripts
PAYLOADS = [
    "x = 9**9**9",
    "x = 'a'*10**10",
    "x = [0]*10**10",
    "x = sum(range(10**13))",
    "x = sorted(range(10**9))",
    "x = f'{1:>999999999}'",
    "x = '%*d' % (999999999, 1)",
    "x = int('9'*100000)",
]
# the same kinds of trick, each needing a guard of its own
MORE_PAYLOADS = [
    "x = 1 << 10**9", "x = 7 ** 10**8", "x = 'ab'.center(10**9)", "x = '7'.zfill(10**9)",
    "x = 'a'.ljust(10**9)", "x = 'a'.rjust(10**9, '-')", "x = ('\\t' * 100).expandtabs(10**6)",
    "x = ('a' * 1000).replace('', 'b' * 10000)", "x = ('x' * 10000).join(['a'] * 1000)",
    "x = ('a' * 10**5).translate({97: 'b' * 10**5})", "x = (1).to_bytes(10**9, 'big')",
    "x = '%999999999d' % 1", "x = '%.999999999f' % 1.0", "x = f'{1.0:.999999999f}'", "x = round(1, -10**9)",
    "x = str.ljust('a', 10**9)", "x = list(range(10**12))", "x = [[0] * 10**5] * 100\ny = str(x)",
    "x = float('1' * 10**6)",
]
# bounded only when they run: the values come from data, or the work from loops
RUNTIME_ONLY = [
    "x = 10\ny = x ** x ** x",
    "n = 9\nx = n ** n ** n",
    "w = 999999999\nx = f'{1:>{w}}'",
    "s = 'a'\nfor i in range(64):\n    s += s",
    "a = [1]\nfor i in range(64):\n    a.extend(a)",
    "x = 0\nfor i in range(10**6):\n    for j in range(10**6):\n        x += 1",
    "x = [[0] * 1000 for _ in range(10**6)]",
    "row = [0] * 10**5\ntable = [row for _ in range(10**4)]",
    "x = [1] * 10**5\ny = [x] * 10\nz = [y] * 10",
]


@pytest.fixture(autouse=True)
def no_hang():
    """Without the guards these payloads run for minutes: fail instead of hanging."""
    def hung(signum, frame):
        raise AssertionError("the evaluation was not stopped")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("script", PAYLOADS + MORE_PAYLOADS + RUNTIME_ONLY)
def test_the_evaluator_stops_the_script_and_assigns_nothing(script):
    data = {"kept": 1}
    with pytest.raises(EvaluationLimit) as err:
        RestrictedEvaluator().execute(script, data, {"case": {}})
    assert data == {"kept": 1}
    assert err.value.message("en") and err.value.message("vi") != err.value.message("en")


@pytest.mark.parametrize("expression", ["9**9**9", "'a'*10**10", "sum(range(10**13))", "int('9'*100000)"])
def test_the_evaluator_stops_an_expression(expression):
    with pytest.raises(EvaluationLimit):
        RestrictedEvaluator().evaluate(expression, {}, {"case": {}})


def test_messages_say_which_bound():
    def message(script):
        with pytest.raises(EvaluationLimit) as err:
            RestrictedEvaluator().execute(script, {}, {"case": {}})
        return err.value.message("vi")

    assert "10000 bit" in message("x = 9**9**9")
    assert "10000000000 phần tử" in message("x = 'a'*10**10")
    assert "«999999999»" in message("x = f'{1:>999999999}'")
    assert "«*»" in message("x = '%*d' % (999999999, 1)")
    assert "100000 ký tự" in message("x = int('9'*100000)")
    loops = message("x = 0\nfor i in range(10**6):\n    for j in range(10**6):\n        x += 1")
    assert "5000000 bước" in loops or "2.0 giây" in loops         # whichever bound a busy machine meets first


def test_ordinary_code_still_runs_as_before():
    data = {"items": [3, 1, 2], "name": "Sở Tư pháp", "counts": {"a": 1}}
    RestrictedEvaluator().execute(
        "total = sum(x * 2 for x in items)\nbig = [x for x in items if x > 1]\n"
        "label = f'{name:>12}|{total:05d}|{total!r}|{3.14159:.2f}'\nitems[0] += 5\ncounts['a'] *= 3\n"
        "order = sorted(items)\nwords = ', '.join(str(i) for i in order)\npadded = name.ljust(12, '.')\n"
        "pct = '%d%%' % 40\nhead = items[:2]\nmerged = {**counts, 'b': 2}\nok = isinstance(total, int)\n"
        "n = int('42') + len(range(5)) + round(2.567, 2)\nflag = 'a' in counts and (1, 2) < (1, 3)",
        data, {"case": {}})
    assert data["total"] == 12 and data["big"] == [3, 2] and data["items"] == [8, 1, 2]
    assert data["label"] == "  Sở Tư pháp|00012|12|3.14" and data["counts"] == {"a": 3}
    assert data["order"] == [1, 2, 8] and data["words"] == "1, 2, 8" and data["padded"] == "Sở Tư pháp.."
    assert data["pct"] == "40%" and data["head"] == [8, 1] and data["merged"] == {"a": 3, "b": 2}
    assert data["ok"] is True and data["n"] == 42 + 5 + 2.57 and data["flag"] is True
    assert not any(name.startswith("__") for name in data)


def _with_script(script: str) -> str:
    return BPMN.replace("<bpmn:script>accept_task()</bpmn:script>",
                        f"<bpmn:script>accept_task()\n{escape(script)}</bpmn:script>")


@pytest.mark.parametrize("script", PAYLOADS + MORE_PAYLOADS)
def test_deploy_refuses_a_constant_payload_naming_element_and_line(script):
    with pytest.raises(ProcessDefinitionError) as err:
        compile_process(_with_script(script))
    assert err.value.key == "bpmn.costly_code"
    message = err.value.message("vi")
    assert "record_acceptance" in message and "dòng" in message and "giới hạn" in message


TIME_DATE = '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">'


def test_deploy_refuses_a_timer_of_nine_to_the_nine_to_the_nine():
    assert BPMN.count(f"{TIME_DATE}report_opens_at<") == 1           # the timer that opens each report period
    with pytest.raises(ProcessDefinitionError) as err:
        compile_process(BPMN.replace(f"{TIME_DATE}report_opens_at<", f"{TIME_DATE}9**9**9<", 1))
    assert err.value.key == "bpmn.costly_code" and "wait_report" in err.value.message()


def test_deploy_refuses_a_due_expression_of_nine_to_the_nine_to_the_nine():
    with pytest.raises(ProcessDefinitionError) as err:
        compile_process(BPMN.replace('value="case.get(&quot;accept_due&quot;)"', 'value="9**9**9"', 1))
    assert err.value.key == "bpmn.costly_code" and "accept" in err.value.message()


def test_deploy_accepts_code_bounded_only_at_run_time():
    compile_process(_with_script("n = 9\nx = n ** n ** n"))


@pytest.mark.parametrize("name, value, key", [
    ("accept_within", "999999999999999999999 working_days", "parameter.out_of_range"),
    ("deadline_authority", "3651 days", "parameter.out_of_range"),
    ("deadline_reminder", "-99999 working_days", "parameter.out_of_range"),
    ("deadline_monitor", "7" * 5000 + " days", "parameter.bad_offset"),
    ("fire_time", "25:00", "parameter.bad_time"),
    ("fire_time", "8:00:00", "parameter.bad_time"),
    ("fire_time", "9" * 5000 + ":00", "parameter.bad_time"),
    ("report_due_day", "31", "parameter.bad_day"),
    ("report_leader_day", "9" * 5000, "parameter.bad_day"),
])
def test_deploy_range_checks_parameters(name, value, key):
    start = BPMN.index(f'name="{name}" value="')
    end = BPMN.index('"', start + len(f'name="{name}" value="'))
    diagram = BPMN[:start] + f'name="{name}" value="{value}' + BPMN[end:]
    with pytest.raises(DomainError) as err:
        compile_process(diagram)
    assert err.value.key == key
    assert len(err.value.message()) < 300


def test_parameters_within_range_are_kept():
    diagram = BPMN.replace('name="deadline_authority" value="30 days"', 'name="deadline_authority" value="3650 days"')
    assert compile_process(diagram).parameters["deadline_authority"] == "3650 days"


def test_a_step_whose_script_goes_past_a_bound_fails_and_moves_nothing():
    runtime = BpmnRuntime(FixedClock(datetime(2025, 6, 2, 2, tzinfo=timezone.utc)))
    process = compile_process(_with_script("n = 9\nx = n ** n ** n"))
    case = {"lead_agency": "so-khcn", "monitor_agency": "vp", "authority_agency": "ubnd",
            "deadline": {"kind": "date", "value": "2025-08-15"}, "due_date": "2025-08-15",
            "original_due_date": "2025-08-15", "accept_due": "2025-06-05", "coordinating": []}
    run = runtime.start(process, case)
    [accept] = [step for step in runtime.ready_steps(run) if step.name == "accept"]   # beside June's report
    with pytest.raises(DomainError) as err:
        runtime.complete(run, accept.task_id, {"decision": "accept", "officer": "cv.khcn"})
    assert err.value.key == "bpmn.script_limit"
    assert "Ghi nhận tiếp nhận" in err.value.message("vi") and "10000 bit" in err.value.message("vi")
    assert "Nothing was changed" in err.value.message("en")

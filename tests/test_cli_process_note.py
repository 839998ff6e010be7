"""``chidao process deploy --note``: the change note is kept with the new version, as
the browser's deploy keeps it, and ``process list`` shows it."""
from __future__ import annotations

from tests.diagram_edits import default_xml, set_parameter
from tests.test_cli import cli  # noqa: F401 - the fixture


def test_a_change_note_given_on_the_command_line_is_kept_and_listed(cli):  # noqa: F811
    run, tmp = cli
    revised = tmp / "directive_task.bpmn"
    revised.write_text(set_parameter(default_xml(), "deadline_monitor", "10 working_days"), encoding="utf-8")
    deployed = run("process", "deploy", revised, "--note", "Đôn đốc   sau 10 ngày làm việc")
    assert deployed.output.strip() == "directive_task v2: phiên bản mới"
    v1, v2 = run("process", "list").output.splitlines()
    assert v2.startswith("directive_task v2 ") and v2.endswith(" · «Đôn đốc sau 10 ngày làm việc»")
    assert "«" not in v1

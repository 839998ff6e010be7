"""Files the command line is handed that are not what they claim end with one line
saying why (exit 1), never a traceback: a binary .json, a JSON with NUL, a deeply
nested JSON, a binary .bpmn, a diagram with foreign markup, a DOCX that unpacks to
400 MB, an evidence file that is a program."""
from __future__ import annotations

import json

import pytest

from tests.conftest import small_directive
from tests.file_samples import docx_bomb, exe_bytes
from tests.test_cli import add_people, cli  # noqa: F401 - the fixture

BPMN_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def one_line_refusal(result, *words):
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 1, result.output
    assert len(lines) == 1 and lines[0].startswith("Lỗi:"), result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize("content, word", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00", "UTF-8"),
    (json.dumps(small_directive(), ensure_ascii=False).replace('"Kế hoạch', '"\\u0000Kế hoạch').encode(), "NUL"),
    (b"[" * 200_000 + b"]" * 200_000, "50"),
    (b'{"document":' * 80 + b"{}" + b"}" * 80, "50"),
])
def test_a_json_that_is_not_a_payload_ends_with_one_line(cli, content, word):
    run, tmp = cli
    path = tmp / "van-ban.json"
    path.write_bytes(content)
    one_line_refusal(run("directive", "import", path), "JSON", word)
    assert json.loads(run("task", "list", "--json").output)["total"] == 0


def test_step_values_with_nul_end_with_one_line(cli):
    run, _ = cli
    one_line_refusal(run("step", "complete", "khong-co", "--as", "admin", "--data", '{"note": "a\\u0000"}'),
                     "NUL")


@pytest.mark.parametrize("content, word", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00", "UTF-8"),
    (b"\x00\x01\x02\x03" * 100, "XML"),
    ((BPMN_HEAD + '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
      'xmlns:html="http://www.w3.org/1999/xhtml"><html:script>alert(1)</html:script>'
      '</bpmn:definitions>').encode(), "script"),
])
def test_a_file_that_is_not_a_diagram_ends_with_one_line(cli, content, word):
    run, tmp = cli
    path = tmp / "quy-trinh.bpmn"
    path.write_bytes(content)
    one_line_refusal(run("process", "deploy", path), word)


def test_a_docx_that_unpacks_to_400_mb_ends_with_one_line(cli):
    run, tmp = cli
    path = tmp / "chi-thi.docx"
    path.write_bytes(docx_bomb())
    one_line_refusal(run("directive", "import", path), "word/document.xml", "400 MB")
    one_line_refusal(run("directive", "extract", path), "400 MB")


def test_a_program_as_evidence_ends_with_one_line(cli):
    run, tmp = cli
    add_people(run)
    directive = tmp / "directive.json"
    directive.write_text(json.dumps(small_directive(), ensure_ascii=False), encoding="utf-8")
    assert run("directive", "import", directive).exit_code == 0
    before = json.loads(run("step", "list", "--agency", "so-khoa-hoc-va-cong-nghe", "--json").output)
    (step,) = [s for s in before if s["name"] == "accept"]        # beside the leader's June report
    program = tmp / "bao-cao.pdf"
    program.write_bytes(exe_bytes())
    data = json.dumps({"decision": "accept", "officer": "cv.khcn"})
    one_line_refusal(run("step", "complete", step["id"], "--as", "ld.khcn", "--data", data, "--file", program),
                     "bao-cao.pdf", "EXE")
    assert json.loads(run("step", "list", "--agency", "so-khoa-hoc-va-cong-nghe", "--json").output) == before

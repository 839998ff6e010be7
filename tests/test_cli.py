"""The chidao command line, end to end on a fresh SQLite file, with CHIDAO_NOW."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import small_directive

NOW = "2025-06-02T09:00:00+07:00"


@pytest.fixture
def cli(tmp_path, monkeypatch):
    from web.cli import common, main

    monkeypatch.setenv("CHIDAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CHIDAO_NOW", NOW)
    monkeypatch.setenv("CHIDAO_MAIL_ENABLED", "0")
    monkeypatch.setenv("CHIDAO_ADMIN_PASSWORD", "quan-tri-123")
    runner = CliRunner()

    def run(*args, now: str | None = None):
        if now:
            monkeypatch.setenv("CHIDAO_NOW", now)
        monkeypatch.setattr(common, "_services", None)       # a fresh process each time
        monkeypatch.setattr(common, "_ready", False)
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    assert run("init").exit_code == 0
    yield run, tmp_path


def add_people(run):
    for login, role in (("ld.khcn", "leader"), ("cv.khcn", "officer")):
        result = run("user", "add", login, "--name", login, "--agency", "so-khoa-hoc-va-cong-nghe",
                     "--role", role, "--password", "mat-khau-123")
        assert result.exit_code == 0, result.output


def test_import_list_show_complete_and_audit(cli):
    run, tmp = cli
    add_people(run)
    path = tmp / "directive.json"
    path.write_text(json.dumps(small_directive(), ensure_ascii=False), encoding="utf-8")
    result = run("directive", "import", path)
    assert result.exit_code == 0 and "1 nhiệm vụ" in result.output

    tasks = json.loads(run("task", "list", "--json").output)
    assert tasks["total"] == 1 and tasks["tasks"][0]["status"] == "awaiting_acceptance"
    assert tasks["tasks"][0]["due_date"] == "2025-08-15"

    steps = json.loads(run("step", "list", "--agency", "so-khoa-hoc-va-cong-nghe", "--json").output)
    assert sorted(s["name"] for s in steps) == ["accept", "monthly_report"]     # the leader reports until accepted
    (step,) = [s for s in steps if s["name"] == "accept"]
    detail = json.loads(run("step", "show", step["id"], "--json").output)
    fields = {f["name"]: f for f in detail["form"]["fields"]}
    assert fields["decision"]["kind"] == "choice"
    assert [c["value"] for c in fields["officer"]["choices"]] == ["cv.khcn"]

    done = run("step", "complete", step["id"], "--as", "ld.khcn", "--data",
               '{"decision": "accept", "officer": "cv.khcn"}')
    assert done.exit_code == 0, done.output
    again = run("step", "complete", step["id"], "--as", "ld.khcn", "--data",
                '{"decision": "accept", "officer": "cv.khcn"}')
    assert again.exit_code == 1 and "đã được ld.khcn" in again.output and "02/06/2025" in again.output

    mine = json.loads(run("step", "list", "--user", "cv.khcn", "--json").output)
    assert {s["name"] for s in mine} == {"completion_report", "monthly_report"}

    trail = json.loads(run("audit", "show", tasks["tasks"][0]["id"], "--json").output)
    assert [e["action"] for e in trail] == ["instance.started", "step.completed"]
    lines = run("audit", "show", tasks["tasks"][0]["id"]).output.splitlines()
    assert lines[1].startswith("09:00 02/06/2025 ld.khcn")          # local time, as people read it
    listed = run("process", "list").output
    assert "09:00 02/06/2025" in listed                                # deployed, in local time
    assert "đang chạy 1 (in_progress 1) · đã kết thúc 0" in listed
    assert run("audit", "verify").exit_code == 0


def test_tick_fires_what_is_due_once(cli):
    run, tmp = cli
    add_people(run)
    path = tmp / "d.json"
    path.write_text(json.dumps(small_directive(), ensure_ascii=False), encoding="utf-8")
    run("directive", "import", path)
    (step,) = [s for s in json.loads(run("step", "list", "--agency", "so-khoa-hoc-va-cong-nghe", "--json").output)
               if s["name"] == "accept"]
    run("step", "complete", step["id"], "--as", "ld.khcn", "--data", '{"decision":"accept","officer":"cv.khcn"}')
    first = run("tick", now="2025-06-17T09:00:00+07:00")
    assert "Đã xử lý 1 nhiệm vụ, 1 nhắc việc" in first.output
    second = run("tick", now="2025-06-17T09:05:00+07:00")
    assert "Đã xử lý 0 nhiệm vụ, 0 nhắc việc" in second.output


def test_bad_input_gets_a_clear_message_and_changes_nothing(cli):
    run, tmp = cli
    bad = tmp / "bad.json"
    bad.write_text(json.dumps(small_directive(lead=["Sở Không Tồn Tại"]), ensure_ascii=False), encoding="utf-8")
    result = run("directive", "import", bad)
    assert result.exit_code == 1 and "Nhiệm vụ 1" in result.output and "Sở Không Tồn Tại" in result.output
    broken = tmp / "broken.json"
    broken.write_text('{"document": ', encoding="utf-8")
    result = run("directive", "import", broken)
    assert result.exit_code == 1 and "JSON" in result.output
    assert json.loads(run("task", "list", "--json").output)["total"] == 0
    result = run("step", "complete", "khong-co", "--as", "admin", "--data", "[1, 2]")
    assert result.exit_code == 1 and "JSON" in result.output
    result = run("task", "list", "--status", "late")
    assert result.exit_code == 1 and "Tình trạng không hợp lệ «late»" in result.output and "overdue" in result.output


def test_chidao_now_must_carry_an_offset(cli, monkeypatch):
    run, _ = cli
    monkeypatch.setenv("CHIDAO_NOW", "2025-06-02T09:00:00")
    from web.cli import common, main

    monkeypatch.setattr(common, "_services", None)
    monkeypatch.setattr(common, "_ready", False)
    result = CliRunner().invoke(main, ["task", "list"])
    assert result.exit_code != 0 and "UTC offset" in result.output


def test_commands_refuse_a_database_that_was_not_initialised(tmp_path, monkeypatch):
    from web.cli import common, main

    monkeypatch.setenv("CHIDAO_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.setattr(common, "_services", None)
    monkeypatch.setattr(common, "_ready", False)
    result = CliRunner().invoke(main, ["task", "list"])
    assert result.exit_code == 1 and "chidao init" in result.output


def test_extract_proposes_without_storing(cli, tmp_path):
    run, tmp = cli
    text = tmp / "cv.txt"
    text.write_text("UBND TỈNH AN GIANG\nSố: 12/UBND-KT\nV/v thử nghiệm\n1. Giao Sở Tài chính chủ trì "
                    "rà soát kinh phí, hoàn thành trước ngày 25/6/2025.\n", encoding="utf-8")
    result = run("directive", "extract", text, "--json")
    assert result.exit_code == 0, result.output
    proposal = json.loads(result.output)
    assert any("Sở Tài chính" in t["lead"] for t in proposal["tasks"])
    assert json.loads(run("task", "list", "--json").output)["total"] == 0


def test_extract_reads_a_scan_with_a_progress_bar_and_names_each_tasks_page(cli):
    run, _ = cli
    scan = Path(__file__).parent / "extraction" / "fixtures" / "scans" / "tb_an_giang_ket_luan_ngap_ung.pdf"
    result = run("directive", "extract", scan)
    assert result.exit_code == 0, result.output
    assert "Đang nhận dạng chữ (OCR) tb_an_giang_ket_luan_ngap_ung.pdf" in result.output
    assert "2/2" in result.output                                        # the bar reached its end
    assert "412/TB-VPUBND" in result.output and "9 nhiệm vụ đề xuất" in result.output
    assert re.search(r"II\.2\.2 .*UBND phường Long Xuyên.*\[trang 1, dòng", result.output)

"""``chidao report monthly``: the file's format follows its extension, the counts it
prints are the summary's, and every mistake is one line in Vietnamese with nothing
written."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from tests.persistence.helpers import at
from tests.persistence.monthly_fixtures import directive_of, september_story


@pytest.fixture
def report(services, monkeypatch):
    from web.cli import common, main

    september_story(services)
    services.clock.set(at(2025, 10, 6, 9))
    monkeypatch.setattr(common, "_services", services)
    monkeypatch.setattr(common, "_ready", True)

    def run(*args):
        return CliRunner().invoke(main, ["report", "monthly", *[str(a) for a in args]], catch_exceptions=False)
    run.directive = directive_of(services)
    return run


def test_docx_and_xlsx_follow_the_extension(report, tmp_path):
    out = report("--month", "2025-09", "--out", tmp_path / "thang9.DOCX")
    assert out.exit_code == 0, out.output
    assert "tổng số 7 nhiệm vụ: 01/07 đã hoàn thành đúng hạn" in out.output
    doc = Document(str(tmp_path / "thang9.DOCX"))
    assert any("tháng 09/2025" in p.text for p in doc.paragraphs)
    out = report("--month", "2025-09", "--directive", report.directive, "--out", tmp_path / "thang9.xlsx", "--as", "theodoi")
    assert out.exit_code == 0, out.output
    rows = list(load_workbook(tmp_path / "thang9.xlsx")["Nhiệm vụ"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 7


@pytest.mark.parametrize("args, message", [
    (["--month", "2025-13", "--out", "a.xlsx"], "Lỗi: Tháng không hợp lệ: «2025-13»"),
    (["--month", "2026-01", "--out", "a.xlsx"], "Lỗi: Tháng 2026-01 chưa đến"),
    (["--month", "2025-09", "--directive", "4200", "--out", "a.xlsx"], "Lỗi: Không tìm thấy văn bản «4200»"),
    (["--month", "2025-09", "--out", "a.pdf"], "Lỗi: Không biết định dạng tệp «a.pdf»"),
    (["--month", "2025-09", "--out", "a.xlsx", "--as", "cv.khcn"], "Lỗi: Chỉ lãnh đạo, cơ quan theo dõi"),
    (["--out", "a.xlsx"], "Lỗi: Tháng không hợp lệ: «»"),
    (["--month", "2025-09"], "Lỗi: Không biết định dạng tệp «»"),
])
def test_mistakes_are_one_line_and_write_nothing(report, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    out = report(*args)
    assert out.exit_code == 1 and out.output.startswith(message) and out.output.count("\n") == 1
    assert not (tmp_path / "a.xlsx").exists() and not (tmp_path / "a.pdf").exists()


def test_an_unwritable_file_is_one_line(report, tmp_path):
    out = report("--month", "2025-09", "--out", tmp_path / "khong-co" / "a.xlsx")
    assert out.exit_code == 1 and "Không ghi được tệp" in out.output and out.output.count("\n") == 1

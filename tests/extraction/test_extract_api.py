"""The contract of extract_text: schema keys, confidence, source lines, problems, and no
invented agencies; and the layering rule (engine.extraction imports no web layer)."""
import ast
import json
import re
from pathlib import Path

import pytest

import engine.extraction as extraction
from engine.extraction import extract_text
from engine.extraction.repair.keys import key as make_key

from .conftest import CORPUS, OWN, registry_for

KINDS = {"date", "month", "year", "recurring", "conditional", "none"}
VALUE = {"date": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
FILES = [CORPUS / "000_80f5e326dccb0ed9.txt", CORPUS / "001_07378020a184ad69.txt",
         CORPUS / "002_91be600319c8ab5d.txt", OWN / "cv_dong_thap.txt", OWN / "kh_an_giang_phu_luc.txt",
         OWN / "ocr_tb_quang_ninh.txt"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_result_follows_the_schema(path):
    text = path.read_text(encoding="utf-8")
    registry = registry_for(path.name)
    known = {a.name for a in registry} | {g for a in registry for g in a.groups}
    result = extract_text(text, registry, source=path.name)
    json.dumps(result, ensure_ascii=False)
    assert set(result) == {"source", "document", "tasks", "problems"}
    assert result["source"] == path.name
    assert {"number", "type", "issuer", "date", "signer", "title"} <= set(result["document"])
    lines = text.split("\n")
    for task in result["tasks"]:
        assert {"ref", "lead", "coordinating", "deadline", "product", "reporting", "summary",
                "confidence", "source_lines"} <= set(task)
        assert set(task["lead"]) <= known, task["lead"]            # never an invented name
        assert set(task["coordinating"]) <= known
        dl = task["deadline"]
        assert dl["kind"] in KINDS
        if dl["kind"] in VALUE:
            assert re.fullmatch(VALUE[dl["kind"]], dl["value"])
            assert dl["text"]
        else:
            assert dl["value"] is None
        assert 0.0 <= task["confidence"] <= 1.0
        first, last = task["source_lines"]
        assert 1 <= first <= last <= len(lines)
        covered = make_key(" ".join(lines[first - 1:last]))
        head = make_key(task["content"][:25])
        assert head.split()[0] in covered
        for field in task.get("low_confidence_fields", []):
            assert field in {"lead", "deadline", "content"}


def test_unknown_agency_is_reported_not_invented(registry):
    text = ("1. Giao Sở Kế hoạch Đầu tư rà soát danh mục dự án, hoàn thành trước ngày 30/9/2025.\n"
            "2. Giao Sở Tài chính phối hợp với Sở Thông tin và Truyền thông bố trí kinh phí.\n")
    result = extract_text(text, registry)
    first, second = result["tasks"]
    assert first["lead"] == [] and first["unresolved_agencies"] == ["Sở Kế hoạch Đầu tư"]
    assert "lead" in first["low_confidence_fields"]
    assert first["confidence"] < second["confidence"]
    assert "Không nhận ra cơ quan: «Sở Kế hoạch Đầu tư» (mục 1, dòng 1)" in result["problems"]
    assert second["lead"] == ["Sở Tài chính"]
    assert second["coordinating"] == []
    assert second["unresolved_agencies"] == ["Sở Thông tin và Truyền thông"]
    assert "Không nhận ra cơ quan: «Sở Thông tin và Truyền thông» (mục 2, dòng 2)" in result["problems"]


def test_impossible_date_is_a_problem_not_a_deadline(registry):
    result = extract_text("1. Giao Sở Y tế báo cáo kết quả, hoàn thành trước ngày 31/2/2025.\n", registry)
    task = result["tasks"][0]
    assert task["deadline"]["value"] is None
    assert task["deadline"]["kind"] == "none"
    assert "deadline" in task["low_confidence_fields"]
    assert any("31/2/2025" in p for p in result["problems"])


def test_group_without_members_on_the_date_is_flagged(registry):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nAn Giang, ngày 11 tháng 8 năm 2025\n\n"
            "1. Ủy ban nhân dân cấp huyện rà soát hồ sơ, hoàn thành trước ngày 30/8/2025.\n")
    result = extract_text(text, registry)
    assert result["tasks"][0]["lead"] == ["@ubnd_cap_huyen"]
    assert any("@ubnd_cap_huyen" in p for p in result["problems"])


def test_empty_text(registry):
    result = extract_text("", registry)
    assert result["tasks"] == []
    assert result["problems"] == ["Không tìm thấy nhiệm vụ nào trong văn bản"]


def test_extraction_imports_no_web_or_persistence():
    forbidden = {"flask", "sqlalchemy", "web", "persistence", "werkzeug", "celery"}
    for path in Path(extraction.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in forbidden, (path.name, name)


def test_every_module_says_what_it_owns():
    for path in Path(extraction.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), path.name

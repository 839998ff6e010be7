"""Directives OCR'd with Tesseract's English model, the way such text reaches the
province: each corpus directive and test fixture rendered as scanned pages with a stamp
over its signature, OCR'd with `tesseract -l eng` (make_ocr_fixtures.py), and read as
well as its clean text — scored against the clean text's annotation."""
import json

import pytest

from engine.extraction import extract_text

from .conftest import FIXTURES, registry_for
from .scoring import score
from .sources import clean_directives

ENG = FIXTURES / "ocr_eng"
NAMES = sorted(p.stem for p in ENG.glob("*.txt"))


def _gold(name: str) -> dict:
    return json.loads(clean_directives()[name].with_suffix(".json").read_text(encoding="utf-8"))


def _read(name: str) -> dict:
    return extract_text((ENG / f"{name}.txt").read_text(encoding="utf-8"), registry_for(name), source=f"{name}.txt")


def test_every_clean_fixture_has_its_eng_ocr_copy():
    assert NAMES == list(clean_directives())


@pytest.mark.parametrize("name", NAMES)
def test_eng_ocr_copy_reads_as_well_as_the_clean_text(name):
    gold, pred = _gold(name), _read(name)
    found, full, wrong = score(gold, pred)
    assert full >= 0.90, wrong


@pytest.mark.parametrize("name", NAMES)
def test_eng_ocr_copy_gives_the_document_number_and_date(name):
    gold, pred = _gold(name)["document"], _read(name)["document"]
    if gold.get("number"):
        folded = lambda s: (s or "").replace("Đ", "D")
        assert folded(pred["number"]) == folded(gold["number"])
    assert pred["date"] == gold["date"]
    assert pred["type"] == gold["type"]


def test_the_ocr_text_is_really_wrong_model_text():
    text = (ENG / "tb_ket_luan_an_giang.txt").read_text(encoding="utf-8")
    assert "Sở" not in text and "của" not in text           # no Vietnamese letters at all
    assert "Két luan" in text or "Két ludn" in text


def test_restored_tasks_keep_their_raw_ocr_lines():
    pred = _read("tb_ket_luan_an_giang")
    task = next(t for t in pred["tasks"] if t["ref"] == "3.1.-1")
    assert task["summary"].startswith("Chủ trì, phối hợp với Sở Tài chính")      # restored, readable
    rows = task["ocr_lines"]
    first, last = task["source_lines"]
    raw_lines = (ENG / "tb_ket_luan_an_giang.txt").read_text(encoding="utf-8").split("\n")
    assert [r["no"] for r in rows] == [n for n in range(first, last + 1) if raw_lines[n - 1].strip()]
    assert [r["raw"] for r in rows] == [raw_lines[r["no"] - 1] for r in rows]
    assert any("Tai chinh" in r["raw"] or "Tai chfnh" in r["raw"] for r in rows)   # as the OCR wrote it
    assert all(r["text"] != r["raw"] for r in rows)
    assert any("OCR" in p for p in pred["problems"])


def test_headings_results_and_reporting_sections_of_an_ocr_notice():
    pred = _read("tb_ket_luan_an_giang")
    by_ref = {t["ref"]: t for t in pred["tasks"]}
    assert by_ref["3.1.-1"]["lead"] == ["Sở Nội vụ"]                 # "3.1. S6 Noi vu:" heading
    assert by_ref["3.5.-1"]["lead"] == ["@ubnd_cap_xa"]
    assert not any(ref.startswith(("1", "2", "4")) for ref in by_ref)   # results, shortcomings, reporting
    assert "Sở Nội vụ trước ngày 20 hằng tháng" in pred["document"]["reporting_rule"]
    assert by_ref["3.1.-3"]["deadline"]["kind"] == "recurring"         # "hang thang"

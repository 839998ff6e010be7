"""End-to-end scores: the three corpus directives, the directives written for these tests
(other provinces and layouts), their OCR-damaged copies, and OCR-damaged copies of the
corpus made on the fly. Scored with tests/extraction/scoring.py (the pairing rule of the
corpus scorer, reimplemented)."""
import json

import pytest

from engine.extraction import extract_text

from .conftest import CORPUS, OWN, registry_for
from .ocr_damage import damage, damage_harshly
from .scoring import score

CORPUS_NAMES = ["000_80f5e326dccb0ed9", "001_07378020a184ad69", "002_91be600319c8ab5d"]
OWN_NAMES = ["cv_dong_thap", "tb_quang_ninh", "kh_an_giang_phu_luc", "tb_dong_thap_chu_de",
             "qd_quang_ninh_ke_hoach", "tb_ket_luan_an_giang", "cv_an_giang_khong_so", "kh_an_giang_bao_cao",
             "ocr_cv_dong_thap", "ocr_tb_quang_ninh", "ocr_tb_dong_thap_chu_de",
             "ocr_qd_quang_ninh_ke_hoach"]


def _run(folder, name, text=None):
    gold = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    text = text if text is not None else (folder / f"{name}.txt").read_text(encoding="utf-8")
    pred = extract_text(text, registry_for(name), source=f"{name}.txt")
    return gold, pred


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_corpus_full_f1(name):
    gold, pred = _run(CORPUS, name)
    found, full, wrong = score(gold, pred)
    assert full >= 0.95, wrong
    assert len(pred["tasks"]) == len(gold["tasks"]), wrong


@pytest.mark.parametrize("name", OWN_NAMES)
def test_own_fixtures_full_f1(name):
    gold, pred = _run(OWN, name)
    found, full, wrong = score(gold, pred)
    assert full >= 0.95, wrong


@pytest.mark.parametrize("name", CORPUS_NAMES)
@pytest.mark.parametrize("seed", [1, 2])
def test_ocr_damaged_corpus(name, seed):
    clean = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    gold, pred = _run(CORPUS, name, damage(clean, seed))
    found, full, wrong = score(gold, pred)
    assert full >= 0.9, wrong


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_harshly_damaged_corpus(name):
    clean = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    gold, pred = _run(CORPUS, name, damage_harshly(clean, 1))
    found, full, wrong = score(gold, pred)
    assert full >= 0.9, wrong


def test_ocr_copy_is_really_damaged():
    clean = (OWN / "tb_quang_ninh.txt").read_text(encoding="utf-8")
    damaged = (OWN / "ocr_tb_quang_ninh.txt").read_text(encoding="utf-8")
    assert damaged == damage(clean, 7)
    assert "Số:" not in damaged and "So: 215/TB-VP" in damaged
    pred = extract_text(damaged, registry_for("quang_ninh"))
    assert any("OCR" in p for p in pred["problems"])
    assert pred["document"]["number"] == "215/TB-VP"

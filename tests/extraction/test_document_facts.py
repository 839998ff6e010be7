"""Document facts: number and symbol, type, date, title, signer, issuer."""
import pytest

from engine.extraction import extract_text, parse_number
from engine.extraction.fields.document_facts import parse_issue_date

from .conftest import CORPUS, OWN, registry_for


@pytest.mark.parametrize("written, number, doc_type, issuer_code", [
    ("Số: 84/TB-VP", "84/TB-VP", "TB", "VP"),
    ("181/KH-UBND", "181/KH-UBND", "KH", "UBND"),
    ("Số: 470/UBND-KGVX", "470/UBND-KGVX", "CV", "UBND-KGVX"),
    ("Số 02-KH/BCĐTW", "02-KH/BCĐTW", "KH", "BCĐTW"),
    ("Số:           /UBND-KGVX", None, "CV", "UBND-KGVX"),
    ("Số:   /TB-VP", None, "TB", "VP"),
    ("Số: 125/QĐ-UBND", "125/QĐ-UBND", "QD", "UBND"),
    ("Số: 15/CT-UBND", "15/CT-UBND", "CT", "UBND"),
    ("S6: 84/TB-VP", "84/TB-VP", "TB", "VP"),
    ("Số:  01/KH-TCT01 An Giang, ngày 04 tháng 4 năm 2025", "01/KH-TCT01", "KH", "TCT01"),
])
def test_number_and_symbol(written, number, doc_type, issuer_code):
    info = parse_number(written)
    assert info is not None
    assert (info.number, info.type, info.issuer_code) == (number, doc_type, issuer_code)


@pytest.mark.parametrize("written", ["Sở Y tế", "số hóa hồ sơ", "Số liệu báo cáo"])
def test_not_a_number_line(written):
    assert parse_number(written) is None


@pytest.mark.parametrize("written, value", [
    ("An Giang, ngày 04 tháng 4 năm 2025", "2025-04-04"),
    ("An Giang, ngày        tháng 6 năm 2025", "2025-06"),
    ("Quang Ninh, ngay 14 thang 8 nam 2025", "2025-08-14"),
    ("Hà Nội, ngày 10 tháng 13 năm 2025", None),
])
def test_issue_date(written, value):
    assert parse_issue_date(written) == value


@pytest.mark.parametrize("name, expected", [
    ("000_80f5e326dccb0ed9.txt", {"number": None, "type": "TB", "date": None,
                                  "signer": "Lê Kỳ Quang", "issuer": "Văn phòng UBND tỉnh An Giang"}),
    ("001_07378020a184ad69.txt", {"number": None, "type": "CV", "date": "2025-06",
                                  "signer": "Hồ Văn Mừng", "issuer": "UBND tỉnh An Giang"}),
    ("002_91be600319c8ab5d.txt", {"number": "01/KH-TCT01", "type": "KH", "date": "2025-04-04",
                                  "signer": "Hồ Văn Mừng", "issuer": "Tổ Công tác số 01 tỉnh An Giang"}),
])
def test_corpus_document_facts(name, expected):
    doc = extract_text((CORPUS / name).read_text(encoding="utf-8"), registry_for(name))["document"]
    assert {k: doc[k] for k in expected} == expected


@pytest.mark.parametrize("name", ["cv_dong_thap.txt", "tb_quang_ninh.txt", "kh_an_giang_phu_luc.txt"])
def test_own_fixture_document_facts(name):
    import json

    gold = json.loads((OWN / name.replace(".txt", ".json")).read_text(encoding="utf-8"))["document"]
    doc = extract_text((OWN / name).read_text(encoding="utf-8"), registry_for(name))["document"]
    for key in ("number", "type", "date", "signer", "title", "issuer"):
        assert doc[key] == gold[key], key


def test_titles_of_the_corpus():
    doc = extract_text((CORPUS / "001_07378020a184ad69.txt").read_text(encoding="utf-8"),
                       registry_for("001"))["document"]
    assert doc["title"].startswith("V/v triển khai thực hiện Kế hoạch số 02-KH/BCĐTW ngày 19/6/2025")
    assert doc["title"].endswith("đổi mới sáng tạo và chuyển đổi số")
    assert doc["default_deadline"]["value"] == "2025-06-30"
    doc = extract_text((CORPUS / "002_91be600319c8ab5d.txt").read_text(encoding="utf-8"),
                       registry_for("002"))["document"]
    assert doc["title"].endswith("thực hiện mục tiêu tăng trưởng năm 2025")
    assert "trước ngày 15 hàng tháng" in doc["reporting_rule"]

"""Agency resolution reports what the registry does not know instead of inventing it: a
ministry is not the department of the same field, another province's department is not
ours, a commune with another name is not a commune we know; and lists that share one
prefix ("UBND các phường A, B và C") name each unit."""
from datetime import date

import pytest

from engine.extraction import AgencyMatcher, extract_text
from engine.extraction.repair.keys import key


@pytest.fixture(scope="module")
def matcher(registry):
    return AgencyMatcher(registry, on=date(2025, 9, 1))


@pytest.mark.parametrize("clean, expected", [
    ("Bộ Nội vụ hướng dẫn", "bo noi vu huong dan"),
    ("các cơ quan chuyên môn", "cac co quan chuyen mon"),
    ("trong quá trình triển khai", "trong qua trinh trien khai"),
    ("Bộ Tư pháp", "bo tu phap"),
])
def test_clean_words_are_never_repaired(clean, expected):
    assert key(clean) == expected


@pytest.mark.parametrize("damaged, expected", [
    ("hoam thanh truoc ngay", "hoan thanh truoc ngay"),
    ("Mam 2026", "nam 2026"),
    ("Cha tri, phoi hop", "chu tri, phoi hop"),
])
def test_ocr_confusions_are_still_repaired(damaged, expected):
    assert key(damaged) == expected


@pytest.mark.parametrize("written", [
    "Bộ Nội vụ", "Bộ Tư pháp", "Bộ Xây dựng", "Bộ Giáo dục và Đào tạo", "Bộ Công Thương",
    "Bộ Nông nghiệp và Môi trường", "Bo Noi vu",
])
def test_a_ministry_is_not_the_department_of_its_field(matcher, written):
    assert matcher.match(written).agency_name is None


@pytest.mark.parametrize("written", [
    "Sở Tài chính tỉnh Đồng Tháp", "Sở Y tế tỉnh Cà Mau", "Công an tỉnh Long An",
    "Sở Xây dựng thành phố Cần Thơ",
])
def test_another_provinces_department_is_unknown(matcher, written):
    assert matcher.match(written).agency_name is None


@pytest.mark.parametrize("written, name", [
    ("Sở Tài chính tỉnh An Giang", "Sở Tài chính"),
    ("Sở Khoa học và Công nghệ tỉnh Kiên Giang", "Sở Khoa học và Công nghệ tỉnh Kiên Giang"),
    ("UBND xa Vinh Hau", "UBND xã Vĩnh Hậu"),
    ("Uy ban nhan dan xa Nhon Hoi", "UBND xã Nhơn Hội"),
    ("UBND xã Mỹ Hoà Hưng", "UBND xã Mỹ Hòa Hưng"),
    ("UBND phường Vinb Tế", "UBND phường Vĩnh Tế"),
])
def test_own_units_still_resolve_with_accent_loss_and_ocr(matcher, written, name):
    assert matcher.match(written).agency_name == name


@pytest.mark.parametrize("written", [
    "UBND xã Mỹ Hòa", "UBND xã Tân Hòa", "UBND phường Long Phước", "UBND xã Bình Thạnh",
    "Ủy ban nhân dân xã Vĩnh Hưng",
])
def test_a_place_with_another_name_is_unknown(matcher, written):
    assert matcher.match(written).agency_name is None


def test_shared_prefix_lists_name_each_unit(matcher):
    text = "Riêng UBND các phường Long Xuyên, Rạch Giá và Châu Đốc: thành lập tổ phản ứng nhanh"
    found = matcher.parse_list(text, text.index("UBND"))
    assert found.resolved == ["UBND phường Long Xuyên", "UBND phường Rạch Giá", "UBND phường Châu Đốc"]
    assert text[found.end:].startswith(":")


def test_shared_prefix_list_reports_the_unit_it_does_not_know(matcher):
    text = "Ủy ban nhân dân các xã Vĩnh Hậu, Mỹ Hòa, Khánh Bình rà soát hồ sơ"
    found = matcher.parse_list(text, 0)
    assert found.resolved == ["UBND xã Vĩnh Hậu", "UBND xã Khánh Bình"]
    assert [m.text for m in found.unknown] == ["UBND xã Mỹ Hòa"]


def test_unknown_names_are_named_in_full(matcher):
    text = "Chủ trì, phối hợp với Kho bạc Nhà nước khu vực XV và Điện lực Cần Thơ theo dõi"
    found = matcher.parse_list(text, text.index("Kho"), stop_on_space=False)
    assert [m.text for m in found.unknown] == ["Kho bạc Nhà nước khu vực XV", "Điện lực Cần Thơ"]
    text = "Chủ trì, phối hợp với Kho bạc Nhà nước khu vực XV theo dõi tình hình giải ngân"
    found = matcher.parse_list(text, text.index("Kho"))
    assert [m.text for m in found.unknown] == ["Kho bạc Nhà nước khu vực XV"]


def test_a_bare_head_name_is_reported(matcher):
    found = matcher.parse_list("Đề nghị Tỉnh Đoàn, Hội Nông dân tỉnh vận động", len("Đề nghị "))
    assert [m.text for m in found.unknown] == ["Tỉnh Đoàn", "Hội Nông dân tỉnh"]


def test_parenthesised_unit_specifies_the_agency_before_it(matcher):
    text = "Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công tỉnh) xây dựng quy trình"
    found = matcher.parse_list(text, 0)
    assert found.resolved == ["Văn phòng UBND tỉnh"]
    assert text[found.end:].lstrip().startswith("xây dựng")


def test_tasks_never_receive_an_invented_agency(registry):
    text = """Ủy ban nhân dân tỉnh yêu cầu các cơ quan thực hiện các nội dung sau:
1. Giao Sở Tài chính chủ trì, phối hợp với Bộ Nội vụ rà soát biên chế, hoàn thành trong
tháng 10/2025.
2. Đề nghị Bộ Xây dựng hướng dẫn định mức chi phí, hoàn thành trước ngày 15/10/2025.
3. Giao Văn phòng Ủy ban nhân dân tỉnh (Trung tâm Phục vụ hành chính công tỉnh) xây dựng
quy trình tiếp nhận hồ sơ tại nhà, trình Ủy ban nhân dân tỉnh trong tháng 11/2025.
4. Sở Y tế tỉnh Đồng Tháp phối hợp cung cấp số liệu dịch bệnh vùng giáp ranh.
"""
    result = extract_text(text, registry)
    tasks = {t["ref"]: t for t in result["tasks"]}
    assert set(tasks) == {"1", "2", "3", "4"}
    assert tasks["1"]["lead"] == ["Sở Tài chính"]
    assert tasks["1"]["coordinating"] == [] and tasks["1"]["unresolved_agencies"] == ["Bộ Nội vụ"]
    assert tasks["2"]["lead"] == [] and tasks["2"]["unresolved_agencies"] == ["Bộ Xây dựng"]
    assert tasks["3"]["lead"] == ["Văn phòng UBND tỉnh"]
    assert tasks["4"]["lead"] == [] and tasks["4"]["unresolved_agencies"] == ["Sở Y tế tỉnh Đồng Tháp"]
    assert any("Bộ Xây dựng" in p and "mục 2" in p and "chủ trì" in p for p in result["problems"])

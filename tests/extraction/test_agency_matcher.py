"""Agency matching: aliases, abbreviations, OCR noise, groups by date, unknown names."""
from datetime import date

import pytest

from engine.extraction import AgencyMatcher, MatchResult


@pytest.fixture(scope="module")
def matcher(registry):
    return AgencyMatcher(registry, on=date(2025, 8, 11))


@pytest.mark.parametrize("written, name", [
    ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"),
    ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
    ("VP UBND tỉnh", "Văn phòng UBND tỉnh"),
    ("VP. UBND tỉnh", "Văn phòng UBND tỉnh"),
    ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh"),
    ("BHXH tỉnh", "Bảo hiểm Xã hội tỉnh"),
    ("Giám đốc Sở Y tế", "Sở Y tế"),
    ("Sở Y tế tỉnh An Giang", "Sở Y tế"),
    ("Sở Khoa học và Công nghệ tỉnh Kiên Giang", "Sở Khoa học và Công nghệ tỉnh Kiên Giang"),
    ("Chi Cục Thuế khu vực XIX", "Chi cục Thuế khu vực XIX"),
])
def test_aliases_and_abbreviations(matcher, written, name):
    result = matcher.match(written)
    assert isinstance(result, MatchResult)
    assert (result.agency_name, result.ambiguous) == (name, False)
    assert result.score >= 88


@pytest.mark.parametrize("written, name", [
    ("S6 Noi vu", "Sở Nội vụ"),
    ("So Tai chinh", "Sở Tài chính"),
    ("Cong an tinh", "Công an tỉnh"),
    ("So Khoa hoc va Cong nghé", "Sở Khoa học và Công nghệ"),
    ("Sở Khoa hoc và Cdng nghệ", "Sở Khoa học và Công nghệ"),
    ("Trung tam phuc vu hanh chinh cdng tinh", "Trung tâm Phục vụ hành chính công tỉnh"),
    ("Sở Giáo duc và Đao tạo", "Sở Giáo dục và Đào tạo"),
    ("Van phong UBMD tinh", "Văn phòng UBND tỉnh"),
])
def test_ocr_noise(matcher, written, name):
    assert matcher.match(written).agency_name == name


def test_similar_names_are_not_confused(matcher):
    assert matcher.match("Sở Nội vụ").agency_name == "Sở Nội vụ"
    assert matcher.match("Sở Ngoại vụ").agency_name == "Sở Ngoại vụ"
    assert matcher.match("Sở Tư pháp").agency_name == "Sở Tư pháp"


@pytest.mark.parametrize("written", [
    "Sở Kế hoạch và Đầu tư", "Sở Kế hoạch Đầu tư", "Sở Lao động - Thương binh và Xã hội",
    "Sở Thông tin và Truyền thông", "Ban Dân tộc tỉnh",
])
def test_unknown_agencies_are_not_invented(matcher, written):
    result = matcher.match(written)
    assert result.agency_name is None


@pytest.mark.parametrize("written, tokens", [
    ("Sở, ban, ngành tỉnh", ("@so_ban_nganh",)),
    ("các sở, ban, ngành", ("@so_ban_nganh",)),
    ("các Sở ngành liên quan", ("@so_ban_nganh",)),
    ("Các Sở, ban, ngành, địa phương", ("@so_ban_nganh", "@ubnd_cap_xa")),
    ("UBND các xã, phường, đặc khu", ("@ubnd_cap_xa",)),
    ("Chủ tịch UBND các xã, phường, đặc khu", ("@ubnd_cap_xa",)),
    ("Ủy ban nhân dân huyện, thị xã, thành phố", ("@ubnd_cap_huyen",)),
    ("Uy ban nhan dan xi, phuong, dac khu", ("@ubnd_cap_xa",)),
])
def test_group_phrases(matcher, written, tokens):
    assert matcher.match(written).names == tokens


def test_local_level_follows_the_directive_date(registry):
    before = AgencyMatcher(registry, on=date(2025, 4, 4))
    after = AgencyMatcher(registry, on=date(2025, 8, 11))
    assert before.match("Các địa phương").agency_name == "@ubnd_cap_huyen"
    assert after.match("Các địa phương").agency_name == "@ubnd_cap_xa"


def test_find_all_gives_names_spans_and_scores(matcher):
    text = "Chủ trì, phối hợp với Sở KH&CN, Sở Nội vụ, Văn phòng \n\nUBND tỉnh khẩn trương tham mưu"
    found = matcher.find_all(text)
    assert [f[0] for f in found] == ["Sở Khoa học và Công nghệ", "Sở Nội vụ", "Văn phòng UBND tỉnh"]
    for name, (start, end), score in found:
        assert 0 <= start < end <= len(text)
        assert score == 100.0
    assert text[found[0][1][0]:found[0][1][1]] == "Sở KH&CN"


def test_parse_list_reports_unknown_names(matcher):
    text = "Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp Sở Tài chính"
    found = matcher.parse_list(text, 5)
    assert found.resolved == []
    assert [m.text for m in found.unknown] == ["Sở Kế hoạch và Đầu tư"]


def test_cut_names_resolve_only_where_allowed(matcher):
    text = "Sở Nông nghiệp và Sở Khoa học và Công"
    strict = matcher.parse_list(text, 0, stop_on_space=False)
    assert "Sở Nông nghiệp và Môi trường" not in strict.resolved
    lenient = matcher.parse_list(text, 0, allow_prefix=True, stop_on_space=False)
    assert lenient.resolved == ["Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ"]
    assert all(m.truncated for m in lenient.mentions)
    assert lenient.seps == ["space"]


def test_generic_phrases_name_no_agency(matcher):
    found = matcher.parse_list("Sở Tài chính và các cơ quan, đơn vị có liên quan xây dựng", 0)
    assert found.resolved == ["Sở Tài chính"]

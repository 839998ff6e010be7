"""Deadline phrases: every phrasing of DESIGN.md and the corpus, OCR variants, and
dates that do not exist."""
import pytest

from engine.extraction.fields.deadlines import choose_deadline, find_deadlines, parse_deadline_phrase


@pytest.mark.parametrize("phrase, kind, value, before", [
    ("hoàn thành trước ngày 25/6/2025", "date", "2025-06-25", True),
    ("Hoàn thành trước ngày 25/6/2025", "date", "2025-06-25", True),
    ("trước ngày 01/6/2025", "date", "2025-06-01", True),
    ("chậm nhất 15/8/2025", "date", "2025-08-15", False),
    ("Hoàn thành chậm nhất ngày 15/8/2025", "date", "2025-08-15", False),
    ("Hoan thanh cham nhat 15/8/2025", "date", "2025-08-15", False),
    ("Hoan thanh truoc ngay 25/6/2025", "date", "2025-06-25", True),
    ("Hoàn thành thành trước ngày 25/6/2025", "date", "2025-06-25", True),
    ("hoàn thành các nhiệm vụ đến ngày 30/6/2025", "date", "2025-06-30", False),
    ("30/11/2025", "date", "2025-11-30", False),
    ("Trước 31/12/2025", "date", "2025-12-31", True),
    ("ngày 15 tháng 8 năm 2025", "date", "2025-08-15", False),
    ("trong tháng 6/2025", "month", "2025-06", None),
    ("Thời gian hoàn thành trong tháng 06/2025", "month", "2025-06", None),
    ("cuối tháng 5/2025", "month", "2025-05", None),
    ("hoàn thành cuối tháng 5/2025", "month", "2025-05", None),
    ("Tháng 3/2025", "month", "2025-03", None),
    ("7/2025", "month", "2025-07", None),
    ("12/2028", "month", "2028-12", None),
    ("Quý IV/2025", "month", "2025-12", None),
    ("trong quý I năm 2026", "month", "2026-03", None),
    ("Năm 2025", "year", "2025", None),
    ("hoàn thành trong năm 2025", "year", "2025", None),
    ("Năm 2025 và các năm tiếp theo", "year", "2025", None),
    ("Năm 2025 và những năm tiếp theo", "year", "2025", None),
    ("thường xuyên", "recurring", None, None),
    ("Thường xuyên", "recurring", None, None),
    ("Nhiệm vụ thường xuyên", "recurring", None, None),
    ("hằng tháng", "recurring", None, None),
    ("Hàng năm", "recurring", None, None),
    ("hàng năm", "recurring", None, None),
    ("thuong xuyen", "recurring", None, None),
    ("khi có Quyết định của Thủ tướng", "conditional", None, None),
    ("Khi có Quyết định của Thủ tướng Chính phủ", "conditional", None, None),
    ("tại kỳ họp gần nhất", "conditional", None, None),
    ("Khi Bộ Công an ban hành hướng dẫn", "conditional", None, None),
    ("", "none", None, None),
    ("Báo cáo kết quả thực hiện", "none", None, None),
])
def test_phrase(phrase, kind, value, before):
    dl = parse_deadline_phrase(phrase)
    assert (dl.kind, dl.value) == (kind, value)
    if kind == "date":
        assert dl.to_dict()["before"] is before
    if phrase:
        assert dl.text == phrase


@pytest.mark.parametrize("phrase", [
    "Hoàn thành trước ngày 31/2/2025", "chậm nhất 30/2/2025", "31/4/2025", "trong tháng 13/2025",
])
def test_impossible_dates_give_no_value(phrase):
    dl = parse_deadline_phrase(phrase)
    assert dl.value is None
    assert dl.kind == "none"
    assert dl.problem


@pytest.mark.parametrize("ocr, kind, value", [
    ("Hoan thanh cham nhat l5/8/2O25", "date", "2025-08-15"),
    ("hoan thamh truoc ngay 30/6/2025", "date", "2025-06-30"),
    ("Mam 2025", "year", "2025"),
    ("trong thang O6/2025", "month", "2025-06"),
    ("Thuờng xuyén", "recurring", None),
])
def test_ocr_variants(ocr, kind, value):
    dl = parse_deadline_phrase(ocr)
    assert (dl.kind, dl.value) == (kind, value)


def _chosen(text, **kw):
    primary, extra = choose_deadline(find_deadlines(text, **kw))
    return primary, extra


def test_running_text_takes_the_first_stated_deadline_and_keeps_the_others():
    text = ("Chủ trì, phối hợp các cơ quan hoàn thành việc tích hợp dịch vụ công trực tuyến trước ngày "
            "25/6/2025; khắc phục ngay các bất cập, hoàn thành trước ngày 30/6/2025.")
    primary, extra = _chosen(text)
    assert (primary.kind, primary.value, primary.before) == ("date", "2025-06-25", True)
    assert [(d.kind, d.value) for d in extra] == [("date", "2025-06-30")]
    assert primary.text == "trước ngày 25/6/2025"


def test_document_dates_are_not_deadlines():
    text = ("Tập trung triển khai Chương trình số 32-CTr/TU ngày 24/02/2025 của Ban Thường vụ "
            "Tỉnh ủy và Quyết định số 09/2025/QĐ-TTg ngày 14/4/2025.")
    primary, _ = _chosen(text)
    assert primary.kind == "none"


def test_content_years_and_cadences_are_not_deadlines():
    assert _chosen("Xây dựng kế hoạch chi tiết để thực hiện hằng tháng.")[0].kind == "none"
    assert _chosen("bảo đảm 3% tổng chi ngân sách nhà nước hằng năm cho khoa học")[0].kind == "none"
    primary, _ = _chosen("báo cáo lộ trình thực hiện trong năm 2025. Thời gian hoàn thành trước ngày 30/5/2025.")
    assert (primary.kind, primary.value) == ("date", "2025-05-30")


def test_completion_beats_condition_and_condition_beats_nothing():
    primary, _ = _chosen("công khai ngay khi Bộ công bố thủ tục hành chính. Hoàn thành trước ngày 25/6/2025.")
    assert primary.kind == "date"
    primary, _ = _chosen("trình Hội đồng nhân dân tỉnh xem xét, ban hành tại kỳ họp gần nhất.")
    assert (primary.kind, primary.text) == ("conditional", "tại kỳ họp gần nhất")
    primary, _ = _chosen("Trường hợp cấp huyện kết thúc hoạt động, cấp xã tiếp tục thực hiện.")
    assert primary.kind == "conditional"
    assert primary.text.startswith("Trường hợp cấp huyện")


def test_recurring_duties_in_running_text():
    assert _chosen("Đẩy mạnh kết nối dữ liệu. Nhiệm vụ thường xuyên.")[0].kind == "recurring"
    assert _chosen("Định kỳ hằng tháng báo cáo kết quả về Sở Nội vụ.")[0].kind == "recurring"
    assert _chosen("Chủ trì theo dõi; định kỳ 6 tháng, năm tổng hợp, báo cáo UBND tỉnh.")[0].kind == "recurring"


def test_ready_from_a_date_means_before_that_date():
    primary, _ = _chosen("công khai danh mục đáp ứng yêu cầu triển khai thực hiện từ ngày 01/7/2025.")
    assert (primary.kind, primary.value, primary.before) == ("date", "2025-07-01", True)
    assert primary.strength == "weak"


def test_date_without_year_uses_the_default_year():
    primary, _ = _chosen("Báo cáo Ủy ban nhân dân tỉnh trước ngày 20/10.", default_year=2025)
    assert (primary.kind, primary.value) == ("date", "2025-10-20")

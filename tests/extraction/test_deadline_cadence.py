"""Cadences, ranges and the less common deadline phrasings, in running task text:
which read as recurring, which as a date, a year, a month or a condition, and which
are not deadlines at all."""
import pytest

from engine.extraction import extract_text
from engine.extraction.fields.deadlines import choose_deadline, find_deadlines


def _chosen(text):
    return choose_deadline(find_deadlines(text, default_year=2025))[0]


@pytest.mark.parametrize("text", [
    "Cập nhật số liệu tiêm chủng lên hệ thống chậm nhất ngày 05 hằng tháng.",
    "Gửi báo cáo tình hình vào ngày 20 hàng tháng để tổng hợp.",
    "Định kỳ ngày 25 hằng tháng gửi số liệu về Sở Tài chính.",
    "Cập nhật dữ liệu ngày 10 mỗi tháng lên hệ thống.",
    "Tổng hợp kết quả, báo cáo Sở Tài chính trước ngày 10 của tháng cuối quý.",
    "Theo dõi tiến độ các công trình; hằng tuần tổng hợp khó khăn, báo cáo Chủ tịch.",
    "Tổ chức kiểm tra vệ sinh an toàn thực phẩm tại các bếp ăn tập thể định kỳ hằng quý.",
    "Thường xuyên kiểm tra, giám sát chất lượng nước sinh hoạt tại các trạm cấp nước.",
    "Tổ chức diễn tập phương án chữa cháy ít nhất 02 lần/năm tại các chợ.",
    "Kiểm tra hiện trường tối thiểu 1 lần mỗi tháng, lập biên bản.",
    "Coi đây là nhiệm vụ trọng tâm, thường xuyên của cơ quan, đơn vị.",
    "Rà soát hồ sơ tồn đọng (hằng tháng) và báo cáo kết quả.",
])
def test_cadences_that_govern_the_task_are_recurring(text):
    assert _chosen(text).kind == "recurring", text


@pytest.mark.parametrize("text", [
    "Xây dựng kế hoạch chi tiết để triển khai hằng tháng, nhằm bảo đảm tiến độ.",
    "Xây dựng kế hoạch chi tiết để thực hiện hằng quý.",
    "Bảo đảm 2% tổng chi ngân sách hằng năm cho chuyển đổi số.",
    "Thực hiện gửi số liệu báo cáo định kỳ hằng tháng đối với chỉ tiêu kinh tế - xã hội.",
    "Tổ chức thường xuyên hơn các buổi đối thoại với doanh nghiệp",
])
def test_cadences_inside_a_phrase_are_not_deadlines(text):
    assert _chosen(text).kind == "none", text


def test_a_stated_date_beats_a_cadence():
    dl = _chosen("Hằng tháng báo cáo tiến độ; hoàn thành việc lắp đặt trước ngày 30/9/2025.")
    assert (dl.kind, dl.value) == ("date", "2025-09-30")


@pytest.mark.parametrize("text, kind, value", [
    ("Tổ chức tháng cao điểm tiêm chủng từ ngày 01/9/2025 đến ngày 30/9/2025.", "date", "2025-09-30"),
    ("Mở đợt hỗ trợ người dân từ 5/10 đến hết ngày 20/10/2025.", "date", "2025-10-20"),
    ("Duy trì bộ phận trực tuyến đến hết ngày 31/12/2025.", "date", "2025-12-31"),
    ("Hoàn thiện hồ sơ đề nghị công nhận trong năm 2026.", "year", "2026"),
    ("Duy trì đường dây nóng tiếp nhận phản ánh đến hết năm 2026.", "year", "2026"),
    ("Triển khai thí điểm tại ba phường trong 6 tháng cuối năm 2025.", "month", "2025-12"),
    ("Sơ kết mô hình trong 6 tháng đầu năm 2026.", "month", "2026-06"),
    ("Tổ chức thực hiện sau khi được Ủy ban nhân dân tỉnh phê duyệt chủ trương.", "conditional", None),
    ("Triển khai mua sắm sau khi Hội đồng nhân dân tỉnh thông qua dự toán.", "conditional", None),
    ("Giải ngân khi được cấp có thẩm quyền bố trí vốn.", "conditional", None),
])
def test_less_common_phrasings(text, kind, value):
    dl = _chosen(text)
    assert (dl.kind, dl.value) == (kind, value), text
    if kind == "date":
        assert dl.before is False


@pytest.mark.parametrize("text", [
    "Tính đến ngày 31/7/2025, tỷ lệ giải ngân đạt 40% kế hoạch.",
    "Số liệu tính đến hết ngày 30/6/2025 cho thấy nhiều dự án chậm.",
    "Đánh giá mức độ hoàn thành nhiệm vụ năm 2025 của tập thể lãnh đạo.",
])
def test_dates_that_report_a_state_are_not_deadlines(text):
    assert _chosen(text).kind == "none", text


def test_a_footnote_marker_glued_to_the_year_is_read_and_flagged(registry):
    text = """Ủy ban nhân dân tỉnh yêu cầu:
1. Sở Công Thương hoàn thiện đề án phát triển chợ đầu mối, trình Ủy ban nhân dân tỉnh
trước ngày 15/11/20253.
2. Sở Y tế hoàn thành tiêm chủng mở rộng trước ngày 30/11/2025.

3 Thời hạn đã được điều chỉnh theo Công văn số 12/UBND-KT.
"""
    result = extract_text(text, registry)
    first, second = result["tasks"]
    assert (first["deadline"]["kind"], first["deadline"]["value"]) == ("date", "2025-11-15")
    assert "deadline" in first["low_confidence_fields"]
    assert first["confidence"] < second["confidence"]
    assert any("15/11/20253" in p and "chú thích" in p for p in result["problems"])


def test_a_cadence_read_from_a_clause_lowers_confidence(registry):
    text = """Ủy ban nhân dân tỉnh yêu cầu:
1. Sở Y tế kiểm tra an toàn thực phẩm tại các bếp ăn tập thể. Thời gian thực hiện: thường xuyên.
2. Sở Công Thương kiểm tra thị trường hàng Tết; hằng tuần tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh.
"""
    first, second = extract_text(text, registry)["tasks"]
    assert first["deadline"]["kind"] == second["deadline"]["kind"] == "recurring"
    assert "deadline" not in first.get("low_confidence_fields", [])
    assert "deadline" in second["low_confidence_fields"]
    assert second["confidence"] < first["confidence"]

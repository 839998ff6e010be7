"""Layout and outline: footnotes, page numbers, the closing formula, addressees,
numbering that fits, background sections and the references of items."""
from engine.extraction import extract_text
from engine.extraction.layout.regions import analyse
from engine.extraction.structure.outline import parse_outline, walk

from .conftest import CORPUS

TB = """THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh về chuyển đổi số

Ngày 02/7/2025, Chủ tịch UBND tỉnh chủ trì cuộc họp. Nhiều chỉ tiêu chưa đạt1, đồng chí
Chủ tịch UBND tỉnh kết luận như sau:

I. KẾT QUẢ ĐẠT ĐƯỢC
- Sở Y tế đã hoàn thành số hóa hồ sơ trước ngày 30/6/2025.
II. NHIỆM VỤ THỜI GIAN TỚI
1. Giao Sở Y tế
a) Triển khai bệnh án điện tử tại các bệnh viện tuyến tỉnh, hoàn thành trước ngày
30/9/2025, bảo đảm kết nối với Hệ thống thông tin
1 Sở Y tế, Sở Tài chính.
3
khám chữa bệnh của Bộ Y tế.
b) Báo cáo kết quả thực hiện về UBND tỉnh trước ngày 15/10/2025.
2. Công an tỉnh chủ trì, phối hợp với Sở Tư pháp hoàn thành cấp căn cước cho người dân
trong tháng 8/2025. Năm
2025 là năm bản lề.

Văn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.

Nơi nhận:
- Sở Y tế;
- Lưu: VT.
"""


def test_footnotes_and_page_numbers_are_not_text():
    layout = analyse(TB)
    assert [ln.stripped for ln in layout.footnotes] == ["1 Sở Y tế, Sở Tài chính."]
    body = [ln.stripped for ln in layout.body]
    assert "3" not in body
    assert "1 Sở Y tế, Sở Tài chính." not in body


def test_closing_formula_is_cut_from_the_last_item():
    layout = analyse(TB)
    assert layout.closing[0].stripped.startswith("Văn phòng UBND tỉnh thông báo")
    assert all("thông báo để" not in ln.text for ln in layout.body)


def test_outline_refs_and_background(registry):
    root = parse_outline(analyse(TB).body)
    items = {it.ref: it for it in walk(root)}
    assert set(items) == {"I", "I.-1", "II", "II.1", "II.1.a", "II.1.b", "II.2"}
    assert items["I.-1"].is_background()
    assert not items["II.1.a"].is_background()
    text, _ = items["II.1.a"].own_text()
    assert text.endswith("khám chữa bệnh của Bộ Y tế.")       # the footnote no longer splits it
    text, _ = items["II.2"].own_text()
    assert "Năm 2025 là năm bản lề" in text                   # "2025" is not a heading


def test_extracted_tasks_of_the_small_notice(registry):
    result = extract_text(TB, registry)
    tasks = {t["ref"]: t for t in result["tasks"]}
    assert set(tasks) == {"II.1.a", "II.1.b", "II.2"}
    assert tasks["II.1.a"]["lead"] == ["Sở Y tế"]
    assert tasks["II.1.a"]["deadline"]["value"] == "2025-09-30"
    assert tasks["II.1.b"]["deadline"]["value"] == "2025-10-15"
    assert tasks["II.2"]["lead"] == ["Công an tỉnh"]
    assert tasks["II.2"]["coordinating"] == ["Sở Tư pháp"]
    assert (tasks["II.2"]["deadline"]["kind"], tasks["II.2"]["deadline"]["value"]) == ("month", "2025-08")
    assert tasks["II.1.a"]["source_lines"] == [11, 15]     # footnote lines inside are skipped


def test_corpus_000_footnotes_and_late_letters(registry):
    text = (CORPUS / "000_80f5e326dccb0ed9.txt").read_text(encoding="utf-8")
    layout = analyse(text)
    assert [ln.no for ln in layout.footnotes] == [82, 83, 84, 185, 186, 187, 188, 189, 190, 191, 192, 193]
    refs = [it.ref for it in walk(parse_outline(layout.body))]
    assert refs[:9] == ["1", "1.a", "1.b", "1.c", "1.d", "1.đ", "1.g", "1.e", "2"]


def test_corpus_001_second_section_two_and_plus_items(registry):
    text = (CORPUS / "001_07378020a184ad69.txt").read_text(encoding="utf-8")
    layout = analyse(text)
    assert [ln.no for ln in layout.addressees][0] == 25
    refs = [it.ref for it in walk(parse_outline(layout.body))]
    assert "2'.a" in refs and "5.-3.+2" in refs
    result = extract_text(text, registry)
    tasks = {t["ref"]: t for t in result["tasks"]}
    assert "5.-3" not in tasks                       # it only introduces its "+" items
    assert tasks["5.-3.+1"]["lead"] == ["@ubnd_cap_huyen"]


def test_kinh_gui_addressees_lead_items_without_their_own(registry):
    text = """Kính gửi: Sở Y tế.

Ủy ban nhân dân tỉnh có ý kiến như sau:
1. Rà soát danh mục thuốc thiết yếu, hoàn thành trước ngày 20/9/2025.
2. Báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện trước ngày 30/9/2025.
"""
    result = extract_text(text, registry)
    assert [t["lead"] for t in result["tasks"]] == [["Sở Y tế"], ["Sở Y tế"]]
    assert all("lead" in t["low_confidence_fields"] for t in result["tasks"])


def test_intro_sentence_gives_the_lead_of_its_list(registry):
    text = """Chủ tịch Ủy ban nhân dân tỉnh yêu cầu Giám đốc Sở Xây dựng thực hiện các nội dung sau:
- Kiểm tra an toàn các công trình, hoàn thành trước ngày 10/10/2025.
- Tổng hợp kết quả, báo cáo trong tháng 10/2025.
"""
    result = extract_text(text, registry)
    assert [t["lead"] for t in result["tasks"]] == [["Sở Xây dựng"], ["Sở Xây dựng"]]
    assert [t["ref"] for t in result["tasks"]] == ["-1", "-2"]


def test_a_heading_deadline_covers_its_items(registry):
    text = """1. Đồng chí Giám đốc Sở Nội vụ chỉ đạo thực hiện các nội dung sau, hoàn thành trước ngày
15/11/2025:
a) Rà soát vị trí việc làm của các cơ quan, đơn vị.
b) Tổng hợp nhu cầu tuyển dụng, chậm nhất ngày 30/11/2025.
"""
    tasks = {t["ref"]: t for t in extract_text(text, registry)["tasks"]}
    assert tasks["1.a"]["lead"] == ["Sở Nội vụ"]
    assert tasks["1.a"]["deadline"]["value"] == "2025-11-15"
    assert "deadline" in tasks["1.a"]["low_confidence_fields"]
    assert tasks["1.b"]["deadline"]["value"] == "2025-11-30"

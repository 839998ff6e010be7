"""The reading stage on the things real files do: a DOCX whose item is cut by a page
break and a footnote (Word's own, and the small-print paragraph a document converted
from PDF carries), superscript footnote marks, a two-column header whose "V/v" title
must not swallow the date line; a text PDF with page numbers, a running footer and a
footnote block; OCR lines with their page, confidence and box, the unsure ones listed
with page and line; Tesseract missing, without its Vietnamese model, or too slow."""
from __future__ import annotations

import io
import stat

import pytest
from docx import Document as WordDocument
from docx.shared import Pt

from engine.extraction import ExtractionError, extract_document
from engine.extraction.ocr import OcrUnavailable, Tesseract, header_columns, tsv_lines
from engine.extraction.reading import PageSource, read_bytes
from engine.extraction.reading.reader import assemble
from engine.extraction.reading.scans import page_from_tsv

from .variants import _footnotes_part, _run_with


def _docx(build) -> bytes:
    document = WordDocument()
    document.styles["Normal"].font.size = Pt(13)
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _letter_header(document):
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = ("ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 5230/UBND-KGVX\nV/v triển khai rà soát thủ tục "
                             "hành chính\nsau sắp xếp đơn vị hành chính")
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nAn Giang, ngày 18 tháng 11 năm 2025"
    for text in ("Kính gửi: Các sở, ban, ngành tỉnh.", "",
                 "Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các cơ quan triển khai các nội dung sau:"):
        document.add_paragraph(text)


def test_a_page_break_and_footnotes_inside_an_item_do_not_cut_it(registry):
    def build(document):
        _letter_header(document)
        document.add_paragraph("1. Sở Tư pháp chủ trì rà soát thủ tục hành chính.")
        item = document.add_paragraph()
        item.add_run("2. Sở Nội vụ rà soát vị trí việc làm theo Quyết định số 1450/QĐ-UBND")
        _run_with(item, "w:footnoteReference", **{"w:id": "1"}).font.superscript = True
        mark = item.add_run("2")
        mark.font.superscript = True                      # a mark typed by hand
        item.add_run(" ngày 15/8/2025 của Ủy ban nhân dân tỉnh và đề xuất phương án sắp xếp")
        document.add_paragraph().add_run("1 Quyết định về danh mục vị trí việc làm.").font.size = Pt(10)
        rest = document.add_paragraph()
        _run_with(rest, "w:lastRenderedPageBreak")
        rest.add_run("công chức cấp xã; hoàn thành trước ngày 09/12/2025.")
        breaking = document.add_paragraph()
        breaking.add_run("3. Sở Tài chính bố trí kinh phí thực hiện;")
        _run_with(breaking, "w:br", **{"w:type": "page"})
        breaking.add_run(" hoàn thành trong tháng 12/2025.")
        document.add_paragraph("Nơi nhận:")
        _footnotes_part(document, ["Quyết định số 1450/QĐ-UBND ngày 15/8/2025."])

    document = read_bytes(_docx(build), "cv.docx")
    text = document.text
    assert "1450/QĐ-UBND2" not in text and "1450/QĐ-UBND ngày 15/8/2025" in text
    assert "Quyết định về danh mục vị trí việc làm" not in text            # the converted footnote …
    assert [n.text for n in document.notes] == ["1 Quyết định về danh mục vị trí việc làm.",
                                                "1 Quyết định số 1450/QĐ-UBND ngày 15/8/2025."]
    by_text = {ln.text: ln.page for ln in document.lines}
    assert by_text["công chức cấp xã; hoàn thành trước ngày 09/12/2025."] == 2
    assert by_text["3. Sở Tài chính bố trí kinh phí thực hiện; hoàn thành trong tháng 12/2025."] == 2
    assert by_text["Nơi nhận:"] == 3
    tasks = {t["ref"]: t for t in extract_document(document, registry)["tasks"]}
    assert tasks["2"]["lead"] == ["Sở Nội vụ"]
    assert (tasks["2"]["deadline"]["kind"], tasks["2"]["deadline"]["value"]) == ("date", "2025-12-09")
    assert tasks["3"]["deadline"]["value"] == "2025-12"


def test_the_title_of_a_two_column_header_does_not_swallow_the_date_line(registry):
    def build(document):
        _letter_header(document)
        document.add_paragraph("1. Sở Tư pháp chủ trì rà soát thủ tục hành chính; hoàn thành trước ngày 30/12/2025.")
        document.add_paragraph("Nơi nhận:")

    proposal = extract_document(read_bytes(_docx(build), "cv.docx"), registry)
    assert proposal["document"]["title"] == ("V/v triển khai rà soát thủ tục hành chính sau sắp xếp đơn vị "
                                             "hành chính")
    assert proposal["document"]["date"] == "2025-11-18"


def _text_pdf() -> bytes:
    """Two pages: item 1 starts at the foot of page 1, above a footnote, and ends at
    the top of page 2, below the page number; a footer line on both pages."""
    from fpdf import FPDF

    from .variants import FONT

    filler = ["- Rà soát đối tượng nguy cơ cao tại cộng đồng, báo cáo kết quả kịp thời;"] * 28
    pages = [filler + ["1. Sở Y tế chủ trì xây dựng kế hoạch phòng, chống dịch theo Kế hoạch số 12/KH-BYT",
                       "của Bộ Y tế; trình Ủy ban nhân dân tỉnh"],
             ["trước ngày 25/8/2025.", "2. Sở Tài chính bố trí kinh phí; thực hiện thường xuyên."]]
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("Serif", "", FONT)
    pdf.set_auto_page_break(False)
    for number, body in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Serif", size=12)
        if number > 1:
            pdf.set_xy(0, 10)
            pdf.cell(210, 6, str(number), align="C")
        y = 30
        for line in body:
            pdf.set_xy(25, y)
            pdf.cell(pdf.get_string_width(line) + 1, 6, line)
            if line.endswith("12/KH-BYT"):
                pdf.set_font("Serif", size=7)
                pdf.set_xy(pdf.get_x(), y - 1.5)
                pdf.cell(3, 4, "1")
                pdf.set_font("Serif", size=12)
            y += 7
        pdf.set_font("Serif", size=9)
        if number == 1:
            pdf.set_xy(25, 262)
            pdf.cell(0, 5, "1 Kế hoạch số 12/KH-BYT ngày 02/6/2025 về phòng, chống sốt xuất huyết.")
        pdf.set_xy(25, 285)
        pdf.cell(0, 5, "Văn bản điện tử của UBND tỉnh An Giang")
    return bytes(pdf.output())


def test_a_text_pdf_sets_page_numbers_footers_and_footnotes_apart():
    document = read_bytes(_text_pdf(), "kh.pdf")
    lines = [ln.text for ln in document.lines if ln.text]
    assert "1. Sở Y tế chủ trì xây dựng kế hoạch phòng, chống dịch theo Kế hoạch số 12/KH-BYT" in lines
    position = lines.index("của Bộ Y tế; trình Ủy ban nhân dân tỉnh")
    assert lines[position + 1] == "trước ngày 25/8/2025."                # page 2 continues page 1
    notes = [n.text for n in document.notes]
    assert "2" in notes and notes.count("Văn bản điện tử của UBND tỉnh An Giang") == 2
    assert "1 Kế hoạch số 12/KH-BYT ngày 02/6/2025 về phòng, chống sốt xuất huyết." in notes
    assert [p.number for p in document.pages] == [1, 2] and document.page_of(len(document.lines)) == 2


TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def _tsv(lines: list[list[tuple[str, int, int, float]]], width: int = 2480, height: int = 3508) -> str:
    """A TSV as Tesseract writes it: lines of (word, left, top, confidence)."""
    rows = [TSV_HEADER, f"1\t1\t0\t0\t0\t0\t0\t0\t{width}\t{height}\t-1\t"]
    for n, words in enumerate(lines, start=1):
        for k, (word, left, top, conf) in enumerate(words, start=1):
            rows.append(f"5\t1\t1\t1\t{n}\t{k}\t{left}\t{top}\t{len(word) * 22}\t40\t{conf}\t{word}")
    return "\n".join(rows) + "\n"


def _words(text: str, left: int, top: int, conf: float = 95.0):
    out, x = [], left
    for word in text.split():
        out.append((word, x, top, conf))
        x += len(word) * 22 + 18
    return out


def test_ocr_lines_keep_their_page_confidence_and_box_and_unsure_lines_are_listed():
    page_1 = _tsv([_words("1. Sở Y tế chủ trì", 300, 400), _words("hoàn thành trước ngày 25/8/2025.", 300, 460),
                   _words("2. Sở Tài chính", 300, 640)])
    page_2 = _tsv([_words("~ ‘ ,; ii", 300, 400, conf=21.0), _words("3. Công an tỉnh", 300, 460)])
    document = assemble([page_from_tsv(1, page_1), page_from_tsv(2, page_2)])
    assert [ln.text for ln in document.lines] == ["1. Sở Y tế chủ trì", "hoàn thành trước ngày 25/8/2025.", "",
                                                  "2. Sở Tài chính", "~ ‘ ,; ii", "3. Công an tỉnh"]
    first = document.lines[0]
    assert first.page == 1 and first.confidence == 95.0
    assert first.box[0] == pytest.approx(300 / 2480) and first.box[1] == pytest.approx(400 / 3508)
    assert document.lines[4].weak_words == (0, 1, 2, 3)
    assert [(u.page, u.line) for u in document.unreadable] == [(2, 5)]
    assert document.problems() == ["Trang 2, dòng 5 — không đọc rõ (độ tin cậy OCR 21%): «~ ‘ ,; ii»"]
    assert all(p.source is PageSource.OCR for p in document.pages)


def test_a_scanned_two_column_header_reads_column_by_column():
    lines = tsv_lines(_tsv([
        _words("ỦY BAN NHÂN DÂN", 200, 150) + _words("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1200, 150),
        _words("TỈNH AN GIANG", 260, 200) + _words("Độc lập - Tự do - Hạnh phúc", 1300, 200),
        _words("Số: 412/TB-VPUBND", 220, 250) + _words("An Giang, ngày 03 tháng 11 năm 2025", 1250, 250),
        _words("V/v phòng, chống sạt lở", 200, 300),
        _words("Kính gửi: các sở, ngành tỉnh và Ủy ban nhân dân các xã, phường, đặc khu", 200, 500),
    ]))
    read = [ln.text if ln else "" for ln in header_columns(lines, 3508)]
    assert read == ["ỦY BAN NHÂN DÂN", "TỈNH AN GIANG", "Số: 412/TB-VPUBND", "V/v phòng, chống sạt lở", "",
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                    "An Giang, ngày 03 tháng 11 năm 2025", "",
                    "Kính gửi: các sở, ngành tỉnh và Ủy ban nhân dân các xã, phường, đặc khu"]


def _png_page() -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    from .variants import FONT

    image = Image.new("L", (1654, 600), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 30)
    for n, line in enumerate(["1. Giao Sở Y tế chủ trì rà soát hồ sơ,", "hoàn thành trước ngày 30/6/2025."]):
        draw.text((150, 150 + n * 42), line, font=font, fill=20)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(200, 200))
    return out.getvalue()


def _fake_tesseract(tmp_path, body: str) -> str:
    script = tmp_path / "tesseract"
    script.write_text("#!/bin/sh\nif [ \"$1\" = \"--list-langs\" ]; then echo 'List of available languages (2):';"
                      " echo eng; echo vie; exit 0; fi\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_without_tesseract_or_its_vietnamese_model_the_message_says_what_to_install(tmp_path):
    with pytest.raises(OcrUnavailable, match="tesseract-ocr và tesseract-ocr-vie"):
        read_bytes(_png_page(), "trang.png", ocr=Tesseract(program=str(tmp_path / "khong-co")))
    with pytest.raises(OcrUnavailable, match="mô hình ngôn ngữ «xyz».*tesseract-ocr-xyz"):
        read_bytes(_png_page(), "trang.png", ocr=Tesseract("xyz", program=_fake_tesseract(tmp_path, "exit 1")))
    assert issubclass(OcrUnavailable, ExtractionError)


def test_a_page_tesseract_takes_too_long_on_is_given_up_and_named(tmp_path):
    slow = Tesseract(program=_fake_tesseract(tmp_path, "sleep 5"), page_seconds=0.5)
    with pytest.raises(ExtractionError, match="Trang 1 — nhận dạng quá 0.5 giây nên đã bỏ qua"):
        read_bytes(_png_page(), "trang.png", ocr=slow)


def test_a_picture_of_a_page_is_read_with_tesseract_vie_reporting_progress():
    progress = []
    document = read_bytes(_png_page(), "trang.png", progress=lambda done, total: progress.append((done, total)))
    assert progress == [(0, 1), (1, 1)]
    text = [ln.text for ln in document.lines if ln.text]
    assert text == ["1. Giao Sở Y tế chủ trì rà soát hồ sơ,", "hoàn thành trước ngày 30/6/2025."]
    assert document.pages[0].image[:3] == b"\xff\xd8\xff" and document.lines[0].confidence > 80


def test_a_pdf_mixing_text_pages_and_a_scanned_page_reads_each_the_right_way():
    from PIL import Image

    from .pdf_builder import PdfPage, build_pdf
    import pypdfium2 as pdfium

    text_page = PdfPage()
    text_page.text(60, 60, "1. Sở Tư pháp chủ trì rà soát thủ tục hành chính.")
    text_pdf = pdfium.PdfDocument(build_pdf([text_page]))
    picture = Image.open(io.BytesIO(_png_page())).convert("RGB")
    scan = io.BytesIO()
    picture.save(scan, "PDF", resolution=200)
    mixed = pdfium.PdfDocument(scan.getvalue())
    text_pdf.import_pages(mixed)
    out = io.BytesIO()
    text_pdf.save(out)
    document = read_bytes(out.getvalue(), "hon-hop.pdf")
    assert [p.source for p in document.pages] == [PageSource.TEXT, PageSource.OCR]
    assert document.lines[0].text == "1. Sở Tư pháp chủ trì rà soát thủ tục hành chính."
    assert "hoàn thành trước ngày 30/6/2025." in [ln.text for ln in document.lines if ln.page == 2]


def test_an_image_too_large_to_be_a_page_is_refused_before_its_pixels_are_read():
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (9000, 7000), 1).save(out, "PNG")
    with pytest.raises(ExtractionError, match="Ảnh quá lớn"):
        read_bytes(out.getvalue(), "ap-phich.png")

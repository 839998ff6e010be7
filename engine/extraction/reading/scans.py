"""Pages that exist only as pictures — image files (PNG, JPEG, TIFF, one page per TIFF
frame) and the pages of a PDF that carry no text layer — read with OCR.

Each page is turned into an image (a PDF page is rendered with pypdfium2 at the
resolution of the scan it holds), prepared (``ocr.prepare``), read by Tesseract, and
its lines become ``SourceLine``s with their confidence, their box as fractions of the
page, and their unsure words. A line Tesseract was unsure of, and a page it read
nothing on (or gave up on), is listed as unreadable. Progress is reported after each
page.
"""
from __future__ import annotations

import io
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from engine.extraction.errors import ExtractionError
from engine.extraction.ocr import OcrLine, Tesseract, header_columns, prepare, reread, tsv_lines, tsv_page_size
from engine.extraction.ocr.preprocess import MAX_PIXELS
from engine.extraction.reading.document import WEAK_LINE, WEAK_WORD, Page, PageSource, SourceLine, Unreadable

Progress = Callable[[int, int], None]
MAX_IMAGE_PAGES = 60          # pages of pictures one directive may have
_RENDER_DPI = 300             # PDF pages whose scan resolution cannot be told


@dataclass
class PageImage:
    number: int               # the page's number in the document
    image: object             # a PIL image
    dpi: float | None


@dataclass
class ReadPage:
    """One page as read: its lines, what was set apart as notes, and, when the page
    could not be read, why."""
    page: Page
    lines: list[SourceLine] = field(default_factory=list)
    notes: list[SourceLine] = field(default_factory=list)
    failure: str | None = None


def image_pages(data: bytes) -> list[PageImage]:
    """The frames of an image file, in order, upright as the camera held them."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise ExtractionError(f"Ảnh quá lớn ({image.width}×{image.height} điểm ảnh) — hãy quét lại ở "
                                  "độ phân giải 200–300 dpi.")
        frames = []
        for n in range(getattr(image, "n_frames", 1)):
            if n >= MAX_IMAGE_PAGES:
                raise ExtractionError(f"Tệp ảnh có quá {MAX_IMAGE_PAGES} trang.")
            image.seek(n)
            frame = ImageOps.exif_transpose(image.copy())
            dpi = (image.info.get("dpi") or (None,))[0]
            frames.append(PageImage(n + 1, frame, float(dpi) if dpi else None))
        return frames
    except ExtractionError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ExtractionError("Tệp ảnh bị hỏng hoặc không đọc được.") from exc


def pages_without_text(data: bytes) -> list[int]:
    """Numbers of the PDF's pages that carry no text layer (quick: pdfium counts the
    characters; nothing is laid out)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ExtractionError("Tệp PDF bị hỏng hoặc có mật khẩu — không đọc được.") from exc
    try:
        empty = []
        for number in range(1, len(pdf) + 1):
            page = pdf[number - 1]
            text = page.get_textpage()
            if not text.get_text_range().strip():
                empty.append(number)
            text.close()
            page.close()
        return empty
    finally:
        pdf.close()


def pdf_pages(data: bytes, numbers: list[int]) -> Iterator[PageImage]:
    """Pages ``numbers`` (1-based) of a PDF, rendered at their scan's resolution."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ExtractionError("Tệp PDF bị hỏng hoặc có mật khẩu — không đọc được.") from exc
    try:
        for number in numbers:
            page = pdf[number - 1]
            width_pt = page.get_width()
            widest = 0
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
                try:
                    pixels = obj.get_px_size()[0]
                    left, _, right, _ = obj.get_bounds()
                except Exception:        # noqa: BLE001 — an image pdfium cannot measure
                    continue
                if right - left > 0.5 * width_pt:
                    widest = max(widest, pixels * 72 / (right - left))
            dpi = min(max(widest or _RENDER_DPI, 150), _RENDER_DPI)
            area = page.get_width() * page.get_height() / 72 / 72       # square inches
            dpi = min(dpi, (MAX_PIXELS / max(area, 1)) ** 0.5)          # a poster-sized page is not rendered huge
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            page.close()
            yield PageImage(number, image, dpi)
    finally:
        pdf.close()


def _fraction(box: tuple[int, int, int, int], width: int, height: int) -> tuple[float, float, float, float]:
    return (box[0] / width, box[1] / height, box[2] / width, box[3] / height)


def _source_line(line: OcrLine, page: int, width: int, height: int) -> SourceLine:
    weak = tuple(i for i, w in enumerate(line.words) if w.confidence < WEAK_WORD)
    return SourceLine(line.text, page, line.confidence, _fraction(line.box, width or 1, height or 1), weak)


def page_from_tsv(number: int, tsv: str, recognise_line: Callable[[tuple], str] | None = None) -> ReadPage:
    """Page ``number`` from Tesseract's TSV of it; ``recognise_line(box)`` reads one
    part of the page again as a single line (``ocr.reread``)."""
    width, height = tsv_page_size(tsv)
    read = tsv_lines(tsv)
    if recognise_line is not None:
        read = reread(read, width, height, recognise_line)
    if number == 1:
        read = header_columns(read, height)
    lines = [SourceLine("", number) if ln is None else _source_line(ln, number, width, height) for ln in read]
    failure = None
    if not any(not ln.blank for ln in lines):
        failure = "không nhận dạng được chữ nào trên trang (trang trắng hoặc ảnh quá mờ)"
    return ReadPage(Page(number, PageSource.OCR), lines, [], failure)


def read_page(image: PageImage, ocr: Tesseract) -> ReadPage:
    """OCR of one page image, bounded in time; a page that could not be read comes
    back empty, with the reason."""
    try:
        prepared = prepare(image.image, image.dpi)
    except (ValueError, OSError) as exc:
        return ReadPage(Page(image.number, PageSource.OCR), failure=f"ảnh trang không dùng được ({exc})")
    view = Page(image.number, PageSource.OCR, prepared.view_jpeg, prepared.view_width, prepared.view_height)
    try:
        read = page_from_tsv(image.number, ocr.tsv(prepared.pgm, prepared.dpi),
                             lambda box: ocr.tsv(prepared.cut(box), prepared.dpi, page_mode=7))
    except subprocess.TimeoutExpired:
        return ReadPage(view, failure=f"nhận dạng quá {ocr.page_seconds:g} giây nên đã bỏ qua")
    except RuntimeError as exc:
        return ReadPage(view, failure=f"Tesseract báo lỗi: {exc}")
    read.page = view
    return read


def unreadable_lines(lines: list[SourceLine], first_no: int) -> list[Unreadable]:
    """OCR lines read too unsurely to be trusted, numbered from ``first_no``."""
    out = []
    for offset, line in enumerate(lines):
        if line.confidence is not None and not line.blank and line.confidence < WEAK_LINE:
            out.append(Unreadable(line.page, f"không đọc rõ (độ tin cậy OCR {line.confidence:.0f}%)",
                                  first_no + offset, line.text))
    return out

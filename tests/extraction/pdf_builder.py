"""A tiny PDF writer for the reader tests: pages of positioned Vietnamese text and ruled
lines, with a text layer that pdfplumber reads back (a Type0 font with Identity-H codes
and a ToUnicode map; the glyphs themselves are not embedded, which does not matter for
text extraction). Also a scanned-like PDF holding only an image."""
from __future__ import annotations

import io


class PdfPage:
    def __init__(self, width: float = 595, height: float = 842):
        self.width, self.height = width, height
        self.ops: list[tuple] = []

    def text(self, x: float, top: float, string: str, size: float = 10) -> "PdfPage":
        self.ops.append(("text", x, self.height - top - size, string, size))
        return self

    def line(self, x1: float, top1: float, x2: float, top2: float) -> "PdfPage":
        self.ops.append(("line", x1, self.height - top1, x2, self.height - top2))
        return self

    def grid(self, left: float, top: float, widths: list[float], heights: list[float]) -> "PdfPage":
        right = left + sum(widths)
        bottom = top + sum(heights)
        y = top
        for h in [0] + heights:
            y += h
            self.line(left, y, right, y)
        x = left
        for w in [0] + widths:
            x += w
            self.line(x, top, x, bottom)
        return self


def build_pdf(pages: list[PdfPage]) -> bytes:
    chars = sorted({c for p in pages for op in p.ops if op[0] == "text" for c in op[3]})
    cid = {c: n + 1 for n, c in enumerate(chars)}
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: str = "") -> bytes:
        return f"<< /Length {len(data)} {extra}>>\nstream\n".encode() + data + b"\nendstream"

    entries = "\n".join(f"<{cid[c]:04X}> <{ord(c):04X}>" for c in chars)
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n")
    for start in range(0, len(chars), 100):
        block = chars[start:start + 100]
        cmap += f"{len(block)} beginbfchar\n" + "\n".join(
            f"<{cid[c]:04X}> <{ord(c):04X}>" for c in block) + "\nendbfchar\n"
    cmap += "endcmap CMapName currentdict /CMap defineresource pop end end"
    del entries
    tounicode = add(stream(cmap.encode()))
    descriptor = add(b"<< /Type /FontDescriptor /FontName /TestSans /Flags 32 /FontBBox [0 -200 1000 900]"
                     b" /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>")
    cidfont = add(f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestSans /CIDSystemInfo"
                  f" << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor"
                  f" {descriptor} 0 R /DW 500 /CIDToGIDMap /Identity >>".encode())
    font = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /TestSans /Encoding /Identity-H"
               f" /DescendantFonts [{cidfont} 0 R] /ToUnicode {tounicode} 0 R >>".encode())
    page_ids = []
    pages_id = len(objects) + 2 * len(pages) + 1
    for page in pages:
        ops = []
        for op in page.ops:
            if op[0] == "text":
                _, x, y, string, size = op
                hexed = "".join(f"{cid[c]:04X}" for c in string)
                ops.append(f"BT /F1 {size} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm <{hexed}> Tj ET")
            else:
                _, x1, y1, x2, y2 = op
                ops.append(f"0.5 w {x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S")
        content = add(stream("\n".join(ops).encode()))
        page_ids.append(add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {page.width}"
                            f" {page.height}] /Contents {content} 0 R /Resources << /Font"
                            f" << /F1 {font} 0 R >> >> >>".encode()))
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    assert add(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()) == pages_id
    catalog = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A one-page PDF that holds only a picture of a page (no text layer)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (620, 877), "white")
    draw = ImageDraw.Draw(image)
    for n in range(12):
        draw.rectangle([60, 80 + n * 50, 560, 92 + n * 50], fill="black")
    out = io.BytesIO()
    image.save(out, "PDF", resolution=72)
    return out.getvalue()

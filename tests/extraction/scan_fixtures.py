"""The scanned variants of the fixture directives: each text rendered as scanned-looking
pages (../shared/tools/render_scan.py: A4 at 200 dpi, DejaVu Serif, slight skew, blur
and speckle), read back by the reading stage with Tesseract's Vietnamese model, and
Tesseract's TSV output of every page kept as ``fixtures/scans/<name>.vie.tsv.gz`` (with
the text the reading stage made of it beside it, ``<name>.vie.txt``, for people and
for the later stages' tests). The tests replay the TSV through the same reading code,
so they need no Tesseract; one test OCRs a committed scan for real.

    .venv/bin/python -m tests.extraction.scan_fixtures [NAME ...] [--render-tool PATH]
    .venv/bin/python -m tests.extraction.scan_fixtures --texts    # only rewrite the .vie.txt from the TSV
"""
from __future__ import annotations

import gzip
import subprocess
import sys
import tempfile
from pathlib import Path

from engine.extraction.ocr import Tesseract
from engine.extraction.reading import Document
from engine.extraction.reading.reader import assemble, read_document
from engine.extraction.reading.scans import page_from_tsv

from .sources import FIXTURES, clean_directives

SCANS = FIXTURES / "scans"
DOCUMENTS = clean_directives()          # every clean fixture directive, sorted by name


def shared_tool(name: str) -> Path | None:
    """A tool of the project's shared/ folder, which stands beside the clone (or
    further up)."""
    return next((p / "shared" / "tools" / name for p in Path(__file__).resolve().parents
                 if (p / "shared" / "tools" / name).is_file()), None)


RENDER_TOOL = shared_tool("render_scan.py") or Path("render_scan.py")


class RecordingTesseract(Tesseract):
    """Tesseract that also keeps what it returned, per page: the page's TSV, then the
    TSV of each line it read again alone."""

    def __init__(self):
        super().__init__("vie")
        self.pages: list[list[str]] = []

    def tsv(self, image: bytes, dpi: int, page_mode: int | None = None) -> str:
        out = super().tsv(image, dpi, page_mode)
        if page_mode is None:
            self.pages.append([out])
        else:
            self.pages[-1].append(out)
        return out


def tsv_path(name: str) -> Path:
    return SCANS / f"{name}.vie.tsv.gz"


def write_tsv(name: str, pages: list[list[str]]) -> None:
    joined = "\n\f\n".join("\n\v\n".join(t.rstrip("\n") for t in page) for page in pages) + "\n"
    tsv_path(name).write_bytes(gzip.compress(joined.encode("utf-8"), mtime=0))


def recorded_pages(name: str) -> list[list[str]]:
    """Per page: its TSV, then those of the lines read again."""
    text = gzip.decompress(tsv_path(name).read_bytes()).decode("utf-8")
    return [page.split("\n\v\n") for page in text.split("\n\f\n")]


def replayed_document(name: str) -> Document:
    """The scanned variant as the reading stage reads it, from the recorded TSV."""
    pages = []
    for number, (page, *lines) in enumerate(recorded_pages(name), start=1):
        again = iter(lines)
        pages.append(page_from_tsv(number, page, (lambda box: next(again)) if lines else None))
    return assemble(pages)


def make(name: str, render_tool: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="chidao-scan-") as folder:
        pdf = Path(folder) / f"{name}.pdf"
        subprocess.run([sys.executable, str(render_tool), str(DOCUMENTS[name]), str(pdf)], check=True,
                       capture_output=True)
        ocr = RecordingTesseract()
        document = read_document(pdf, ocr=ocr)
        write_tsv(name, ocr.pages)
        (SCANS / f"{name}.vie.txt").write_text(document.text + "\n", encoding="utf-8")
        print(f"{name}: {len(ocr.pages)} pages, {pdf.stat().st_size // 1024} KB of PDF")


def main(argv: list[str]) -> int:
    tool = RENDER_TOOL
    if "--render-tool" in argv:
        tool = Path(argv[argv.index("--render-tool") + 1])
        argv = [a for a in argv if a not in ("--render-tool", str(tool))]
    SCANS.mkdir(parents=True, exist_ok=True)
    if "--texts" in argv:
        for name in DOCUMENTS:
            (SCANS / f"{name}.vie.txt").write_text(replayed_document(name).text + "\n", encoding="utf-8")
        return 0
    for name in argv or DOCUMENTS:
        make(name, tool)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

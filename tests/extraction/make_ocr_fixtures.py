"""Make the wrong-model OCR fixtures the way such text really comes about: print the
directive (render it as scanned pages with the shared render_scan.py — skew, blur,
speckle), put the round red stamp of the issuing body over its signature, scan it back
(pdftoppm, 200 dpi) and OCR it with Tesseract's English model, as a province's scanning
desk does when its software is set to English:

    OMP_THREAD_LIMIT=1 tesseract page.png - -l eng

    .venv/bin/python tests/extraction/make_ocr_fixtures.py [NAME ...]

Reads the clean directives of fixtures/corpus, fixtures/own and fixtures/directives
(sources.py; NAME: a file name without .txt; default: all of them), writes fixtures/ocr_eng/NAME.txt (the pages' OCR
text one after another). The gold annotation of each is the clean directive's own
NAME.json. Needs Pillow, poppler-utils and tesseract-ocr; deterministic for a given
Tesseract version.
"""
from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.extraction.sources import FIXTURES, clean_directives  # noqa: E402

OUT = FIXTURES / "ocr_eng"
RENDER = Path(os.environ.get("CHIDAO_RENDER_SCAN", "/work/shared/tools/render_scan.py"))
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
# Geometry of render_scan.py at 200 dpi: top margin, line step, wrap width.
MARGIN, STEP, WRAP = 150, 42, 88
SIGNATURE_TITLES = ("CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "TỔ TRƯỞNG", "GIÁM ĐỐC", "TRƯỞNG BAN")


def _printed_lines(text: str) -> list[str]:
    import textwrap

    lines: list[str] = []
    for raw in text.splitlines():
        lines += textwrap.wrap(raw, WRAP) or [""]
    return lines


def stamp_position(text: str) -> tuple[int, int] | None:
    """(page index, y in pixels) of the signature title the stamp is pressed over."""
    lines = _printed_lines(text)
    per_page = (2339 - 2 * MARGIN) // STEP + 1
    for n in range(len(lines) - 1, -1, -1):
        if any(lines[n].strip().endswith(title) for title in SIGNATURE_TITLES):
            return n // per_page, MARGIN + (n % per_page) * STEP
    return None


def _issuer(text: str) -> str:
    head = [ln.strip() for ln in text.splitlines()[:4] if ln.strip()]
    return " ".join(head[:2]).upper() if head else "ỦY BAN NHÂN DÂN"


def press_stamp(page: Path, y: int, issuer: str) -> None:
    """A round stamp (rings, the issuer's name around, a star in the middle) in a
    light tone over the signature, as a scanner renders a red stamp in grey."""
    image = Image.open(page).convert("L")
    draw = ImageDraw.Draw(image)
    cx, cy, radius = 640, y + 40, 165
    tone = 165
    for r, width in ((radius, 6), (radius - 16, 3), (radius - 70, 3)):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=tone, width=width)
    font = ImageFont.truetype(FONT, 26)
    letters = f"* {issuer} *"
    for k, ch in enumerate(letters):
        angle = math.pi + math.pi * 1.6 * k / max(1, len(letters) - 1) - math.pi * 0.3
        x = cx + (radius - 42) * math.cos(angle)
        yy = cy + (radius - 42) * math.sin(angle)
        glyph = Image.new("L", (40, 40), 0)
        ImageDraw.Draw(glyph).text((8, 4), ch, font=font, fill=255)
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        image.paste(tone, (int(x) - 20, int(yy) - 20), glyph)
    star = [(cx + r * math.sin(k * math.pi / 5), cy - r * math.cos(k * math.pi / 5))
            for k, r in zip(range(10), [38, 15] * 5)]
    draw.polygon(star, fill=tone)
    image.save(page)


def ocr_eng(source: Path) -> str:
    text = source.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="chidao-ocr-") as tmp:
        pdf = Path(tmp) / "scan.pdf"
        subprocess.run([sys.executable, str(RENDER), str(source), str(pdf)], check=True, capture_output=True)
        subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(Path(tmp) / "page")], check=True)
        pages = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        where = stamp_position(text)
        if where and where[0] < len(pages):
            press_stamp(pages[where[0]], where[1], _issuer(text))
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        out = []
        for page in pages:
            done = subprocess.run(["tesseract", str(page), "-", "-l", "eng"], check=True, capture_output=True,
                                  text=True, env=env)
            out.append(done.stdout)
    return "".join(out)


def main(names: list[str]) -> int:
    sources = clean_directives()
    unknown = [n for n in names if n not in sources]
    if unknown:
        print(f"unknown fixture: {', '.join(unknown)}", file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    for name in names or list(sources):
        (OUT / f"{name}.txt").write_text(ocr_eng(sources[name]), encoding="utf-8")
        print(f"{name}: done")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

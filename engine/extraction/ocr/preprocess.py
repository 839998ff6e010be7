"""Page images → what Tesseract reads best: one 8-bit grey PNG at a resolution between
200 and 300 dpi (a low-resolution photo or fax is enlarged; a 600 dpi scan is reduced,
which halves the OCR time and loses nothing on body text), with its alpha and colour
dropped. Also the smaller JPEG kept to show the page beside the proposed tasks."""
from __future__ import annotations

import io
from dataclasses import dataclass

MIN_DPI, MAX_DPI = 200, 300
VIEW_WIDTH = 1100
MAX_PIXELS = 60_000_000          # a "page" larger than this is not a page (decompression bomb)


@dataclass(frozen=True)
class PreparedPage:
    png: bytes                   # what Tesseract reads
    dpi: int
    width: int                   # of the prepared image, in pixels
    height: int
    view_jpeg: bytes             # for people
    view_width: int
    view_height: int


def prepare(image, dpi: float | None) -> PreparedPage:
    """``image`` is a PIL image; ``dpi`` its resolution if known (None: assumed from
    its size, an A4 page)."""
    from PIL import Image

    if image.width * image.height > MAX_PIXELS:
        raise ValueError("image too large")
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        flat = Image.new("RGBA", image.size, "white")
        flat.alpha_composite(image)
        image = flat
    grey = image.convert("L")
    if not dpi or dpi < 50:
        dpi = grey.width / 8.27 if grey.width < grey.height else grey.height / 8.27
    target = min(max(dpi, MIN_DPI), MAX_DPI)
    if abs(target - dpi) / dpi > 0.05:
        scale = target / dpi
        grey = grey.resize((max(1, round(grey.width * scale)), max(1, round(grey.height * scale))),
                           Image.LANCZOS)
        dpi = target
    png = io.BytesIO()
    grey.save(png, "PNG", optimize=False, compress_level=1)
    view = grey
    if view.width > VIEW_WIDTH:
        view = view.resize((VIEW_WIDTH, max(1, round(view.height * VIEW_WIDTH / view.width))), Image.LANCZOS)
    jpeg = io.BytesIO()
    view.save(jpeg, "JPEG", quality=70, optimize=True)
    return PreparedPage(png.getvalue(), round(dpi), grey.width, grey.height, jpeg.getvalue(), view.width, view.height)

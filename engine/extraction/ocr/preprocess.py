"""Page images → what Tesseract reads best: one 8-bit grey image (handed over as a raw
PGM: encoding a PNG of a 300 dpi page costs a quarter of a second), its alpha and colour
dropped, cleared of scanner speckle (a 3×3 median filter: isolated dark dots go, strokes
stay) and brought to 300 dpi (a 200 dpi scan is enlarged, a 600 dpi one reduced). On the
rendered scans of the fixtures this turns "1. MỤC ĐÍCH" back into "I. MỤC ĐÍCH" and
". II. TỔ CHỨC" into "III. TỔ CHỨC", and makes Tesseract faster, not slower: it has
fewer specks to look at. Also the smaller JPEG kept to show the page beside the
proposed tasks."""
from __future__ import annotations

import io
from dataclasses import dataclass

TARGET_DPI = 300
VIEW_WIDTH = 1100
MAX_PIXELS = 60_000_000          # a "page" larger than this is not a page (decompression bomb)


@dataclass(frozen=True)
class PreparedPage:
    pgm: bytes                   # what Tesseract reads
    dpi: int
    width: int                   # of the prepared image, in pixels
    height: int
    view_jpeg: bytes             # for people
    view_width: int
    view_height: int
    image: object = None         # the prepared PIL image itself, for cutting lines out

    def cut(self, box: tuple[int, int, int, int]) -> bytes:
        """The PGM of one part of the prepared page."""
        out = io.BytesIO()
        self.image.crop(box).save(out, "PPM")
        return out.getvalue()


def _scaled(image, scale: float):
    from PIL import Image

    return image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.LANCZOS)


def prepare(image, dpi: float | None) -> PreparedPage:
    """``image`` is a PIL image; ``dpi`` its resolution if known (None: assumed from
    its size, an A4 page)."""
    from PIL import Image, ImageFilter

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
    scale = TARGET_DPI / dpi
    if scale < 1:                         # reduce first: the filter then works on 300 dpi
        grey = _scaled(grey, scale)
    grey = grey.filter(ImageFilter.MedianFilter(3))
    if scale > 1.05:
        grey = _scaled(grey, scale)
    dpi = TARGET_DPI if abs(scale - 1) > 0.05 else dpi
    pgm = io.BytesIO()
    grey.save(pgm, "PPM")                 # a grey image is written as PGM (P5)
    view = grey
    if view.width > VIEW_WIDTH:
        factor = view.width // VIEW_WIDTH
        if factor > 1:
            view = view.reduce(factor)
        view = view.resize((VIEW_WIDTH, max(1, round(view.height * VIEW_WIDTH / view.width))), Image.BILINEAR)
    jpeg = io.BytesIO()
    view.save(jpeg, "JPEG", quality=72)
    return PreparedPage(pgm.getvalue(), round(dpi), grey.width, grey.height, jpeg.getvalue(), view.width, view.height,
                        grey)

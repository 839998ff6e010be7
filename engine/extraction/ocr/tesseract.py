"""Running Tesseract on one page image.

The ``tesseract`` program is called as a subprocess (``tesseract stdin stdout -l vie
--psm 6 tsv``: the page as one block of text, see ``lines``), one page at a time, with ``OMP_THREAD_LIMIT=1`` (its OpenMP threads make it
several times slower on small machines, and pages are OCR'd one after another anyway)
and a time limit per page: a page that takes longer is given up (the reading stage
reports it), never allowed to hold a worker. Whether the program and the language model are installed is
checked once per runner, with a message naming the Debian packages when they are not.
"""
from __future__ import annotations

import os
import shutil
import subprocess

from engine.extraction.ocr.errors import OcrUnavailable

PAGE_SECONDS = 60
_INSTALL = "sudo apt-get install tesseract-ocr tesseract-ocr-vie"


class Tesseract:
    def __init__(self, language: str = "vie", *, program: str = "tesseract", page_seconds: float = PAGE_SECONDS,
                 page_mode: int = 6):
        self.language = language
        self.page_mode = page_mode
        self.program = program
        self.page_seconds = page_seconds
        self._checked = False

    def _env(self) -> dict:
        env = dict(os.environ)
        env["OMP_THREAD_LIMIT"] = "1"
        return env

    def check(self) -> None:
        """Raise ``OcrUnavailable`` unless the program runs and knows the language."""
        if self._checked:
            return
        path = shutil.which(self.program)
        if path is None:
            raise OcrUnavailable(f"Máy chủ chưa cài Tesseract OCR nên chưa đọc được bản scan — cần cài "
                                 f"gói tesseract-ocr và tesseract-ocr-{self.language} ({_INSTALL}).")
        try:
            listed = subprocess.run([path, "--list-langs"], capture_output=True, text=True,
                                    timeout=30, env=self._env())
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OcrUnavailable(f"Không chạy được Tesseract OCR ({exc}).") from exc
        languages = {ln.strip() for ln in (listed.stdout + listed.stderr).splitlines()}
        if self.language not in languages:
            raise OcrUnavailable(f"Tesseract OCR chưa có mô hình ngôn ngữ «{self.language}» — cần cài gói "
                                 f"tesseract-ocr-{self.language} ({_INSTALL}).")
        self._checked = True

    def tsv(self, image: bytes, dpi: int, page_mode: int | None = None) -> str:
        """Tesseract's TSV for one page image (PGM or PNG; with ``page_mode`` 7, one
        line cut out of a page); raises ``subprocess.TimeoutExpired`` past the page's time limit and
        ``RuntimeError`` when Tesseract fails."""
        self.check()
        mode = page_mode or self.page_mode
        done = subprocess.run([shutil.which(self.program) or self.program, "stdin", "stdout", "-l", self.language,
                               "--dpi", str(dpi), "--psm", str(mode), "tsv"],
                              input=image, capture_output=True, timeout=self.page_seconds, env=self._env())
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode("utf-8", "replace").strip()[-300:] or f"exit {done.returncode}")
        return done.stdout.decode("utf-8", "replace")

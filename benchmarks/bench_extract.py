"""How well and how fast directives are read and extracted: one table, a row per
document, a column per form it arrives in.

Documents: every clean fixture directive (the corpus, the other provinces' letters, the
project's own, the further layouts; tests/extraction/sources.py). Forms:

* ``text`` — its text; ``.docx`` and ``text PDF`` — made from it the way such files
  arrive (tests/extraction/variants.py: two-column header, footnotes, page breaks);
* ``scan vie`` — rendered as scanned pages (../shared/tools/render_scan.py) and OCR'd
  for real with Tesseract's Vietnamese model by the reading stage;
* ``eng-OCR`` — the text Tesseract's English model made of the stamped scan
  (tests/extraction/fixtures/ocr_eng/, make_ocr_fixtures.py), as such text reaches the
  province;
* ``eng-OCR unseen`` (with ``--unseen``) — the same text, read with the repairer's
  tables rebuilt without that directive (its text and its OCR: build_repair_data.py
  --leave-out), as a directive the product has never seen is read.

Each cell: the full F1 against the annotation (../shared/tools/score_extraction.py, or
the project's reimplementation in tests/extraction/scoring.py where shared/ is absent)
and the wall-clock seconds from the file to the proposal (reading, OCR included, and
extraction). A cell short of its target (0.95; eng-OCR 0.90) is marked ``✗`` and listed
under the table. Then the median extraction time of the largest text (the 38.7 KB
corpus plan, "a 40 KB text"; target < 1 s) and the OCR time of one scanned A4 page
(200 dpi, ``tesseract -l vie`` with ``OMP_THREAD_LIMIT=1``; target < 3 s), wall-clock and
CPU. Measures only; asserts nothing.

    .venv/bin/python benchmarks/bench_extract.py [NAME ...] [--runs N] [--no-ocr] [--unseen]

--no-ocr replays the recorded Tesseract output of the scans instead of OCR-ing them (the
scan column's time is then the replay's, not the OCR's).
"""
from __future__ import annotations

import contextlib
import io
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.extraction import extract as pipeline  # noqa: E402
from engine.extraction import extract_document  # noqa: E402
from engine.extraction.repair import channel as channel_mod, lexicon as lexicon_mod  # noqa: E402
from engine.extraction.reading import read_bytes, read_document  # noqa: E402
from tests.extraction.conftest import FIXTURES, registry_for  # noqa: E402
from tests.extraction.scan_fixtures import DOCUMENTS, RENDER_TOOL, replayed_document  # noqa: E402
from tests.extraction.variant_scores import SCORER, full_f1  # noqa: E402
from tests.extraction.variants import to_docx, to_text_pdf  # noqa: E402
from tests.extraction import build_repair_data  # noqa: E402

FORMS = {"text": "text", "docx": ".docx", "text_pdf": "text PDF", "scan_vie": "scan vie", "eng_ocr": "eng-OCR"}
UNSEEN = {"eng_unseen": "eng-OCR unseen"}
TARGETS = {"eng_ocr": 0.90, "eng_unseen": 0.90}
TARGET = 0.95


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _reader(name: str, form: str, folder: Path, replay: bool):
    """A function reading the form of ``name`` into a Document, or None if it has none."""
    text = DOCUMENTS[name].read_text(encoding="utf-8")
    if form == "text":
        data = text.encode("utf-8")
        return lambda: read_bytes(data, f"{name}.txt")
    if form == "docx":
        data = to_docx(text)
        return lambda: read_bytes(data, f"{name}.docx")
    if form == "text_pdf":
        data = to_text_pdf(text)
        return lambda: read_bytes(data, f"{name}.pdf")
    if form == "scan_vie":
        if replay or not RENDER_TOOL.is_file():
            return lambda: replayed_document(name)
        pdf = folder / f"{name}.pdf"
        subprocess.run([sys.executable, str(RENDER_TOOL), str(DOCUMENTS[name]), str(pdf)], check=True,
                       capture_output=True)
        return lambda: read_document(pdf)
    if form in ("eng_ocr", "eng_unseen"):
        path = FIXTURES / "ocr_eng" / f"{name}.txt"
        if not path.is_file():
            return None
        data = path.read_bytes()
        return lambda: read_bytes(data, f"{name}.txt")
    raise ValueError(form)


@contextlib.contextmanager
def _tables_without(name: str, folder: Path):
    """The pipeline reading with repair tables built without ``name``."""
    data = folder / f"tables-without-{name}"
    with contextlib.redirect_stdout(io.StringIO()):
        build_repair_data.build(data, {name})
    saved = pipeline.base_lexicon, pipeline.eng_channel
    pipeline.base_lexicon = lambda: lexicon_mod.base_lexicon(data, lexicon_mod.dictionary_path())
    pipeline.eng_channel = lambda: channel_mod.eng_channel(data)
    pipeline._LEXICONS.clear()
    try:
        yield
    finally:
        pipeline.base_lexicon, pipeline.eng_channel = saved
        pipeline._LEXICONS.clear()


def _cell(name: str, form: str, folder: Path, replay: bool) -> tuple[float, float, int] | None:
    """(full F1, seconds from file to proposal, pages) of one form of one document."""
    read = _reader(name, form, folder, replay)
    if read is None:
        return None
    if form == "eng_unseen":
        with _tables_without(name, folder):
            pipeline.lexicon_for(registry_for(name))          # the rebuilt tables loaded, untimed
            pipeline.eng_channel()
            return _cell(name, "eng_ocr", folder, replay)
    started = time.perf_counter()
    document = read()
    proposal = extract_document(document, registry_for(name), source=DOCUMENTS[name].name)
    seconds = time.perf_counter() - started
    return full_f1(DOCUMENTS[name].with_suffix(".json"), proposal), seconds, len(document.pages)


def _largest_text_seconds(runs: int) -> tuple[str, float, float]:
    name = max(DOCUMENTS, key=lambda n: DOCUMENTS[n].stat().st_size)
    document = read_bytes(DOCUMENTS[name].read_bytes(), f"{name}.txt")
    registry = registry_for(name)
    extract_document(document, registry)                 # caches (lexicon, registry index) warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        extract_document(document, registry)
        times.append(time.perf_counter() - started)
    return name, DOCUMENTS[name].stat().st_size / 1024, statistics.median(times)


def _one_page_ocr(folder: Path, runs: int) -> tuple[float, float] | None:
    """(median wall-clock, median CPU) seconds of `tesseract -l vie` on one rendered page."""
    if not RENDER_TOOL.is_file():
        return None
    pdf = folder / "one_page.pdf"
    source = DOCUMENTS["cv_dong_thap"] if "cv_dong_thap" in DOCUMENTS else next(iter(DOCUMENTS.values()))
    subprocess.run([sys.executable, str(RENDER_TOOL), str(source), str(pdf)], check=True, capture_output=True)
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(folder / "page")], check=True)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    walls, cpus = [], []
    for _ in range(runs):
        cpu, started = _cpu(), time.perf_counter()
        subprocess.run(["tesseract", str(folder / "page.png"), "-", "-l", "vie"], check=True, capture_output=True,
                       env=env)
        walls.append(time.perf_counter() - started)
        cpus.append(_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _format(cell: tuple[float, float, int] | None, form: str) -> str:
    if cell is None:
        return "—"
    score, seconds, _ = cell
    mark = " ✗" if score < TARGETS.get(form, TARGET) else ""
    return f"{score:.3f} / {seconds:.2f} s{mark}"


def main(argv: list[str]) -> int:
    runs = 5
    if "--runs" in argv:
        runs = int(argv[argv.index("--runs") + 1])
        argv = [a for a in argv if a not in ("--runs", str(runs))]
    replay = "--no-ocr" in argv
    forms = {**FORMS, **(UNSEEN if "--unseen" in argv else {})}
    names = [a for a in argv if not a.startswith("--")] or list(DOCUMENTS)
    now = datetime.now(timezone.utc).strftime("%d/%m/%Y %H:%M UTC")
    print(f"{now}, {platform.machine()} with {os.cpu_count()} cores, Tesseract "
          f"{'replayed (--no-ocr)' if replay else 'run for real'}, scorer: "
          f"{'shared/tools/score_extraction.py' if SCORER else 'tests/extraction/scoring.py'}")
    print("Each cell: full F1 / seconds from the file to the proposal; ✗: short of the target "
          f"({TARGET}, eng-OCR {TARGETS['eng_ocr']})\n")
    print("| document | pages | " + " | ".join(forms.values()) + " |")
    print("|---|---:|" + "---|" * len(forms))
    for name in names[:1]:                  # load the lexicon and the registries' indexes once, untimed
        _cell(name, "eng_ocr", Path("."), True)
    misses: list[str] = []
    scores: dict[str, list[float]] = {form: [] for form in forms}
    with tempfile.TemporaryDirectory(prefix="chidao-bench-") as tmp:
        for name in names:
            cells = {form: _cell(name, form, Path(tmp), replay) for form in forms}
            for form, cell in cells.items():
                if cell is None:
                    continue
                scores[form].append(cell[0])
                if cell[0] < TARGETS.get(form, TARGET):
                    misses.append(f"{name} as {forms[form]}: {cell[0]:.3f} (target {TARGETS.get(form, TARGET)})")
            pages = cells["scan_vie"][2] if cells["scan_vie"] else ""
            print(f"| {name} | {pages} | " + " | ".join(_format(cells[f], f) for f in forms) + " |", flush=True)
        print()
        for form, values in scores.items():
            if values:
                print(f"{forms[form]:9} mean full F1 {statistics.mean(values):.3f}, min {min(values):.3f}, "
                      f"{sum(v < TARGETS.get(form, TARGET) for v in values)} of {len(values)} short of the target")
        print("short of the target: " + ("; ".join(misses) if misses else "none"))
        name, size, seconds = _largest_text_seconds(runs)
        print(f"extraction of the largest text ({name}, {size:.1f} KB), median of {runs}: {seconds:.3f} s "
              f"(target < 1 s)")
        page = _one_page_ocr(Path(tmp), 3)
        if page:
            print(f"OCR of one scanned A4 page (200 dpi, tesseract -l vie, OMP_THREAD_LIMIT=1), median of 3: "
                  f"{page[0]:.2f} s wall-clock, {page[1]:.2f} s CPU (target < 3 s)")
    load = open("/proc/loadavg").read().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(f"load average at the end: {' '.join(load)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""How well and how fast directives are read and extracted, per document and per form.

For every fixture directive (the corpus, the other provinces' letters, the further
layouts; see tests/extraction/scan_fixtures.py) and every form it arrives in — its
text, a .docx, a text PDF, and a scanned PDF (rendered with ../shared/tools/
render_scan.py, then OCR'd for real with Tesseract's Vietnamese model) — prints the
full F1 against the annotation (../shared/tools/score_extraction.py), the time to
read the file (for a scan: the OCR, in total and per page, wall-clock and CPU — the CPU
time of this process and of Tesseract is what a page takes on an idle core, the
wall-clock time what it took on the machine as loaded) and the median time to extract
the proposal from what was read (the 38.7 KB corpus text is the "40 KB" row). Measures
only; asserts nothing.

    .venv/bin/python benchmarks/bench_extract.py [NAME ...] [--runs N] [--no-ocr]

--no-ocr replays the recorded Tesseract output instead of OCR-ing (F1 only, no OCR time).
"""
from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.extraction import extract_document  # noqa: E402
from engine.extraction.reading import read_bytes, read_document  # noqa: E402
from tests.extraction.conftest import registry_for  # noqa: E402
from tests.extraction.scan_fixtures import DOCUMENTS, RENDER_TOOL, replayed_document  # noqa: E402
from tests.extraction.variant_scores import full_f1  # noqa: E402
from tests.extraction.variants import to_docx, to_text_pdf  # noqa: E402


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(action):
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def _timed_cpu(action):
    cpu, started = _cpu(), time.perf_counter()
    result = action()
    return result, time.perf_counter() - started, _cpu() - cpu


def _extract_times(document, registry, runs: int) -> tuple[dict, float]:
    proposal = extract_document(document, registry)
    times = []
    for _ in range(runs):
        _, seconds = _timed(lambda: extract_document(document, registry))
        times.append(seconds)
    return proposal, statistics.median(times)


def _scan(name: str, folder: Path, replay: bool):
    if replay or not RENDER_TOOL.is_file():
        return replayed_document(name), None, None
    pdf = folder / f"{name}.pdf"
    subprocess.run([sys.executable, str(RENDER_TOOL), str(DOCUMENTS[name]), str(pdf)], check=True,
                   capture_output=True)
    return _timed_cpu(lambda: read_document(pdf))


def main(argv: list[str]) -> int:
    runs = 5
    if "--runs" in argv:
        runs = int(argv[argv.index("--runs") + 1])
        argv = [a for a in argv if a not in ("--runs", str(runs))]
    replay = "--no-ocr" in argv
    names = [a for a in argv if not a.startswith("--")] or list(DOCUMENTS)
    print(f"{'document':34} {'form':9} {'size':>9} {'tasks':>5} {'full F1':>7} {'read s':>7} "
          f"{'s/page':>7} {'cpu/page':>8} {'extract s':>9}")
    f1s: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="chidao-bench-") as tmp:
        for name in names:
            text = DOCUMENTS[name].read_text(encoding="utf-8")
            registry = registry_for(name)
            forms = {
                "text": lambda: _timed_cpu(lambda: read_bytes(text.encode("utf-8"), f"{name}.txt")),
                "docx": lambda data=to_docx(text): _timed_cpu(lambda: read_bytes(data, f"{name}.docx")),
                "text_pdf": lambda data=to_text_pdf(text): _timed_cpu(lambda: read_bytes(data, f"{name}.pdf")),
                "scan_vie": lambda: _scan(name, Path(tmp), replay),
            }
            for form, read in forms.items():
                document, read_seconds, cpu_seconds = read()
                proposal, extract_seconds = _extract_times(document, registry, runs)
                score = full_f1(DOCUMENTS[name].with_suffix(".json"), proposal)
                f1s.setdefault(form, []).append(score)
                pages = len(document.pages)
                size = f"{len(text.encode('utf-8')) / 1024:.1f} KB" if form == "text" else f"{pages} p."
                scanned = read_seconds is not None and form == "scan_vie"
                per_page = f"{read_seconds / pages:7.2f}" if scanned else " " * 7
                cpu_page = f"{cpu_seconds / pages:8.2f}" if scanned else " " * 8
                read_text = f"{read_seconds:7.2f}" if read_seconds is not None else "      —"
                print(f"{name[:34]:34} {form:9} {size:>9} {len(proposal['tasks']):5d} {score:7.3f} {read_text} "
                      f"{per_page} {cpu_page} {extract_seconds:9.3f}", flush=True)
    load = open("/proc/loadavg").read().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(f"\nload average at the end: {' '.join(load)}")
    for form, scores in f1s.items():
        below = sum(s < 0.95 for s in scores)
        print(f"{form:9} mean full F1 {statistics.mean(scores):.3f}, min {min(scores):.3f}, "
              f"{below} of {len(scores)} below 0.95")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

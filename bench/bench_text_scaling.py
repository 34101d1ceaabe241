"""read_text at two sizes: pages/s must not fall as a text grows (the reader is linear).

The inputs are printed-line text as a PDF export gives it, written here: form feeds
between pages of 40 lines, each line unique (running headers are dropped, so a
repeated seed would not do). Two layouts: paragraphs of a few lines, and one run-on
paragraph through every page (a quotation never closed), where re-counting the
growing paragraph at each line made reflow quadratic. Baseline, measured in the same
run on the same bytes: decoding them and splitting them into lines.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench._timing import best_of

LINES_PER_PAGE = 40
SIZES = (25, 400)  # pages
REPEAT = 3
WORDS = (
    "triển khai thực hiện có hiệu quả các nhiệm vụ phát triển kinh tế xã hội bảo đảm quốc phòng an ninh "
    "nâng cao chất lượng đời sống vật chất tinh thần của nhân dân trên địa bàn toàn xã"
).split()


def printed_text(pages: int, run_on: bool) -> str:
    """``pages`` pages of printed lines; paragraphs end every 5 lines unless ``run_on``."""
    out = []
    n = 0
    for _ in range(pages):
        lines = []
        for _ in range(LINES_PER_PAGE):
            n += 1
            words = [WORDS[(n * 7 + k) % len(WORDS)] for k in range(14)]
            line = f"{'Dòng' if n % 5 == 1 else 'dòng'} {n} " + " ".join(words)
            if n == 1 and run_on:
                line = "“" + line
            if n % 5 == 0 and not run_on:
                line += "."
            lines.append(line)
        out.append("\n".join(lines))
    return "\f".join(out) + "\n"


def bare_lines(path: Path) -> None:
    path.read_bytes().decode("utf-8").splitlines()


def main() -> None:
    from pipeline.readers.text import read_text

    print(f"{'text':28} {'pages':>6} {'seconds':>8} {'pages/s':>9} {'vs bare split':>14} {'rate vs small':>14}")
    with tempfile.TemporaryDirectory(prefix="chitieu-bench-") as tmp:
        for run_on in (False, True):
            small_rate = None
            for pages in SIZES:
                path = Path(tmp) / f"printed-{pages}-{run_on}.txt"
                path.write_text(printed_text(pages, run_on), encoding="utf-8")
                seconds = best_of(lambda p=path: read_text(p), REPEAT)
                base = best_of(lambda p=path: bare_lines(p), REPEAT)
                rate = pages / seconds
                small_rate = small_rate or rate
                name = "one run-on paragraph" if run_on else "paragraphs of 5 lines"
                print(
                    f"{name:28} {pages:6d} {seconds:8.3f} {rate:9.1f} {base / seconds:13.4f}x "
                    f"{rate / small_rate:13.2f}x"
                )


if __name__ == "__main__":
    main()

"""Speed and memory of the NLP stages (everything after reading) on the corpus, one core.

Target: >= 20 pages/s and < 700 MB peak resident memory. The baseline, measured
in the same run on the same documents, is bare underthesea ``word_tokenize``
over every block of text: what segmenting whole documents would cost, which the
pipeline avoids by segmenting only the candidate clauses whose words it reads.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.extract import extract_document  # noqa: E402
from pipeline.readers import read  # noqa: E402

CORPUS = ROOT / "corpus"
TARGET_PAGES_PER_S = 20.0
TARGET_PEAK_MB = 700.0
ROUNDS = 3


def clear_text_caches() -> None:
    """Forget what an earlier round cached about these very texts: a real run sees each document once.

    Text-keyed caches are the project's lru caches that hold more than one entry
    (the data-table loaders hold one and stay warm, as in any long run).
    """
    for name, module in list(sys.modules.items()):
        if name == "pipeline" or name.startswith("pipeline."):
            for obj in vars(module).values():
                info = getattr(obj, "cache_info", None)
                if callable(info) and (info().maxsize or 0) > 1:
                    obj.cache_clear()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def main() -> None:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass
    pdfs = sorted(p for p in CORPUS.glob("*.pdf"))
    docs = [read(p) for p in pdfs]
    pages = sum(d.source.pages or 0 for d in docs)
    if not docs or not pages:
        print("bench_nlp: no PDF documents with pages in corpus/")
        return
    for d in docs:  # warm up: load underthesea's models and spaCy once (some load on first use)
        extract_document(d)

    from underthesea import word_tokenize

    # CPU seconds of this process (one core) are the measure: wall time also counts other load.
    w0, t0 = time.perf_counter(), time.process_time()
    for _ in range(ROUNDS):
        for d in docs:
            for b in d.blocks:
                if b.text.strip():
                    word_tokenize(b.text)
    baseline, baseline_wall = (time.process_time() - t0) / ROUNDS, (time.perf_counter() - w0) / ROUNDS

    w0, t0 = time.perf_counter(), time.process_time()
    n_targets = 0
    for _ in range(ROUNDS):
        clear_text_caches()
        for d in docs:
            n_targets += len(extract_document(d)["targets"])
    ours, ours_wall = (time.process_time() - t0) / ROUNDS, (time.perf_counter() - w0) / ROUNDS

    print(f"documents: {len(docs)} ({pages} pages), targets per round: {n_targets // ROUNDS}")
    print(f"baseline  word_tokenize over all blocks: {baseline:.2f} s CPU = {pages / baseline:6.1f} pages/s"
          f"  (wall {baseline_wall:.2f} s)")
    print(f"pipeline  extract_document (NLP stages): {ours:.2f} s CPU = {pages / ours:6.1f} pages/s"
          f"  (wall {ours_wall:.2f} s; {baseline / ours:.2f}x the baseline's speed; target >= {TARGET_PAGES_PER_S:g} pages/s)")
    print(f"peak memory: {peak_mb():.0f} MB (target < {TARGET_PEAK_MB:g} MB)")


if __name__ == "__main__":
    main()

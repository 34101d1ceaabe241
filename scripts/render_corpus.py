"""Render the text seeds as the DOCX, PDF and scanned PDF a commune would really publish.

The seeds in corpus/*.txt are what a converter left of the original documents
(lines broken as on the page, table rows split at page breaks, markdown and
HTML residue). This script rebuilds a plausible original from them so the
readers are tested on realistic input:

* a Word document (python-docx): reflowed, justified Times New Roman 14pt
  paragraphs on A4 with official-document margins, bold headings, the
  ``(1) (2) ...`` target lists and ``-`` bullets as REAL Word automatic
  numbering (the label lives in numbering.xml, not in the paragraph text), and
  the appendix of 18-CTr as one 7-column table with a repeating header row,
  group headings merged across all columns and continuation rows merged back
  into their row, on a landscape page;
* a PDF of it (LibreOffice headless), where that table continues across pages
  with its header repeated and rows split at page breaks;
* an image-only "scan" of a few pages (pdftoppm + Pillow), with no text layer.

It also writes the seeds made the independent ways of pipeline/renderings.py (pandoc, a
plain python-docx template; PDFs of each) into tests/data/renderings/<stem>.<way>.<ext>.
Outputs are committed so tests need no LibreOffice or pandoc. ``make corpus`` runs this;
``make renderings`` writes only the independent renderings.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline.renderings import (
    PROJECT_SEEDS,
    WAYS,
    RenderError,
    fix_pdf_identity,
    parse_seed,
    render,
    to_pdf,
    write_docx,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
RENDERINGS = ROOT / "tests" / "data" / "renderings"
# Pages of each PDF to put in the scanned copy (1-based): the target lists.
SCAN_PAGES = {"thai-tan-ctr-2025": (1, 3, 4)}


def scan(pdf: Path, pages: tuple[int, ...], out: Path, dpi: int = 200) -> None:
    """Rasterise pages as a photocopier would: grey, slightly skewed, noisy; no text layer."""
    from PIL import Image, ImageFilter

    rng = random.Random(pdf.stem)
    images = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in pages:
            prefix = Path(tmp) / f"p{n}"
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    str(dpi),
                    "-gray",
                    "-f",
                    str(n),
                    "-l",
                    str(n),
                    "-png",
                    str(pdf),
                    str(prefix),
                ],
                check=True,
            )
            png = next(Path(tmp).glob(f"p{n}*.png"))
            img = Image.open(png).convert("L")
            img = img.rotate(rng.uniform(-0.6, 0.6), resample=Image.BICUBIC, expand=False, fillcolor=255)
            img = img.filter(ImageFilter.GaussianBlur(0.5))
            px = img.load()
            w, h = img.size
            for _ in range(w * h // 3000):  # speckle
                x, y = rng.randrange(w), rng.randrange(h)
                px[x, y] = rng.choice((0, 90, 160))
            img = img.point(lambda v: min(255, int(v * 0.92 + 12)))  # toner grey, paper not white
            images.append(img)
    out.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:], quality=45)


def write_renderings(formats: tuple[str, ...] = tuple(WAYS)) -> None:
    """The seeds made the independent ways (pipeline/renderings.py), for the reader tests."""
    RENDERINGS.mkdir(parents=True, exist_ok=True)
    for stem in PROJECT_SEEDS:
        for fmt in formats:
            for way in WAYS[fmt][1:]:  # the project's own way is corpus/<stem>.docx|pdf
                try:
                    out = render(CORPUS / f"{stem}.txt", fmt, way, RENDERINGS)
                except RenderError as exc:
                    sys.exit(f"render_corpus: {exc}")
                out.with_name(out.name + ".key").unlink(missing_ok=True)
                print(f"wrote {out.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-pdf", action="store_true", help="only write the DOCX files")
    ap.add_argument(
        "--renderings", action="store_true", help="only write the independent renderings (tests/data/renderings)"
    )
    args = ap.parse_args(argv)
    if args.renderings:
        write_renderings()
        return 0
    for stem, cfg in PROJECT_SEEDS.items():
        seed = CORPUS / f"{stem}.txt"
        blocks = parse_seed(seed, cfg["mode"], cfg["title_blocks"], cfg["footer"])
        docx_path = CORPUS / f"{stem}.docx"
        write_docx(blocks, docx_path, cfg["footer"])
        print(f"wrote {docx_path.relative_to(ROOT)} ({len(blocks)} blocks)")
        if args.no_pdf:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            try:
                pdf = to_pdf(docx_path, Path(tmp))
            except RenderError as exc:
                sys.exit(f"render_corpus: {exc}")
            shutil.copyfile(pdf, CORPUS / f"{stem}.pdf")
            fix_pdf_identity(CORPUS / f"{stem}.pdf")
        print(f"wrote corpus/{stem}.pdf")
        if stem in SCAN_PAGES:
            out = CORPUS / "scanned" / f"{stem}-scan.pdf"
            scan(CORPUS / f"{stem}.pdf", SCAN_PAGES[stem], out)
            fix_pdf_identity(out)
            print(f"wrote {out.relative_to(ROOT)}")
    write_renderings(("docx",) if args.no_pdf else tuple(WAYS))
    return 0


if __name__ == "__main__":
    sys.exit(main())

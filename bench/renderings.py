"""PDF renderings of the dev documents (../shared/dev/docs), made on demand into .cache/dev-pdf/.

The dev documents are other people's texts: they are read in place and their
renderings stay in the ignored cache folder, never in the repository. Each goes
through pandoc to DOCX (headings, bold, lists, pipe tables as Word tables) and is
printed to PDF by LibreOffice, as an office would (``<doc>.pdf``); plain text is
also printed as LibreOffice opens it, in its monospaced font (``<doc>.txt.pdf``).
Renderings are kept between runs and remade when their source changes.

Not a bench itself (no bench_ prefix): ``bench_pdf_engines`` and the tools use it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_DOCS = ROOT.parent / "shared" / "dev" / "docs"
CACHE = ROOT / ".cache" / "dev-pdf"


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _to_pdf(sources: list[Path], out_dir: Path) -> None:
    """Print files to PDF with LibreOffice, each converted as the readers convert (a private
    folder and profile, the whole LibreOffice killed past its time)."""
    from pipeline.readers.office import converted

    for source in sources:
        with converted(source, "pdf", timeout=300) as pdf:
            shutil.copyfile(pdf, out_dir / f"{source.name.removesuffix(source.suffix)}.pdf")


def dev_pdfs(docs: Path = DEV_DOCS, cache: Path = CACHE) -> list[Path]:
    """PDF renderings of the dev documents ([] when the documents, pandoc or LibreOffice are missing)."""
    sources = sorted(p for p in docs.glob("*") if p.suffix in (".md", ".txt")) if docs.is_dir() else []
    if not sources or _soffice() is None or shutil.which("pandoc") is None:
        return []
    cache.mkdir(parents=True, exist_ok=True)
    wanted = [(s, f"{s.stem}.pdf") for s in sources] + [(s, f"{s.stem}.txt.pdf") for s in sources if s.suffix == ".txt"]
    with tempfile.TemporaryDirectory(prefix="chitieu-render-") as tmp:
        inputs = []
        for source, name in wanted:
            if _fresh(cache / name, source):
                continue
            made = Path(tmp) / name.removesuffix(".pdf")  # LibreOffice names its PDF after the stem
            if name.endswith(".txt.pdf"):
                made = made.with_name(made.name + ".txt")
                shutil.copyfile(source, made)
            else:
                made = made.with_suffix(".docx")
                subprocess.run(["pandoc", "-f", "markdown", "-t", "docx", "-o", str(made), str(source)], check=True)
            inputs.append(made)
        _to_pdf(inputs, cache)
    return [cache / name for _, name in wanted if (cache / name).is_file()]


def _fresh(pdf: Path, source: Path) -> bool:
    return pdf.is_file() and pdf.stat().st_mtime >= source.stat().st_mtime


if __name__ == "__main__":
    for p in dev_pdfs():
        print(p)

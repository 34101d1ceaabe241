"""The ``chitieu`` command: a thin layer over the library, one function per command.

Each command's options are declared here; the work is done by ``run(args)`` in
the module that owns that stage, so the CLI never grows logic of its own.

One convention for every command: an error is one line on standard error,
``chitieu COMMAND: PATH: reason``, never a traceback. Exit status:
  0  success;
  1  extract: some documents failed (the rest are written); diff: the programs differ;
  2  the command could not do its work: bad usage, a missing input, or (for the commands
     that read one document: read, check, diff, eval) a document that cannot be read;
  3  extract: only documents that need a system tool that is not installed (OCR) failed;
  130  interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import sys
from collections.abc import Sequence

from . import __version__
from .errors import DocumentError

EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chitieu",
        description="Extract targets (chỉ tiêu) from Vietnamese program documents as validated JSON.",
    )
    parser.add_argument("--version", action="version", version=f"chitieu {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("extract", help="extract targets from files or folders into OUT/<stem>.json")
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="files (.pdf .docx .doc .rtf .odt .txt .md) or folders"
    )
    p.add_argument("-o", "--output", default="outputs", metavar="OUT", help="output folder (default: outputs)")
    p.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="GLOB",
        help="in folders, read only files whose name matches GLOB (the path below the folder if GLOB has a '/'; "
        "case-insensitive; repeatable). Files named on the command line are always read",
    )
    p.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="in folders, leave out files and folders matching GLOB (as --include; repeatable; wins over --include)",
    )
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)")
    p.add_argument("--executor", choices=["local", "dask"], default="local")
    p.add_argument("--scheduler", metavar="ADDRESS", help="dask.distributed scheduler address (with --executor dask)")
    p.add_argument("--timeout", type=float, default=300.0, help="per-document time limit in seconds (default: 300)")
    p.add_argument("--no-cache", action="store_true", help="re-extract even unchanged files")
    p.add_argument("--no-tables", action="store_true", help="skip outputs/tables and review pages")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _pdf_engine_option(p)
    p.set_defaults(module="pipeline.batch", paths=["inputs"])

    p = sub.add_parser(
        "eval",
        help="score extraction against gold annotations (see docs/ANNOTATION.md)",
        description="Extract documents and score them against gold annotations: recall, precision, F1 and "
        "per-field accuracy. What counts as a target, how each field is normalised and how matches are "
        "scored: docs/ANNOTATION.md. The gold of the two seed documents: tests/gold/. With --dev, also "
        "a development set, a third of which is held out as a check.",
    )
    p.add_argument("inputs", nargs="*", default=["corpus"], metavar="INPUT", help="documents to extract and score")
    p.add_argument(
        "--gold",
        default="tests/gold",
        help="folder of gold JSON files, matched by file stem (default: tests/gold, the seeds' gold)",
    )
    p.add_argument("--dev", metavar="DIR", help="a development set: DIR/docs and DIR/gold (e.g. ../shared/dev)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--verbose", "-v", action="store_true", help="list misses, false positives and field errors")
    p.add_argument("--show-check", action="store_true", help="with --verbose, list them for the held-out third too")
    p.add_argument(
        "--render", type=int, default=0, metavar="N",
        help="also score DOCX and PDF renderings of N dev documents of each genre (made into outputs/.cache/renderings)",
    )
    _pdf_engine_option(p)
    p.set_defaults(module="pipeline.evaluate", paths=["inputs", "gold"])  # an absent --dev is said in one line

    p = sub.add_parser("diff", help="compare a revised program with the one it replaces")
    p.add_argument("old", help="old program: a document or its JSON output")
    p.add_argument("new", help="new program: a document or its JSON output")
    p.add_argument("--format", choices=["table", "markdown", "html", "json"], default="table")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(module="pipeline.diff", paths=["old", "new"])

    p = sub.add_parser("check", help="print consistency warnings of a document or its JSON output")
    p.add_argument("file")
    p.set_defaults(module="pipeline.consistency", paths=["file"])

    p = sub.add_parser("read", help="show the document model of one file (blocks and outline)")
    p.add_argument("file")
    p.add_argument("--outline", action="store_true", help="print the outline tree only")
    _pdf_engine_option(p)
    p.set_defaults(module="pipeline.inspect", paths=["file"])
    return parser


def missing_inputs(args: argparse.Namespace) -> list[str]:
    """The input paths named on the command line that do not exist."""
    named: list[str] = []
    for dest in args.paths:
        value = getattr(args, dest)
        named.extend(value if isinstance(value, list) else [] if value is None else [value])
    return [p for p in named if not os.path.exists(p)]


def _pdf_engine_option(p: argparse.ArgumentParser) -> None:
    from .readers import PDF_ENGINES

    p.add_argument(
        "--pdf-engine",
        choices=PDF_ENGINES,
        default=None,
        help="what reads PDFs: pdfium (fast, the default; a page with a ruled table, or whose text PDFium "
        "cannot give cleanly, goes to pdfplumber) or pdfplumber (every page: the reference reading, to compare with)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else list(argv))
    prefix = f"chitieu {args.command}"
    missing = missing_inputs(args)
    if missing:
        print(f"{prefix}: {DocumentError(missing[0], 'no such file or folder')}", file=sys.stderr)
        return EXIT_ERROR
    module = importlib.import_module(args.module)
    try:
        return int(module.run(args) or 0)
    except DocumentError as err:
        print(f"{prefix}: {err}", file=sys.stderr)
        return EXIT_ERROR


def command() -> None:
    """The ``chitieu`` program: ``main``, then the process ends at once.

    Every file a command writes is closed (and renamed into place) before ``main`` returns;
    what an ending interpreter does after that is free the objects of spaCy, pandas and the
    models, a quarter of a second of every run. The exit handlers still run, the output is
    flushed, and the process ends with ``main``'s status, without that teardown. A command
    that raises (argparse's usage exit included) ends as any program does.
    """
    code = main()
    try:
        atexit._run_exitfuncs()  # multiprocessing's, logging's, tempfile's finalizers
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # a closed stdout (| head): the normal ending reports it
        raise SystemExit(code) from None
    os._exit(code)


if __name__ == "__main__":
    command()

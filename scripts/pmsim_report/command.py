"""scripts/report RESULT.h5 [B.h5 ...] [-o DIR] [--point I] [--common-scale]: the command line,
and writing the report all or nothing. One file gives its report; several, a comparison page.

Exit codes as pmsim's: 0 success, 2 bad input (nothing is written), 1 failure while drawing."""
import argparse
import os
import re
import shutil
import sys
import tempfile
import traceback

from .results import ReportInputError, open_results

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2
# files the report writes besides its figures (removed from the target only by name)
PDF_FILE, CSV_FILE = "report.pdf", "comparison.csv"


def default_output_directory(results_paths):
    """output/default.h5 -> output/default_report/; several files -> <first>_comparison/"""
    first = results_paths[0]
    stem = first[:-3] if first.endswith(".h5") else first
    return stem + ("_report" if len(results_paths) == 1 else "_comparison")


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="report", description="Draw the figures of a pmsim results file and write an HTML page (index.html) "
                                   "and report.pdf; with several files, a page comparing them.")
    parser.add_argument("results", metavar="RESULT.h5", nargs="+",
                        help="results file written by `pmsim run` or `pmsim sweep`; several: compare them "
                             "(differences from the first)")
    parser.add_argument("-o", "--output", metavar="DIR",
                        help="directory for index.html, report.pdf and the PNGs (default: RESULT without .h5, plus "
                             "_report/, or the first file's plus _comparison/)")
    parser.add_argument("--point", metavar="I", type=int,
                        help="sweep files: the point (/sweep/I) the per-contract figures and the comparison show "
                             "(default: 0, the first)")
    parser.add_argument("--common-scale", action="store_true",
                        help="draw every contract's panel on one shared axis (default: each panel its own)")
    return parser.parse_args(argv)


def _draw_report(results, staging):
    # imported here: bad input is refused without the second it takes to load matplotlib
    from . import figures, page, pdf, style
    colours = style.contract_colours(results.run.names)
    kept = style.keep_for_pdf()
    try:
        drawn = []
        for module in figures.IN_PAGE_ORDER:
            drawn += module.draw(results, colours, staging)
        name = results.attrs.get("scenario_name", "pmsim run")
        pdf.write(os.path.join(staging, PDF_FILE), f"pmsim report: {page.text(name)}", page.text_sections(results),
                  drawn, kept)
    finally:
        style.keep_for_pdf(False)
    page.write(os.path.join(staging, "index.html"), results, colours, drawn)
    return [f.file for f in drawn] + [PDF_FILE]


def _draw_comparison(runs, staging):
    from . import comparison, comparison_page, pdf, style
    from .figures import margin_overlay
    compared = comparison.compare(runs)
    colours = style.run_colours(len(runs))
    kept = style.keep_for_pdf()
    try:
        drawn = margin_overlay.draw(compared, colours, staging)
        pdf.write(os.path.join(staging, PDF_FILE), comparison_page.TITLE, comparison_page.text_sections(compared),
                  drawn, kept)
    finally:
        style.keep_for_pdf(False)
    comparison.write_csv(os.path.join(staging, CSV_FILE), compared)
    comparison_page.write(os.path.join(staging, "index.html"), compared, colours, drawn)
    return [f.file for f in drawn] + [PDF_FILE, CSV_FILE]


def _ours():
    """Patterns of every file name this tool writes, for removing what an earlier report left."""
    from . import figures
    patterns = [getattr(m, "FILE_PATTERN", None) or re.escape(m.FILE) for m in figures.ALL_MODULES]
    return [re.compile(p) for p in patterns + [re.escape(PDF_FILE), re.escape(CSV_FILE)]]


def _publish(staging, target, written):
    """Moves the finished files into target, index.html last, and removes files an earlier
    report left there that this one no longer writes (only names this tool writes)."""
    os.makedirs(target, exist_ok=True)
    for name in written:
        os.replace(os.path.join(staging, name), os.path.join(target, name))
    current = set(written)
    ours = _ours()
    for name in os.listdir(target):
        if name not in current and any(p.fullmatch(name) for p in ours):
            os.remove(os.path.join(target, name))
    os.replace(os.path.join(staging, "index.html"), os.path.join(target, "index.html"))


def _open_all(args):
    opened = []
    try:
        for path in args.results:
            results = open_results(path, args.point)
            results.common_scale = args.common_scale
            opened.append(results)
    except ReportInputError:
        for results in opened:
            results.close()
        raise
    return opened


def _check_target(target):
    if os.path.exists(target) and not os.path.isdir(target):
        return f"{target} exists and is not a directory"
    parent = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(parent):
        return f"cannot write {target}: directory {parent} does not exist"
    return None


def main(argv=None):
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    if args.point is not None and args.point < 0:
        print(f"report: --point {args.point}: a sweep point index is 0 or more", file=sys.stderr)
        return EXIT_BAD_INPUT
    target = args.output or default_output_directory(args.results)
    try:
        opened = _open_all(args)
    except ReportInputError as e:
        print(f"report: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    problem = _check_target(target)
    if problem:
        print(f"report: {problem}", file=sys.stderr)
        for results in opened:
            results.close()
        return EXIT_BAD_INPUT
    # drawn next to the target first, so a failure leaves no half-written report behind
    staging = tempfile.mkdtemp(prefix=".report-partial-", dir=os.path.dirname(os.path.abspath(target)))
    try:
        written = _draw_report(opened[0], staging) if len(opened) == 1 else _draw_comparison(opened, staging)
        _publish(staging, target, written)
    except Exception:  # noqa: BLE001  (any drawing error: report it, leave nothing)
        traceback.print_exc()
        print(f"report: failed while drawing {', '.join(args.results)}; nothing written to {target}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        for results in opened:
            results.close()
    print(os.path.join(target, "index.html"))
    return EXIT_OK

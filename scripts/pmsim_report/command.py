"""scripts/report RESULT.h5 [-o DIR]: the command line, and writing the report all or nothing.

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


def default_output_directory(results_path):
    """output/default.h5 -> output/default_report/"""
    stem = results_path[:-3] if results_path.endswith(".h5") else results_path
    return stem + "_report"


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="report", description="Draw the figures of a pmsim results file and write an HTML page (index.html).")
    parser.add_argument("results", metavar="RESULT.h5", help="results file written by `pmsim run`")
    parser.add_argument("-o", "--output", metavar="DIR",
                        help="directory for index.html and the PNGs (default: RESULT without .h5, plus _report/)")
    return parser.parse_args(argv)


def _draw_everything(results, staging):
    # imported here: bad input is refused without the second it takes to load matplotlib
    from . import figures, page, style
    colours = style.contract_colours(results.run.names)
    drawn = []
    for module in figures.IN_PAGE_ORDER:
        drawn += module.draw(results, colours, staging)
    page.write(os.path.join(staging, "index.html"), results, colours, drawn)
    return drawn


def _publish(staging, target, drawn):
    """Moves the finished files into target, index.html last, and removes figures an earlier
    report left there that this one no longer draws (only names this tool writes)."""
    os.makedirs(target, exist_ok=True)
    for figure in drawn:
        os.replace(os.path.join(staging, figure.file), os.path.join(target, figure.file))
    from . import figures
    current = {f.file for f in drawn}
    ours = [re.compile(getattr(m, "FILE_PATTERN", None) or re.escape(m.FILE)) for m in figures.IN_PAGE_ORDER]
    for name in os.listdir(target):
        if name not in current and any(p.fullmatch(name) for p in ours):
            os.remove(os.path.join(target, name))
    os.replace(os.path.join(staging, "index.html"), os.path.join(target, "index.html"))


def main(argv=None):
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    target = args.output or default_output_directory(args.results)
    try:
        results = open_results(args.results)
    except ReportInputError as e:
        print(f"report: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if os.path.exists(target) and not os.path.isdir(target):
        print(f"report: {target} exists and is not a directory", file=sys.stderr)
        results.close()
        return EXIT_BAD_INPUT
    parent = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(parent):
        print(f"report: cannot write {target}: directory {parent} does not exist", file=sys.stderr)
        results.close()
        return EXIT_BAD_INPUT
    # drawn next to the target first, so a failure leaves no half-written report behind
    staging = tempfile.mkdtemp(prefix=".report-partial-", dir=parent)
    try:
        drawn = _draw_everything(results, staging)
        _publish(staging, target, drawn)
    except Exception:  # noqa: BLE001  (any drawing error: report it, leave nothing)
        traceback.print_exc()
        print(f"report: failed while drawing {args.results}; nothing written to {target}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        results.close()
    print(os.path.join(target, "index.html"))
    return EXIT_OK

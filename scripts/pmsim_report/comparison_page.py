"""The comparison page (scripts/report A.h5 B.h5 ...): the runs and how each pairs with the
first, then per contract its headline statistics in every run and the differences from the
first run with their SEs (comparison.py says how they are computed)."""
import html
import math
import textwrap

import matplotlib.colors

from . import page, style
from .comparison import STATISTICS
from .results import text

TITLE = "pmsim comparison"


def _number(value, digits=3):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return f"{value:,.{digits}f}"


def _contract_scale(contract):
    amounts = [e[k].value for e in contract.estimates if e for k, *_ in STATISTICS if e.get(k) is not None]
    return style.MoneyScale(amounts)


def _shown(value, se, kind, scale):
    """'1.234 ± 0.056' in the table's unit (probabilities as they are)."""
    if kind == "money":
        value, se = float(scale(value)), float(scale(se))
    return f"{_number(value)} ± {_number(se)}"


def run_rows(comparison):
    """(label, file, scenario, seed, replications, first replication, scenario_sha256, pairing) per run."""
    rows = []
    for run in comparison.runs:
        a = run.results.attrs
        rows.append([run.label, run.results.path + (f" (sweep point {run.results.shown_point.index})"
                                                    if run.results.shown_point is not None else ""),
                     text(a.get("scenario_name", "")), text(a.get("seed", "")), text(a.get("replications", "")),
                     text(a.get("first_replication", "")), text(a.get("scenario_sha256", ""))[:12],
                     run.pairing_reason])
    return rows


RUN_HEADER = ["run", "file", "scenario", "seed", "replications", "first replication", "scenario sha256", "pairing"]


def contract_rows(comparison, contract):
    """Header and rows (statistic, each run's value ± SE, each later run's difference ± SE) of one contract."""
    runs = comparison.runs
    header = ["statistic"] + [f"{r.label}" for r in runs] + [f"{r.label} − {runs[0].label}" for r in runs[1:]]
    scale = _contract_scale(contract)
    rows = []
    for key, label, _, _, _, kind in STATISTICS:
        cells = [(label + (f" ({scale.unit})" if kind == "money" else ""), None, None)]
        for estimate in contract.estimates:
            e = estimate.get(key) if estimate else None
            cells.append((_shown(e.value, e.se, kind, scale) if e else "–", e.value if e else None, key))
        for run, differences in zip(runs[1:], contract.differences):
            d = differences.get(key) if differences else None
            shown = _shown(d.value, d.se, kind, scale) + (" *" if d.beyond_mc_error else "") if d else "–"
            cells.append((shown, d.value if d else None, key))
        rows.append(cells)
    return header, rows


def _pairing_note(comparison):
    notes = []
    for run in comparison.runs[1:]:
        how = ("paired: SE of the per-replication differences (replication r of both drew the same random "
               "numbers; a bootstrap resampling the same replications for VaR and ES)" if run.paired else
               "unpaired: SE = sqrt(SE_A² + SE_B²)")
        notes.append(f"{run.label} − {comparison.runs[0].label}: {how}; {run.pairing_reason}.")
    return " ".join(notes)


NOTE = ("Horizon values (the performance years added up). Money in the unit of each table; VaR and ES are losses of "
        "the horizon margin (positive = loss); P(ruin): cash below zero at some month end; payer savings: "
        "fee-for-service payer spend minus the contract's on the same claims. ± is one standard error (mean: MC SE; "
        "probability: binomial; VaR, ES: bootstrap over replications). * marks a difference beyond Monte Carlo "
        "error (|difference| > 4 SE).")


def _html_rows(header, rows, left=1):
    """A table whose first `left` columns are text (left-aligned), the others numbers."""
    head = "".join(f"<th class='name'>{html.escape(h)}</th>" if i < left else f"<th>{html.escape(h)}</th>"
                   for i, h in enumerate(header))
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            shown, value, key = cell if isinstance(cell, tuple) else (cell, None, None)
            data = (f" data-statistic='{key}'" if key else "") + (f" data-value='{value!r}'" if value is not None else "")
            cells.append(f"<td class='name'{data}>{html.escape(shown)}</td>" if i < left else
                         f"<td{data}>{html.escape(shown)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def write(path, comparison, colours, figures):
    runs = comparison.runs
    swatches = "".join(f"<span class='swatch' style='background:{matplotlib.colors.to_hex(c)}'></span>"
                       f"{html.escape(r.label)}: {html.escape(r.results.label)} &nbsp; " for r, c in zip(runs, colours))
    parts = [f"<p>{len(runs)} runs, differences from {html.escape(runs[0].label)}. {swatches}</p>",
             "<h2>Runs</h2>", _html_rows(RUN_HEADER, run_rows(comparison), left=len(RUN_HEADER)),
             f"<p class='note'>{html.escape(_pairing_note(comparison))}</p>"]
    for contract in comparison.contracts:
        missing = [runs[i].label for i in contract.missing_from]
        parts.append(f"<h2 id='contract-{html.escape(contract.name)}'>{html.escape(contract.name)}</h2>")
        if missing:
            parts.append(f"<p class='note missing'>Not in run{'s' if len(missing) > 1 else ''} "
                         f"{html.escape(', '.join(missing))}: no difference there.</p>")
        header, rows = contract_rows(comparison, contract)
        parts.append(f"<div data-contract='{html.escape(contract.name)}'>{_html_rows(header, rows)}</div>")
    parts.append(f"<p class='note'>{html.escape(NOTE)} The exact numbers are in "
                 f"<a href='comparison.csv'>comparison.csv</a>.</p>")
    parts.append(page.figures_html(figures))
    with open(path, "w", encoding="utf-8") as f:
        f.write(page.document(TITLE, "".join(parts)))


def _text_table(header, rows):
    cells = [header] + [[c[0] if isinstance(c, tuple) else c for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    return "\n".join("  ".join(t.ljust(w) if i == 0 else t.rjust(w) for i, (t, w) in enumerate(zip(r, widths)))
                     for r in cells)


def text_sections(comparison):
    """The page's tables for report.pdf."""
    runs = comparison.runs
    run_lines = [f"{r[0]}: {r[1]}\n   scenario {r[2]}, seed {r[3]}, replications {r[4]} from {r[5]}, "
                 f"sha256 {r[6]}; {r[7]}" for r in run_rows(comparison)]
    sections = [("Runs", "\n".join(run_lines) + "\n\n" + textwrap.fill(_pairing_note(comparison), 150))]
    for contract in comparison.contracts:
        missing = [runs[i].label for i in contract.missing_from]
        body = _text_table(*contract_rows(comparison, contract))
        if missing:
            body += f"\n(not in {', '.join(missing)}: no difference there)"
        sections.append((f"Contract {contract.name}", body))
    sections.append(("Notes", textwrap.fill(NOTE, 150)))
    return sections

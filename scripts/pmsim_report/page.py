"""The report's HTML page: provenance, a horizon summary per contract, the figures with their
captions. Self-contained: inline style, images by relative path, no scripts, no network."""
import html
import math

import matplotlib.colors

from . import style
from .results import text

MONEY_COLUMNS = ("provider_revenue", "provider_margin", "payer_spend", "payer_savings")

CSS = """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; max-width: 1400px; margin: 2em auto;
       padding: 0 1.5em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; }
dl.provenance { display: grid; grid-template-columns: max-content auto; gap: 0.15em 1.2em; }
dl.provenance dt { font-weight: bold; }
dl.provenance dd { margin: 0; font-family: "DejaVu Sans Mono", monospace; }
table { border-collapse: collapse; font-size: 0.92em; margin: 0.6em 0 1.2em; }
th, td { padding: 0.3em 0.7em; border-bottom: 1px solid #e2e2e2; text-align: right; }
th { background: #f3f3f3; }
td.name, th.name { text-align: left; }
span.swatch { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.4em; vertical-align: -0.1em;
              border-radius: 2px; }
figure { margin: 1em 0 2.2em; }
figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { font-size: 0.95em; color: #444; max-width: 70em; }
p.note { color: #555; font-size: 0.92em; }
"""


def _cell(value, digits=3):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}"


def _money_scale(run):
    amounts = []
    for contract in run.contracts:
        for metric in MONEY_COLUMNS:
            summary = contract.horizon_summary(metric) if contract.has(metric) else None
            if summary:
                amounts += [summary["mean"], summary.get("var95", 0.0), summary.get("es95", 0.0)]
    return style.MoneyScale(amounts)


def summary_table(run, colours, horizon_label):
    """One row per contract: the horizon values of the CLI's summary table."""
    scale = _money_scale(run)
    head = ("<tr><th class='name'>contract</th><th class='name'>type</th><th>revenue</th><th>margin ± MC SE</th>"
            "<th>margin SD</th><th>VaR95</th><th>ES95</th><th>P(loss)</th><th>P(ruin)</th><th>payer spend</th>"
            "<th>payer savings ± MC SE</th></tr>")
    rows = []
    for contract in run.contracts:
        summary = {m: (contract.horizon_summary(m) if contract.has(m) else None)
                   for m in MONEY_COLUMNS + ("provider_cash_low",)}

        def money(metric, column):
            s = summary[metric]
            return _cell(float(scale(s[column]))) if s else "–"

        def with_se(metric):
            s = summary[metric]
            return f"{_cell(float(scale(s['mean'])))} ± {_cell(float(scale(s['mc_se'])))}" if s else "–"

        margin, cash = summary["provider_margin"], summary["provider_cash_low"]
        swatch = matplotlib.colors.to_hex(colours[contract.name])
        rows.append(
            f"<tr><td class='name'><span class='swatch' style='background:{swatch}'></span>"
            f"{html.escape(contract.name)}</td><td class='name'>{html.escape(contract.type)}</td>"
            f"<td>{money('provider_revenue', 'mean')}</td><td>{with_se('provider_margin')}</td>"
            f"<td>{money('provider_margin', 'sd')}</td><td>{money('provider_margin', 'var95')}</td>"
            f"<td>{money('provider_margin', 'es95')}</td><td>{_cell(margin['p_loss'] if margin else None)}</td>"
            f"<td>{_cell(cash['p_loss'] if cash else None)}</td><td>{money('payer_spend', 'mean')}</td>"
            f"<td>{with_se('payer_savings')}</td></tr>")
    note = (f"<p class='note'>Over the {html.escape(horizon_label)} (sums; {scale.unit}; mean over replications). "
            "VaR95/ES95: loss of the horizon margin at 95% (positive = loss); P(ruin): cash below zero at a month "
            "end; payer savings: fee-for-service payer spend minus this contract's, on the same simulated claims.</p>")
    return f"<table>{head}{''.join(rows)}</table>{note}"


def _provenance(results):
    a = results.attrs
    fields = [("scenario", "scenario_name"), ("seed", "seed"), ("replications", "replications"),
              ("pmsim version", "pmsim_version"), ("performance years", "years"),
              ("baseline years", "baseline_years"), ("git commit", "git_commit"), ("created", "created"),
              ("scenario file", "scenario_file")]
    items = [f"<dt>{label}</dt><dd>{html.escape(text(a[key]))}</dd>" for label, key in fields if key in a]
    items.append(f"<dt>results file</dt><dd>{html.escape(results.path)}</dd>")
    return f"<dl class='provenance'>{''.join(items)}</dl>"


def _sweep_section(results, colours):
    if not results.sweep:
        return ""
    parts = ["<h2>Sweep points</h2>",
             f"<p>{len(results.sweep)} runs over {html.escape(', '.join(results.sweep_keys))}; the per-contract "
             "figures below show the first point, the sweep figure compares them all.</p>"]
    for point in results.sweep:
        label = ", ".join(f"{k} = {v}" for k, v in point.values.items())
        parts.append(f"<details><summary>point {html.escape(point.run.label)}: {html.escape(label)}</summary>"
                     f"{summary_table(point.run, colours, results.horizon_label)}</details>")
    return "".join(parts)


def write(path, results, colours, figures):
    name = text(results.attrs.get("scenario_name", "pmsim run"))
    figure_html = "".join(
        f"<figure><h2>{html.escape(f.title)}</h2><img src='{html.escape(f.file)}' alt='{html.escape(f.title)}'>"
        f"<figcaption>{html.escape(f.caption)}</figcaption></figure>" for f in figures)
    shown = " (first sweep point)" if results.sweep and results.run is results.sweep[0].run else ""
    document = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>pmsim report: {html.escape(name)}</title><style>{CSS}</style></head><body>"
        f"<h1>pmsim report: {html.escape(name)}</h1>{_provenance(results)}"
        f"<h2>Horizon summary per contract{shown}</h2>"
        f"{summary_table(results.run, colours, results.horizon_label)}"
        f"{_sweep_section(results, colours)}{figure_html}</body></html>\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write(document)

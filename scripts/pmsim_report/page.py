"""The report's HTML page: provenance, a horizon summary per contract, the figures with their
captions. Self-contained: inline style, images by relative path, no scripts, no network."""
import html
import textwrap

import matplotlib.colors

from . import tables
from .results import text

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
PDF_FILE = "report.pdf"


def html_table(table, colours):
    """A tables.Table as HTML: a colour swatch by each contract's name; each number cell carries
    the exact value it rounds in `data-value` (USD or a probability)."""
    head = "".join(f"<th class='name'>{html.escape(h)}</th>" if i < 2 else f"<th>{html.escape(h)}</th>"
                   for i, h in enumerate(table.header))
    rows = []
    for name, row in zip(table.contracts, table.rows):
        swatch = matplotlib.colors.to_hex(colours.get(name, "black"))
        cells = [f"<td class='name'><span class='swatch' style='background:{swatch}'></span>"
                 f"{html.escape(row[0].text)}</td>", f"<td class='name'>{html.escape(row[1].text)}</td>"]
        for column, cell in zip(table.header[2:], row[2:]):
            value = f" data-value='{cell.value!r}'" if cell.value is not None else ""
            cells.append(f"<td data-column='{html.escape(column)}'{value}>{html.escape(cell.text)}</td>")
        rows.append(f"<tr data-contract='{html.escape(name)}'>{''.join(cells)}</tr>")
    return (f"<table><tr>{head}</tr>{''.join(rows)}</table>"
            f"<p class='note'>{html.escape(table.note)}</p>")


def summary_table(run, colours, horizon_label):
    """One row per contract: the horizon values of the CLI's summary table."""
    return html_table(tables.summary_table(run, horizon_label), colours)


def provenance_items(results):
    """(label, value) of the page's provenance list."""
    a = results.attrs
    fields = [("scenario", "scenario_name"), ("seed", "seed"), ("replications", "replications"),
              ("pmsim version", "pmsim_version"), ("performance years", "years"),
              ("baseline years", "baseline_years"), ("git commit", "git_commit"), ("created", "created"),
              ("scenario file", "scenario_file")]
    items = [(label, text(a[key])) for label, key in fields if key in a]
    return items + [("results file", results.path)]


def _provenance(results):
    items = [f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>" for label, value in provenance_items(results)]
    return f"<dl class='provenance'>{''.join(items)}</dl>"


def text_sections(results):
    """The page's text and tables for report.pdf: (heading, fixed-width text)."""
    width = max(len(label) for label, _ in provenance_items(results))
    sections = [("Provenance", "\n".join(f"{label.ljust(width)}  {value}" for label, value in provenance_items(results)))]
    point = point_description(results)
    summary = tables.summary_table(results.run, results.horizon_label)
    sections.append((f"Horizon summary per contract{f' (sweep {point})' if point else ''}",
                     tables.as_text(summary) + "\n\n" + textwrap.fill(summary.note, 150)))
    for p in results.sweep:
        label = ", ".join(f"{k} = {v}" for k, v in p.values.items())
        table = tables.summary_table(p.run, results.horizon_label)
        sections.append((f"Sweep point {p.index}: {label} ({table.unit})", tables.as_text(table)))
    return sections


def point_description(results):
    """'point 2 of 0..3 (contracts[1].pmpm = 700)', or '' for a plain run."""
    point = results.shown_point
    if point is None:
        return ""
    values = ", ".join(f"{k} = {v}" for k, v in point.values.items())
    return f"point {point.index} of {results.sweep[0].index}..{results.sweep[-1].index} ({values})"


def _sweep_section(results, colours):
    if not results.sweep:
        return ""
    shown = point_description(results) or "the run at the file's root"
    zipped = (f" ({', '.join(results.sweep_zip_keys)} move together as one axis)"
              if len(results.sweep_zip_keys) > 1 else "")
    parts = ["<h2>Sweep points</h2>",
             f"<p>{len(results.sweep)} runs over {html.escape(', '.join(results.sweep_keys))}{html.escape(zipped)}; "
             f"the per-contract figures below show {html.escape(shown)} (choose another with --point I), "
             "the sweep figure compares them all.</p>"]
    for point in results.sweep:
        label = ", ".join(f"{k} = {v}" for k, v in point.values.items())
        parts.append(f"<details><summary>point {point.index}: {html.escape(label)}</summary>"
                     f"{summary_table(point.run, colours, results.horizon_label)}</details>")
    return "".join(parts)


def figures_html(figures):
    return "".join(
        f"<figure><h2>{html.escape(f.title)}</h2><img src='{html.escape(f.file)}' alt='{html.escape(f.title)}'>"
        f"<figcaption>{html.escape(f.caption)}</figcaption></figure>" for f in figures)


def document(title, body):
    """The page around `body`: the style inline, a link to the PDF of the same report."""
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>"
            f"<h1>{html.escape(title)}</h1>{body}"
            f"<p class='note'>The whole report for printing: <a href='{PDF_FILE}'>{PDF_FILE}</a>.</p>"
            "</body></html>\n")


def write(path, results, colours, figures):
    name = text(results.attrs.get("scenario_name", "pmsim run"))
    point = point_description(results)
    shown = f" (sweep {html.escape(point)})" if point else ""
    body = (f"{_provenance(results)}"
            f"<h2 id='summary'>Horizon summary per contract{shown}</h2>"
            f"{summary_table(results.run, colours, results.horizon_label)}"
            f"{_sweep_section(results, colours)}{figures_html(figures)}")
    with open(path, "w", encoding="utf-8") as f:
        f.write(document(f"pmsim report: {name}", body))

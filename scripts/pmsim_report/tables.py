"""The report's tables as data (header, rows of cells), so the HTML page and report.pdf show
the same numbers: each cell keeps the exact value it displays."""
import math
from dataclasses import dataclass

from . import style

MONEY_COLUMNS = ("provider_revenue", "provider_margin", "payer_spend", "payer_savings")


@dataclass
class Cell:
    text: str
    value: float = None  # the exact number shown (USD, or a probability), None for a label


@dataclass
class Table:
    header: list  # column labels; the first two name the row (contract, type)
    rows: list  # one list of Cells per contract
    contracts: list  # the contract name of each row
    note: str  # what the numbers are, in one paragraph
    unit: str = "USD"  # of the money columns


def number(value, digits=3):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}"


def money_scale(run):
    amounts = []
    for contract in run.contracts:
        for metric in MONEY_COLUMNS:
            summary = contract.horizon_summary(metric) if contract.has(metric) else None
            if summary:
                amounts += [summary["mean"], summary.get("var95", 0.0), summary.get("es95", 0.0)]
    return style.MoneyScale(amounts)


SUMMARY_HEADER = ["contract", "type", "revenue", "margin ± MC SE", "margin SD", "VaR95", "ES95", "VaR99", "ES99",
                  "P(loss)", "P(ruin)", "payer spend", "payer savings ± MC SE"]


def summary_table(run, horizon_label):
    """One row per contract: the horizon values of the CLI's summary table, with VaR99 and ES99
    (all read from the file's summary tables, section "Summary statistics" of docs/output.md)."""
    scale = money_scale(run)
    rows = []
    for contract in run.contracts:
        summary = {m: (contract.horizon_summary(m) if contract.has(m) else None)
                   for m in MONEY_COLUMNS + ("provider_cash_low",)}

        def money(metric, column):
            s = summary[metric]
            value = s.get(column) if s else None
            return Cell(number(float(scale(value))), value) if value is not None else Cell("–")

        def with_se(metric):
            s = summary[metric]
            if not s:
                return Cell("–")
            return Cell(f"{number(float(scale(s['mean'])))} ± {number(float(scale(s['mc_se'])))}", s["mean"])

        def probability(metric):
            s = summary[metric]
            return Cell(number(s["p_loss"]), s["p_loss"]) if s else Cell("–")

        rows.append([Cell(contract.name), Cell(contract.type), money("provider_revenue", "mean"),
                     with_se("provider_margin"), money("provider_margin", "sd"),
                     money("provider_margin", "var95"), money("provider_margin", "es95"),
                     money("provider_margin", "var99"), money("provider_margin", "es99"),
                     probability("provider_margin"), probability("provider_cash_low"),
                     money("payer_spend", "mean"), with_se("payer_savings")])
    note = (f"Over the {horizon_label} (sums; {scale.unit}; mean over replications). VaR95/ES95 and VaR99/ES99: "
            "loss of the horizon margin at 95% and 99% (positive = loss; with fewer than 100 replications the 99% "
            "figures rest on the single worst one); P(ruin): cash below zero at a month end; payer savings: "
            "fee-for-service payer spend minus this contract's, on the same simulated claims.")
    return Table(SUMMARY_HEADER, rows, run.names, note, scale.unit)


def as_text(table):
    """The table in fixed-width text (report.pdf), columns right-aligned as on the page."""
    cells = [table.header] + [[c.text for c in row] for row in table.rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(table.header))]
    lines = []
    for row in cells:
        lines.append("  ".join(t.ljust(w) if i < 2 else t.rjust(w) for i, (t, w) in enumerate(zip(row, widths))))
    return "\n".join(lines)

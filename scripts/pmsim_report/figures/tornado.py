"""Tornadoes of a parameter-uncertainty run: which uncertain parameters move an outcome most.
One figure per outcome (provider margin, payer savings, ...), one panel per contract."""
import re

import numpy as np
from matplotlib.patches import Patch

from .. import style
from ..figure import Figure

FILE_PATTERN = r"tornado_[A-Za-z0-9_.-]+\.png"
# pmsim's outcomes in its order (HDF5 lists groups alphabetically); others follow by name
OUTCOME_ORDER = ("provider_margin", "payer_savings", "provider_cash_low")
MOST_PARAMETERS = 12  # beyond this the bars are too thin to read; the file's order puts the largest first


def _file_name(outcome):
    return "tornado_" + re.sub(r"[^A-Za-z0-9_.-]", "_", outcome) + ".png"


def _baseline(results, table):
    """The outcome's mean over all replications: the point the bars swing away from. Without
    the outcome in the file, the mean of the decile means stands in for it."""
    contract = results.run.contract(table.contract)
    if contract is not None and contract.has(table.outcome):
        return contract.horizon_summary(table.outcome)["mean"]
    return float(np.mean((table.low + table.high) / 2))


def _parameter_label(results, name):
    """'name (p10 .. p90)' when the parameter's draws are in the file: the deciles the bars compare."""
    draws = results.parameters.get(name)
    if draws is None or draws.size == 0:
        return name
    p10, p90 = np.quantile(draws, (0.1, 0.9))
    return f"{name}\n({_short_number(p10)} .. {_short_number(p90)})"


def _short_number(x):
    return f"{x:,.0f}" if abs(x) >= 1e4 else f"{x:.4g}"


def _draw_panel(ax, results, table, colour, scale):
    """One contract's bars; `scale` is the figure's money unit, None for other units."""
    count = min(MOST_PARAMETERS, len(table.parameters))
    base = _baseline(results, table)
    scale = scale if table.unit == "USD" else None
    unit = scale.unit if scale else table.unit
    to_axis = scale if scale else (lambda v: np.asarray(v, dtype=float))
    y = np.arange(count)[::-1]  # the file's first (largest swing) on top
    low, high, base_value = to_axis(table.low[:count]), to_axis(table.high[:count]), float(to_axis(base))
    # low and high side by side, not overlaid: both may fall on the same side of the mean
    ax.barh(y + 0.19, low - base_value, left=base_value, color=colour, alpha=0.4, height=0.38)
    ax.barh(y - 0.19, high - base_value, left=base_value, color=colour, height=0.38)
    ax.axvline(base_value, color="0.25", linewidth=1)
    for yi, lo, hi, rho in zip(y, low, high, table.rank_correlation[:count]):
        ax.annotate(f"ρ={rho:+.2f}", (max(lo, hi, base_value), yi), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=8.5)
    ax.set_yticks(y, [_parameter_label(results, p) for p in table.parameters[:count]], fontsize=9)
    ax.margins(x=0.22)
    ax.grid(axis="y", visible=False)
    ax.set_title(table.contract, color=colour, fontweight="bold")
    ax.set_xlabel(f"mean horizon {table.outcome}" + (f" ({unit})" if unit else ""))


def draw(results, colours, out_dir):
    drawn = []
    outcomes = sorted({t.outcome for t in results.sensitivity},
                      key=lambda o: (OUTCOME_ORDER.index(o) if o in OUTCOME_ORDER else len(OUTCOME_ORDER), o))
    for outcome in outcomes:
        # a contract on which no parameter moves the outcome (FFS savings: always 0) has nothing to show
        tables = [t for t in results.sensitivity if t.outcome == outcome and np.any(t.low != t.high)]
        if not tables:
            continue
        rows = min(MOST_PARAMETERS, max(len(t.parameters) for t in tables))
        fig, axes = style.panel_grid(len(tables), columns=2, width=6.4, height=1.3 + 0.6 * rows)
        scale = style.MoneyScale(*(np.concatenate([t.low, t.high]) for t in tables))  # one unit for every panel
        for ax, table in zip(axes, tables):
            _draw_panel(ax, results, table, colours.get(table.contract, "black"), scale)
        if results.common_scale and len({t.unit for t in tables}) == 1:
            style.share_limits(axes, "x")
        style.key_below(fig, [Patch(facecolor=style.BAND_GREY, alpha=0.4, label="parameter in its lowest tenth"),
                              Patch(facecolor=style.BAND_GREY, label="parameter in its highest tenth")])
        fig.suptitle(f"Sensitivity of the horizon {outcome} to the uncertain parameters (largest swing on top)")
        file = _file_name(outcome)
        style.save(fig, f"{out_dir}/{file}")
        drawn.append(Figure(
            file, f"Tornado: {outcome}",
            f"Each bar is the mean horizon {outcome} in the replications where that parameter drew its lowest "
            "tenth (light, upper bar) or highest tenth (dark, lower bar), against the mean over all replications "
            "(vertical line): longer bars matter more; ρ is the rank correlation of parameter and outcome, and the "
            "parameter's 10th-90th percentile range is under its name."))
    return drawn

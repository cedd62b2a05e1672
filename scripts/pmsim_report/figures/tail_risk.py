"""Tail loss (VaR95, ES95) beside the mean margin, one row per contract on shared axes: this
is the figure for comparing contracts' risk directly."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch

from .. import style
from ..figure import Figure

FILE = "tail_risk.png"
BAR_HEIGHT = 0.38


def _label_bars(ax, bars, values, reach=None):
    """The value at the end of each bar, past its error bar (`reach`) when it has one."""
    reach = np.zeros(len(values)) if reach is None else reach
    for bar, value, extra in zip(bars, values, reach):
        x = bar.get_x() + bar.get_width() + (extra if value >= 0 else -extra)
        ax.annotate(f"{value:,.2f}", (x, bar.get_y() + bar.get_height() / 2), xytext=(3 if value >= 0 else -3, 0),
                    textcoords="offset points", ha="left" if value >= 0 else "right", va="center", fontsize=8.5)


def draw(results, colours, out_dir):
    run, years_label = results.run, results.horizon_label
    rows = [(c, c.horizon_summary("provider_margin")) for c in run.contracts if c.has("provider_margin")]
    if not rows:
        return []
    names = [c.name for c, _ in rows]
    var95 = np.array([s["var95"] for _, s in rows])
    es95 = np.array([s["es95"] for _, s in rows])
    mean = np.array([s["mean"] for _, s in rows])
    se = np.array([s["mc_se"] for _, s in rows])
    scale = style.MoneyScale(var95, es95, mean)
    y = np.arange(len(rows))[::-1]  # first contract on top
    row_colours = [colours[n] for n in names]

    fig, (risk_ax, mean_ax) = plt.subplots(1, 2, sharey=True, figsize=(12, 1.6 + 0.62 * len(rows)),
                                         layout="constrained")
    var_bars = risk_ax.barh(y + BAR_HEIGHT / 2, scale(var95), BAR_HEIGHT, color=row_colours, alpha=0.45,
                            hatch="//", edgecolor="white")
    es_bars = risk_ax.barh(y - BAR_HEIGHT / 2, scale(es95), BAR_HEIGHT, color=row_colours)
    _label_bars(risk_ax, var_bars, scale(var95))
    _label_bars(risk_ax, es_bars, scale(es95))
    style.draw_zero_line(risk_ax, "vertical")
    risk_ax.set_yticks(y, names)
    risk_ax.set_xlabel(f"loss over the {years_label} ({scale.unit}; positive = loss)")
    risk_ax.set_title("Tail loss")
    style.key_below(fig, [Patch(facecolor=style.BAND_GREY, alpha=0.45, hatch="//", edgecolor="white",
                                label="VaR95: loss exceeded in 5% of replications"),
                          Patch(facecolor=style.BAND_GREY, label="ES95: mean loss in the worst 5%")])

    mean_bars = mean_ax.barh(y, scale(mean), 2 * BAR_HEIGHT, color=row_colours, xerr=2 * scale(se),
                             error_kw={"ecolor": "black", "capsize": 3, "linewidth": 1})
    _label_bars(mean_ax, mean_bars, scale(mean), reach=2 * scale(se))
    style.draw_zero_line(mean_ax, "vertical")
    mean_ax.set_xlabel(f"mean margin over the {years_label} ({scale.unit})")
    mean_ax.set_title("Mean margin (±2 MC SE)")
    for ax in (risk_ax, mean_ax):
        ax.margins(x=0.18)
        ax.grid(axis="y", visible=False)
    style.save(fig, f"{out_dir}/{FILE}")
    return [Figure(FILE, "Tail risk and mean margin",
                   f"Left: how much the provider can lose over the {years_label} (hatched VaR95: the loss exceeded "
                   "in 5% of replications; solid ES95: the mean loss in that worst 5%; a bar left of zero means "
                   "even the bad cases make money). Right: the mean margin, with ±2 Monte Carlo standard errors.")]

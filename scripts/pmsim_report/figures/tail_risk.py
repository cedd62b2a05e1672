"""Tail loss (VaR95, ES95, VaR99, ES99) beside the mean margin, one row per contract on shared axes: this
is the figure for comparing contracts' risk directly."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch

from .. import style
from ..figure import Figure

FILE = "tail_risk.png"
BAR_HEIGHT = 0.2
# (summary column, bar offset from the row's centre, hatch, alpha, edge): 95% above 99%
TAIL_BARS = (("var95", 1.5, "//", 0.45, "white"), ("es95", 0.5, None, 1.0, "white"),
             ("var99", -0.5, "xx", 0.45, "black"), ("es99", -1.5, None, 1.0, "black"))


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
    tails = {column: np.array([s[column] for _, s in rows]) for column, *_ in TAIL_BARS}
    mean = np.array([s["mean"] for _, s in rows])
    se = np.array([s["mc_se"] for _, s in rows])
    scale = style.MoneyScale(*tails.values(), mean)
    y = np.arange(len(rows))[::-1]  # first contract on top
    row_colours = [colours[n] for n in names]

    fig, (risk_ax, mean_ax) = plt.subplots(1, 2, sharey=True, figsize=(12, 1.6 + 0.95 * len(rows)),
                                         layout="constrained")
    for column, offset, hatch, alpha, edge in TAIL_BARS:
        bars = risk_ax.barh(y + offset * BAR_HEIGHT, scale(tails[column]), BAR_HEIGHT, color=row_colours,
                            alpha=alpha, hatch=hatch, edgecolor=edge, linewidth=0.6 if edge == "black" else 0)
        _label_bars(risk_ax, bars, scale(tails[column]))
    style.draw_zero_line(risk_ax, "vertical")
    risk_ax.set_yticks(y, names)
    risk_ax.set_xlabel(f"loss over the {years_label} ({scale.unit}; positive = loss)")
    risk_ax.set_title("Tail loss")
    style.key_below(fig, [Patch(facecolor=style.BAND_GREY, alpha=0.45, hatch="//", edgecolor="white",
                                label="VaR95: loss exceeded in 5% of replications"),
                          Patch(facecolor=style.BAND_GREY, label="ES95: mean loss in the worst 5%"),
                          Patch(facecolor=style.BAND_GREY, alpha=0.45, hatch="xx", edgecolor="black",
                                label="VaR99: exceeded in 1%"),
                          Patch(facecolor=style.BAND_GREY, edgecolor="black", label="ES99: mean loss in the worst 1%")],
                    columns=2)

    mean_bars = mean_ax.barh(y, scale(mean), 3 * BAR_HEIGHT, color=row_colours, xerr=2 * scale(se),
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
                   f"Left: how much the provider can lose over the {years_label}, four bars per contract (top to "
                   "bottom: hatched VaR95, the loss exceeded in 5% of replications; solid ES95, the mean loss in that "
                   "worst 5%; cross-hatched VaR99 and outlined ES99, the same at 1%, which with fewer than 100 "
                   "replications rest on the single worst; a bar left of zero means even the bad cases make money). "
                   "Right: the mean margin, with ±2 Monte Carlo standard errors.")]

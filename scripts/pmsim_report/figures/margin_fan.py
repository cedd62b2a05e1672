"""Fan chart of the provider's margin year by year, one panel per contract (each on its own
axis, or all on one with --common-scale)."""
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import style
from ..figure import Figure
from .panels import contract_panels

FILE = "margin_fan.png"
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def _year_labels(results, contract, years):
    """'1', '2', ... or, for a transition, the year and the contract in force in it."""
    stages = contract.matrix("stage")
    if stages is None or not np.all(stages == stages[0]):
        return [str(y) for y in years]
    names = results.stage_contracts(contract.name)

    def in_force(stage):
        return names[stage - 1] if 0 < stage <= len(names) else f"stage {stage}"
    return [f"{y}: {in_force(int(s))}" for y, s in zip(years, stages[0])]


def draw(results, colours, out_dir):
    fig, axes, contracts = contract_panels(results.run, "provider_margin")
    if fig is None:
        return []
    scale = style.MoneyScale(*(c.matrix("provider_margin") for c in contracts))  # one unit for every panel
    for ax, contract in zip(axes, contracts):
        margin = contract.matrix("provider_margin")
        q05, q25, q50, q75, q95 = scale(np.quantile(margin, QUANTILES, axis=0))
        years = np.arange(1, margin.shape[1] + 1)
        colour = colours[contract.name]
        ax.fill_between(years, q05, q95, color=colour, alpha=0.2, linewidth=0)
        ax.fill_between(years, q25, q75, color=colour, alpha=0.45, linewidth=0)
        ax.plot(years, q50, color=colour, linewidth=2, marker="o", markersize=4)
        low, high = ax.get_ylim()
        if low < 0 < high:
            style.draw_zero_line(ax)
        labels = _year_labels(results, contract, years)
        if all(len(t) < 4 for t in labels):
            ax.set_xticks(years, labels)
        else:  # contract names under the years: slanted, so that neighbours do not collide
            ax.set_xticks(years, labels, fontsize=8.5, rotation=25, ha="right", rotation_mode="anchor")
        ax.set_title(contract.name, color=colour, fontweight="bold")
        ax.set_xlabel("performance year")
        ax.set_ylabel(f"margin in the year ({scale.unit})")
    if results.common_scale:
        style.share_limits(axes, "y")
    scale_words = "on one scale shared by every panel" if results.common_scale else "on its own scale"
    style.key_below(fig, [Line2D([], [], color=style.BAND_GREY, linewidth=2, marker="o", markersize=4, label="median"),
                          Patch(facecolor=style.BAND_GREY, alpha=0.45, label="25-75% of replications"),
                          Patch(facecolor=style.BAND_GREY, alpha=0.2, label="5-95%")])
    fig.suptitle("Provider margin by performance year: median and quantile bands across replications")
    style.save(fig, f"{out_dir}/{FILE}")
    return [Figure(FILE, "Provider margin by year (fan chart)",
                   f"Each panel is one contract's margin in each performance year, {scale_words}: the line is "
                   "the median replication, the dark band holds the middle 50% and the light band 90% (5% to 95%); "
                   "a band reaching below the grey break-even line means losing years are plausible.")]

"""Distribution of the provider's horizon margin, one panel per contract.

Each panel has its own money axis by default: contracts differ by orders of magnitude in spread
(FFS against global capitation), and a shared axis would flatten the narrow ones; --common-scale
shares it, so widths compare by eye."""
import numpy as np
from matplotlib.lines import Line2D

from .. import statistics, style
from ..figure import Figure
from .panels import contract_panels

FILE = "margin_distribution.png"


def draw(results, colours, out_dir):
    years_label = results.horizon_label
    fig, axes, contracts = contract_panels(results.run, "provider_margin")
    if fig is None:
        return []
    margins = [c.horizon("provider_margin") for c in contracts]
    scale = style.MoneyScale(*margins)  # one unit for every panel
    for ax, contract, margin in zip(axes, contracts, margins):
        values = scale(margin)
        colour = colours[contract.name]
        bins = np.histogram_bin_edges(values, bins="auto")[:61] if np.ptp(values) > 0 else 10
        ax.hist(values, bins=bins, color=colour, alpha=0.75, edgecolor="white", linewidth=0.4)
        ax.axvline(np.mean(values), color="black", linewidth=1.6)
        ax.axvline(np.quantile(values, 0.05), color="black", linewidth=1.3, linestyle="--")
        low, high = ax.get_xlim()
        if low < 0 < high:
            style.draw_zero_line(ax, "vertical")
        ax.set_title(contract.name, color=colour, fontweight="bold")
        summary = statistics.describe(values)
        ax.text(0.98, 0.97, f"mean {summary['mean']:,.2f}\nSD {summary['sd']:,.2f}", transform=ax.transAxes,
                ha="right", va="top", fontsize=9, bbox={"facecolor": "white", "alpha": 0.8, "linewidth": 0})
        ax.set_xlabel(f"horizon margin ({scale.unit})")
        ax.set_ylabel("replications")
    if results.common_scale:
        style.share_limits(axes, "x")
    scale_words = ("on one money axis shared by every panel, so widths compare by eye" if results.common_scale
                   else "on its own scale (read the axis before comparing widths)")
    style.key_below(fig, [Line2D([], [], color="black", linewidth=1.6, label="mean"),
                          Line2D([], [], color="black", linewidth=1.3, linestyle="--", label="5% quantile (= -VaR95)"),
                          Line2D([], [], color="0.25", linewidth=0.9, label="break-even")])
    fig.suptitle(f"Provider margin over the {years_label}: distribution across replications")
    style.save(fig, f"{out_dir}/{FILE}")
    return [Figure(FILE, "Provider margin distribution",
                   f"Each panel is one contract's provider margin summed over the {years_label}, one count "
                   f"per replication, {scale_words}: solid line the "
                   "mean, dashed line the 5% quantile, grey line break-even.")]

"""What the payer saves against the risk the provider carries: one point per contract."""
import matplotlib.pyplot as plt
import numpy as np

from .. import statistics, style
from ..figure import Figure

FILE = "savings_vs_risk.png"
# where a point's name may go, in points from the marker, best first
LABEL_OFFSETS = ((8, 6, "left"), (8, -15, "left"), (-8, 6, "right"), (-8, -15, "right"),
                 (8, 18, "left"), (8, -27, "left"), (-8, 18, "right"), (-8, -27, "right"))


def _place_labels(fig, ax, xs, ys, names, colours):
    """Names beside their points, each at the first offset where it overlaps no name already
    placed and no marker (else at the first offset): contracts near the origin crowd."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    markers = [ax.transData.transform((x, y)) for x, y in zip(xs, ys)]
    taken = []
    for x, y, name in zip(xs, ys, names):
        def label_at(offset):
            dx, dy, align = offset
            return ax.annotate(name, (x, y), xytext=(dx, dy), textcoords="offset points", ha=align,
                               fontsize=9.5, color=colours[name], fontweight="bold")

        def is_free(box):
            return not any(box.contains(mx, my) for mx, my in markers) and not any(box.overlaps(t) for t in taken)

        for offset in LABEL_OFFSETS:
            label = label_at(offset)
            box = label.get_window_extent(renderer).expanded(1.05, 1.15)
            if is_free(box):
                break
            label.remove()
        else:
            box = label_at(LABEL_OFFSETS[0]).get_window_extent(renderer)
        taken.append(box)


def draw(results, colours, out_dir):
    run, years_label = results.run, results.horizon_label
    contracts = [c for c in run.contracts if c.has("provider_margin") and c.has("payer_savings")]
    if not contracts:
        return []
    margins = [c.horizon("provider_margin") for c in contracts]
    savings = [c.horizon_summary("payer_savings") for c in contracts]
    spread = np.array([np.std(m, ddof=1) if m.size > 1 else 0.0 for m in margins])
    # the SD's own sampling error, so a gap between two contracts can be judged
    spread_se = np.array([statistics.bootstrap_se(m, lambda x: np.std(x, ddof=1)) for m in margins])
    mean_savings = np.array([s["mean"] for s in savings])
    savings_se = np.array([s["mc_se"] for s in savings])
    x_scale, y_scale = style.MoneyScale(spread), style.MoneyScale(mean_savings)

    fig, ax = plt.subplots(figsize=(9, 6))
    for i, contract in enumerate(contracts):
        colour = colours[contract.name]
        ax.errorbar(x_scale(spread[i]), y_scale(mean_savings[i]), xerr=2 * x_scale(np.nan_to_num(spread_se[i])),
                    yerr=2 * y_scale(savings_se[i]), fmt="o", markersize=9, color=colour, ecolor=colour,
                    elinewidth=1.4, capsize=4)
    style.draw_zero_line(ax)
    ax.margins(x=0.15, y=0.15)
    ax.set_xlim(left=0)
    ax.set_xlabel(f"provider risk: SD of the margin over the {years_label} ({x_scale.unit})")
    ax.set_ylabel(f"mean payer savings over the {years_label} ({y_scale.unit})")
    ax.set_title("Payer savings against provider risk")
    fig.tight_layout()
    _place_labels(fig, ax, x_scale(spread), y_scale(mean_savings), [c.name for c in contracts], colours)
    style.save(fig, f"{out_dir}/{FILE}")
    return [Figure(FILE, "Payer savings vs provider risk",
                   "One point per contract: to the right the provider's margin is more uncertain, higher up the "
                   "payer saves more than under fee-for-service on the same simulated claims; error bars are ±2 "
                   "Monte Carlo standard errors (bootstrap for the SD).")]

"""The comparison page's figure: each contract's horizon margin distribution in every run,
overlaid in one panel per contract (runs told apart by colour), on one money unit."""
import numpy as np
from matplotlib.lines import Line2D

from .. import style
from ..figure import Figure

FILE = "margin_overlay.png"


def draw(comparison, colours, out_dir):
    """`comparison`: comparison.Comparison; `colours`: one per run, in run order."""
    contracts = [c for c in comparison.contracts
                 if any(e is not None and e.get("mean_margin") is not None for e in c.estimates)]
    if not contracts:
        return []
    samples = [[(e["mean_margin"].sample if e is not None and e.get("mean_margin") else None) for e in c.estimates]
               for c in contracts]
    scale = style.MoneyScale(*(s for row in samples for s in row if s is not None))
    fig, axes = style.panel_grid(len(contracts))
    for ax, contract, row in zip(axes, contracts, samples):
        present = [scale(s) for s in row if s is not None]
        edges = np.histogram_bin_edges(np.concatenate(present), bins="auto")[:61] if \
            np.ptp(np.concatenate(present)) > 0 else 10
        for run, sample, colour in zip(comparison.runs, row, colours):
            if sample is None:
                continue
            values = scale(sample)
            ax.hist(values, bins=edges, histtype="step", color=colour, linewidth=1.6, density=True)
            ax.axvline(np.mean(values), color=colour, linewidth=1.2, linestyle="--")
        low, high = ax.get_xlim()
        if low < 0 < high:
            style.draw_zero_line(ax, "vertical")
        missing = [comparison.runs[i].label for i in contract.missing_from]
        ax.set_title(contract.name + (f" (not in {', '.join(missing)})" if missing else ""), fontweight="bold")
        ax.set_xlabel(f"horizon margin ({scale.unit})")
        ax.set_ylabel("density")
    style.key_below(fig, [Line2D([], [], color=c, linewidth=1.6, label=f"{r.label}: {r.results.label}")
                          for r, c in zip(comparison.runs, colours)]
                    + [Line2D([], [], color="0.3", linestyle="--", label="mean")])
    fig.suptitle("Provider margin over the horizon: distribution in each run")
    style.save(fig, f"{out_dir}/{FILE}")
    return [Figure(FILE, "Margin distributions across runs",
                   "One panel per contract: the distribution of the provider's horizon margin across replications "
                   "in each run (one colour per run, as a density so runs of different sizes compare), dashed "
                   "lines the runs' means, grey line break-even; a contract missing from a run says so in its "
                   "title.")]

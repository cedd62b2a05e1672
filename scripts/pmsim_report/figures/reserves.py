"""The provider's reserves year by year, and its lowest month-end cash, one panel per contract:
how close each contract brings the practice to running out of money."""
import numpy as np

from .. import style
from ..figure import Figure
from .panels import contract_panels

FILE = "reserves.png"
SAMPLE_PATHS = 5


def _with_starting_reserves(contract, reserves):
    """Prepends year 0 (reserves before the first year = end of year 1 minus its margin), so
    the paths start from the common starting point."""
    margin = contract.matrix("provider_margin")
    if margin is None:
        return np.arange(1, reserves.shape[1] + 1), reserves
    start = reserves[:, :1] - margin[:, :1]
    return np.arange(0, reserves.shape[1] + 1), np.hstack([start, reserves])


def draw(results, colours, out_dir):
    fig, axes, contracts = contract_panels(results.run, "provider_reserves")
    if fig is None:
        return []
    # one unit for every panel
    scale = style.MoneyScale(*(c.matrix(m) for c in contracts for m in ("provider_reserves", "provider_cash_low")
                               if c.has(m)))
    for ax, contract in zip(axes, contracts):
        years, reserves = _with_starting_reserves(contract, contract.matrix("provider_reserves"))
        cash_low = contract.matrix("provider_cash_low")
        colour = colours[contract.name]
        q05, q25, q50, q75, q95 = scale(np.quantile(reserves, (0.05, 0.25, 0.5, 0.75, 0.95), axis=0))
        ax.fill_between(years, q05, q95, color=colour, alpha=0.18, linewidth=0)
        ax.fill_between(years, q25, q75, color=colour, alpha=0.38, linewidth=0)
        for path in reserves[:SAMPLE_PATHS]:
            ax.plot(years, scale(path), color=colour, linewidth=0.7, alpha=0.8)
        p_negative = float(np.mean(reserves.min(axis=1) < 0))
        ax.plot(years, q50, color=colour, linewidth=2.2, label=f"year-end reserves; P(<0) = {p_negative:.2f}")
        if cash_low is not None:
            p_ruin = float(np.mean(cash_low.min(axis=1) < 0))
            cash_years = np.arange(1, cash_low.shape[1] + 1)
            ax.plot(cash_years, scale(np.quantile(cash_low, 0.05, axis=0)), color="black", linestyle="--",
                    linewidth=1.4, marker="v", markersize=4,
                    label=f"lowest month-end cash, 5% q.; P(ruin) = {p_ruin:.2f}")
        style.draw_zero_line(ax)
        ax.set_xticks(years)
        ax.set_title(contract.name, color=colour, fontweight="bold")
        ax.set_xlabel("end of performance year")
        ax.set_ylabel(f"reserves, cash ({scale.unit})")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), frameon=False, fontsize=8.5)
    if results.common_scale:
        style.share_limits(axes, "y")
    fig.suptitle("Provider reserves: median, 25-75% and 5-95% bands, and the first replications' paths")
    style.save(fig, f"{out_dir}/{FILE}")
    return [Figure(FILE, "Reserves and cash",
                   "Each panel follows one contract's reserves from the start (year 0) to the end of each year "
                   f"({'on one scale shared by every panel' if results.common_scale else 'each on its own scale'}): "
                   "thick line the median, bands the middle 50% and 90% of replications, thin lines the first "
                   f"{SAMPLE_PATHS} replications; the dashed line is the 5% quantile of the year's lowest month-end "
                   "cash, and P(ruin) the share of replications whose cash fell below zero at some month end.")]

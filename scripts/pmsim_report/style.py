"""How every figure looks: the Agg backend, fonts, one colour per contract, money units."""
import math
import os

import matplotlib

matplotlib.use("Agg")  # files only: no display, no GUI toolkit

import matplotlib.pyplot as plt  # noqa: E402  (must follow the backend choice)
import numpy as np  # noqa: E402

FIGURE_DPI = 110
PANEL_WIDTH_INCHES = 4.4
PANEL_HEIGHT_INCHES = 3.2
BAND_GREY = "0.45"

plt.rcParams.update({
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 9,
    "figure.titlesize": 13,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "savefig.dpi": FIGURE_DPI,
})


def contract_colours(names):
    """A colour per contract name, by the contracts' order in the file, so that a contract
    has the same colour in every figure of a report."""
    palette = list(plt.get_cmap("tab10").colors)
    palette += list(plt.get_cmap("tab20").colors)[1::2]  # lighter partners once tab10 runs out
    return {name: palette[i % len(palette)] for i, name in enumerate(names)}


def run_colours(count):
    """A colour per compared run (A, B, ...), by position; the comparison page's contracts
    are told apart by panel, the runs by colour."""
    palette = list(plt.get_cmap("Dark2").colors) + list(plt.get_cmap("tab10").colors)
    return [palette[i % len(palette)] for i in range(count)]


class MoneyScale:
    """Divides USD amounts into the unit that keeps axis labels short (millions when large)."""

    def __init__(self, *amounts):
        values = np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in amounts] or [np.zeros(1)])
        values = values[np.isfinite(values)]
        largest = float(np.max(np.abs(values))) if values.size else 0.0
        if largest >= 1e6:
            self.divisor, self.unit = 1e6, "USD M"
        elif largest >= 1e3:
            self.divisor, self.unit = 1e3, "USD thousand"
        else:
            self.divisor, self.unit = 1.0, "USD"

    def __call__(self, amount):
        return np.asarray(amount, dtype=float) / self.divisor


def panel_grid(count, columns=3, width=PANEL_WIDTH_INCHES, height=PANEL_HEIGHT_INCHES):
    """Small multiples: a figure with `count` panels in rows of `columns`; unused cells hidden."""
    columns = max(1, min(columns, count))
    rows = math.ceil(count / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(width * columns, height * rows + 0.6), squeeze=False,
                             layout="constrained")
    flat = list(axes.ravel())
    for ax in flat[count:]:
        ax.set_visible(False)
    return fig, flat[:count]


def key_below(fig, handles, columns=None):
    """The figure's key under its panels: it explains line styles shared by every panel, so
    it sits once where it covers no data."""
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), frameon=False,
               ncol=columns or len(handles))


def draw_zero_line(ax, orientation="horizontal"):
    """A thin line at zero, the break-even point every money axis is read against."""
    line = ax.axhline if orientation == "horizontal" else ax.axvline
    line(0.0, color="0.25", linewidth=0.9, zorder=1)


# file name -> open figure, while a report also goes to report.pdf (keep_for_pdf)
_kept = None


def keep_for_pdf(keep=True):
    """From now on save() keeps each figure open (for report.pdf) instead of closing it; returns
    {file name: figure} so far. keep_for_pdf(False) closes and forgets them."""
    global _kept
    if not keep:
        for fig in (_kept or {}).values():
            plt.close(fig)
        _kept = None
        return {}
    if _kept is None:
        _kept = {}
    return _kept


def save(fig, path):
    fig.savefig(path, dpi=FIGURE_DPI, bbox_inches="tight")
    if _kept is not None:
        _kept[os.path.basename(path)] = fig
    else:
        plt.close(fig)


def share_limits(axes, axis="y"):
    """--common-scale: every panel on the union of the panels' ranges, so that panels can be
    compared by eye (drawn per panel first; each keeps its tick labels)."""
    if not axes:
        return
    get = (lambda ax: ax.get_ylim()) if axis == "y" else (lambda ax: ax.get_xlim())
    low = min(min(get(ax)) for ax in axes)
    high = max(max(get(ax)) for ax in axes)
    for ax in axes:
        (ax.set_ylim if axis == "y" else ax.set_xlim)(low, high)

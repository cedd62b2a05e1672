"""A sweep's curves: each headline statistic of every contract at each sweep value (e.g. panel
size or PMPM), one panel per statistic, one line per contract.

Keys zipped together (`pmsim sweep --zip`, root attribute `sweep_zip_keys`) move as one axis:
its x values are the first zipped key's, its label names them all. Any other key that varies
gets a line style per value."""
import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from .. import style, sweep_labels
from ..figure import Figure

FILE = "sweep.png"
LINE_STYLES = ("-", "--", ":", "-.")
# (title, y label, metric, summary column, money?); signs as the file stores them
PANELS = (
    ("Mean provider margin\n(positive = provider gains)", "horizon margin ({unit})", "provider_margin", "mean", True),
    ("P(loss)\nP(horizon margin < 0)", "probability", "provider_margin", "p_loss", False),
    ("P(ruin)\nP(lowest month-end cash < 0)", "probability", "provider_cash_low", "p_loss", False),
    ("ES95 of the provider margin\n(positive = loss)", "mean loss in the worst 5% ({unit})", "provider_margin",
     "es95", True),
    ("Mean payer savings\n(positive = payer spends less than under FFS)", "horizon payer savings ({unit})",
     "payer_savings", "mean", True),
    ("ES95 per member-year\n(positive = loss)", "USD per member-year", "provider_margin", "es95_per_member", False),
)


def _as_numbers(values):
    try:
        return np.array([float(v) for v in values])
    except ValueError:
        return None


def sweep_axes(keys, zip_keys):
    """The sweep's axes: the zipped keys as one (a list of keys), every other key its own."""
    axes = [list(zip_keys)] if len(zip_keys) > 0 else []
    return axes + [[k] for k in keys if k not in zip_keys]


def _varies(axis, points):
    return len({p.values[axis[0]] for p in points}) > 1


def _value(point, name, metric, column):
    """(value, its SE or nan) of one contract at one point, or None."""
    contract = point.run.contract(name)
    if contract is None or not contract.has("provider_margin"):
        return None
    if column == "es95_per_member":
        members = contract.horizon("members")
        es95 = contract.horizon_summary("provider_margin")["es95"]
        return (es95 / float(np.mean(members)), np.nan) if members is not None and np.mean(members) > 0 else None
    if not contract.has(metric):
        return None
    summary = contract.horizon_summary(metric)
    value = summary[column]
    n = contract.matrix(metric).shape[0]
    if column == "mean":
        return value, summary["mc_se"]
    if column == "p_loss":
        return value, math.sqrt(value * (1 - value) / n)
    return value, np.nan


def _x_positions(raw_x):
    numeric = _as_numbers(raw_x)
    if numeric is not None:
        return numeric, None
    labels = sorted(set(raw_x), key=raw_x.index)
    return np.array([labels.index(v) for v in raw_x], dtype=float), labels


def _format_x_axis(ax, numeric_x, labels):
    if labels is not None:
        ax.set_xticks(range(len(labels)), labels)
    elif numeric_x.min() > 0 and numeric_x.max() / numeric_x.min() >= 10:
        ax.set_xscale("log")
        # Label the swept values themselves: a log axis alone labels only powers of ten.
        values = np.unique(numeric_x)
        ax.set_xticks(values, [f"{v:g}" for v in values])
        ax.minorticks_off()


def draw(results, colours, out_dir):
    points, keys = results.sweep, results.sweep_keys
    if len(points) < 2 or not keys:
        return []
    axes_keys = sweep_axes(keys, results.sweep_zip_keys)
    x_axis = next((a for a in axes_keys if _varies(a, points)), axes_keys[0])
    others = [a for a in axes_keys if a is not x_axis and _varies(a, points)]
    raw_x = [p.values[x_axis[0]] for p in points]
    positions, labels = _x_positions(raw_x)
    names = [n for n in results.run.names]
    for point in points:
        names += [n for n in point.run.names if n not in names]
    groups = sorted({tuple(p.values[a[0]] for a in others) for p in points}, key=str)

    fig, panels = style.panel_grid(len(PANELS), columns=3, width=5.4, height=3.9)
    drawn_any = False
    for ax, (title, y_label, metric, column, money) in zip(panels, PANELS):
        series = {}
        for i, point in enumerate(points):
            group = tuple(point.values[a[0]] for a in others)
            for name in names:
                value = _value(point, name, metric, column)
                if value is not None:
                    series.setdefault((name, group), []).append((positions[i], *value))
        all_values = [row[1] for rows in series.values() for row in rows]
        scale = style.MoneyScale(all_values) if money else (lambda v: np.asarray(v, dtype=float))
        for (name, group), rows in series.items():
            rows = np.array(sorted(rows))
            drawn_any = True
            common = dict(color=colours.get(name, "black"), linestyle=LINE_STYLES[groups.index(group) % 4],
                          marker="o", linewidth=1.8, markersize=4)
            ax.plot(rows[:, 0], scale(rows[:, 1]), **common)
            if np.any(np.isfinite(rows[:, 2])):  # ±2 SE where the statistic has one
                ax.fill_between(rows[:, 0], scale(rows[:, 1] - 2 * rows[:, 2]), scale(rows[:, 1] + 2 * rows[:, 2]),
                                color=common["color"], alpha=0.12, linewidth=0)
        style.draw_zero_line(ax)
        _format_x_axis(ax, positions, labels)
        ax.set_title(title, fontsize=11)
        ax.set_ylabel(y_label.format(unit=scale.unit if money else ""))
        ax.set_xlabel(textwrap.fill(sweep_labels.axis_label(x_axis, results.attrs), 60), fontsize=9)
    if not drawn_any:
        plt.close(fig)
        return []
    handles = [Line2D([], [], color=colours.get(n, "black"), linewidth=1.8, marker="o", label=n) for n in names]
    for group in groups if others else []:
        described = ", ".join(f"{sweep_labels.axis_label(a, results.attrs)} = {v}" for a, v in zip(others, group))
        handles.append(Line2D([], [], color="0.3", linestyle=LINE_STYLES[groups.index(group) % 4], label=described))
    style.key_below(fig, handles, columns=min(len(handles), 5))
    x_label = sweep_labels.axis_label(x_axis, results.attrs)
    fig.suptitle(textwrap.fill(f"Sweep over {x_label}: {len(points)} points", 120))
    style.save(fig, f"{out_dir}/{FILE}")
    zipped = f" (the zipped keys {', '.join(x_axis)} move together)" if len(x_axis) > 1 else ""
    return [Figure(FILE, f"Sweep: headline statistics against {', '.join(x_axis)}",
                   f"One line per contract across the sweep's values of {x_label}{zipped}, over the "
                   f"{results.horizon_label}: the mean provider margin (positive = the provider gains), P(loss) "
                   "(horizon margin below zero), P(ruin) (cash below zero at some month end), ES95 of the margin "
                   "(the mean loss in the worst 5% of replications, positive = loss), the mean payer savings "
                   "against fee-for-service (positive = the payer spends less) and ES95 per member-year, which "
                   "falls as the panel grows when risk diversifies; shaded, ±2 standard errors where the "
                   "statistic has one (mean: MC SE; probability: binomial)." +
                   (" Line styles: the other swept keys' values." if others else ""))]

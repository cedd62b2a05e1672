"""A sweep's risk curve: the provider's tail loss at each sweep value (e.g. panel size), in
total and per member-year, one line per contract."""
import matplotlib.pyplot as plt
import numpy as np

from .. import style
from ..figure import Figure

FILE = "sweep.png"
LINE_STYLES = ("-", "--", ":", "-.")


def _as_numbers(values):
    try:
        return np.array([float(v) for v in values])
    except ValueError:
        return None


def _axis_key(keys, points):
    """The key drawn along x: the first one whose value changes across the points."""
    for key in keys:
        if len({p.values[key] for p in points}) > 1:
            return key
    return keys[0]


def _tail_loss(point, name):
    """(ES95 of the horizon margin, mean member-years over the horizon) of one contract, or None."""
    contract = point.run.contract(name)
    if contract is None or not contract.has("provider_margin"):
        return None
    es95 = contract.horizon_summary("provider_margin")["es95"]
    members = contract.horizon("members")
    return es95, (float(np.mean(members)) if members is not None else np.nan)


def draw(results, colours, out_dir):
    points, keys = results.sweep, results.sweep_keys
    if len(points) < 2 or not keys:
        return []
    x_key = _axis_key(keys, points)
    other_keys = [k for k in keys if k != x_key and len({p.values[k] for p in points}) > 1]
    raw_x = [p.values[x_key] for p in points]
    numeric_x = _as_numbers(raw_x)
    positions = numeric_x if numeric_x is not None else np.array([sorted(set(raw_x), key=raw_x.index).index(v)
                                                                 for v in raw_x], dtype=float)
    # one line per contract and combination of the other swept keys
    series = {}
    for i, point in enumerate(points):
        group = tuple(point.values[k] for k in other_keys)
        for name in results.run.names:
            loss = _tail_loss(point, name)
            if loss is not None:
                series.setdefault((name, group), []).append((positions[i], *loss))
    if not series:
        return []
    all_es = np.array([row[1] for rows in series.values() for row in rows])
    total_scale = style.MoneyScale(all_es)
    groups = sorted({g for _, g in series}, key=str)

    fig, (total_ax, per_member_ax) = plt.subplots(1, 2, figsize=(13, 5.2))
    for (name, group), rows in series.items():
        rows = np.array(sorted(rows))
        style_index = groups.index(group) % len(LINE_STYLES)
        label = name + (" (" + ", ".join(f"{k}={v}" for k, v in zip(other_keys, group)) + ")" if group else "")
        common = dict(color=colours.get(name, "black"), linestyle=LINE_STYLES[style_index], marker="o", linewidth=1.8)
        total_ax.plot(rows[:, 0], total_scale(rows[:, 1]), label=label, **common)
        per_member_ax.plot(rows[:, 0], rows[:, 1] / rows[:, 2], label=label, **common)
    for ax in (total_ax, per_member_ax):
        style.draw_zero_line(ax)
        ax.set_xlabel(x_key)
        if numeric_x is None:
            labels = sorted(set(raw_x), key=raw_x.index)
            ax.set_xticks(range(len(labels)), labels)
        elif numeric_x.min() > 0 and numeric_x.max() / numeric_x.min() >= 10:
            ax.set_xscale("log")
            # Label the swept values themselves: a log axis alone labels only powers of ten.
            values = np.unique(numeric_x)
            ax.set_xticks(values, [f"{v:g}" for v in values])
            ax.minorticks_off()
    total_ax.set_ylabel(f"ES95 of the horizon margin ({total_scale.unit}; positive = loss)")
    total_ax.set_title("Tail loss")
    per_member_ax.set_ylabel("ES95 per member-year (USD)")
    per_member_ax.set_title("Tail loss per member-year")
    total_ax.legend(loc="best", frameon=False)
    fig.suptitle(f"Sweep over {', '.join(keys)}: {len(points)} points")
    fig.tight_layout()
    style.save(fig, f"{out_dir}/{FILE}")
    return [Figure(FILE, f"Sweep: risk against {x_key}",
                   f"One line per contract across the sweep's values of {x_key}: left the expected shortfall of the "
                   f"provider's margin over the {results.horizon_label} (mean loss in the worst 5% of replications; "
                   "positive = loss), right the same per member-year, which falls as the panel grows when risk "
                   "diversifies.")]

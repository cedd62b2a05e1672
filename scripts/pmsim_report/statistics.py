"""Summary statistics of one sample of replications, as docs/output.md defines them.

The results file holds these in its summary tables; they are recomputed here only where a
table is missing (a file written by something other than pmsim, or a sweep point laid out
without them), so the report reads the same numbers either way."""
import math

import numpy as np


def describe(values):
    """The summary-table columns the report uses, for a 1-D sample (one value per replication)."""
    x = np.asarray(values, dtype=float)
    n = x.size
    if n == 0 or not np.all(np.isfinite(x)):
        nan = float("nan")
        return {k: nan for k in ("mean", "sd", "mc_se", "q05", "q25", "q50", "q75", "q95", "var95", "es95", "p_loss")}
    sd = float(np.std(x, ddof=1)) if n > 1 else 0.0
    q05, q25, q50, q75, q95 = (float(q) for q in np.quantile(x, [0.05, 0.25, 0.5, 0.75, 0.95]))
    tail_count = max(1, math.ceil(n * 0.05))
    return {
        "mean": float(np.mean(x)),
        "sd": sd,
        "mc_se": sd / math.sqrt(n),
        "q05": q05, "q25": q25, "q50": q50, "q75": q75, "q95": q95,
        "var95": -q05,
        "es95": -float(np.mean(np.sort(x)[:tail_count])),
        "p_loss": float(np.mean(x < 0)),
    }


def bootstrap_se(values, statistic, draws=200, seed=12345):
    """Standard error of `statistic(sample)` by resampling replications (fixed seed: a report
    drawn twice from the same file is the same)."""
    x = np.asarray(values, dtype=float)
    if x.size < 2:
        return float("nan")
    rng = np.random.default_rng(seed)
    resampled = x[rng.integers(0, x.size, size=(draws, x.size))]
    return float(np.std([statistic(row) for row in resampled], ddof=1))

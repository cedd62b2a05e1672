"""Summary statistics of one sample of replications, as docs/output.md defines them.

The results file holds these in its summary tables; they are recomputed here only where a
table is missing (a file written by something other than pmsim, or a sweep point laid out
without them), so the report reads the same numbers either way."""
import math

import numpy as np

COLUMNS = ("mean", "sd", "mc_se", "q01", "q05", "q25", "q50", "q75", "q95", "var95", "var99", "es95", "es99",
           "p_loss")


def expected_shortfall(x, level):
    """ES at `level` (0.95, 0.99): minus the mean of the k = max(1, ceil(n (1 - level))) smallest
    values, so a loss is positive."""
    x = np.sort(np.asarray(x, dtype=float))
    tail_percent = round((1.0 - level) * 100)  # in whole percent, as pmsim counts it
    tail_count = max(1, -(-x.size * tail_percent // 100))
    return -float(np.mean(x[:tail_count]))


def value_at_risk(x, level):
    """VaR at `level`: minus the (1 - level) quantile (R type 7, numpy's default); loss positive."""
    return -float(np.quantile(np.asarray(x, dtype=float), 1.0 - level))


def describe(values):
    """The summary-table columns the report uses, for a 1-D sample (one value per replication)."""
    x = np.asarray(values, dtype=float)
    n = x.size
    if n == 0 or not np.all(np.isfinite(x)):
        return {k: float("nan") for k in COLUMNS}
    sd = float(np.std(x, ddof=1)) if n > 1 else 0.0
    q01, q05, q25, q50, q75, q95 = (float(q) for q in np.quantile(x, [0.01, 0.05, 0.25, 0.5, 0.75, 0.95]))
    return {
        "mean": float(np.mean(x)),
        "sd": sd,
        "mc_se": sd / math.sqrt(n),
        "q01": q01, "q05": q05, "q25": q25, "q50": q50, "q75": q75, "q95": q95,
        "var95": -q05,
        "var99": -q01,
        "es95": expected_shortfall(x, 0.95),
        "es99": expected_shortfall(x, 0.99),
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


def paired_bootstrap_se(a, b, statistic, draws=200, seed=12345):
    """Standard error of statistic(b) - statistic(a) when replication r of both runs drew the
    same random numbers: both resampled with the same replication indices."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.size < 2 or a.size != b.size:
        return float("nan")
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, a.size, size=(draws, a.size))
    return float(np.std([statistic(b[r]) - statistic(a[r]) for r in rows], ddof=1))

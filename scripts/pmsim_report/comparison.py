"""Comparing runs (scripts/report A.h5 B.h5 ...): each contract's headline statistics in every
run, and each run's differences from the first (B - A, C - A, ...) with their standard errors.

Runs that share the seed and the replications (`seed`, `replications` and `first_replication`,
docs/output.md "Root attributes") drew the same random numbers in replication r, so a
difference's SE is that of the per-replication differences (paired: much smaller); otherwise
the runs are independent and SE = sqrt(SE_A^2 + SE_B^2). The statistics are read from the
files' summary tables; their SEs are the binomial one for a probability, the MC SE for a mean
and a bootstrap over replications (paired: the same resampled replications in both) for a
quantile or tail mean."""
import csv
import math
import string
from dataclasses import dataclass, field

import numpy as np

from . import statistics
from .results import text

# (key, label, metric, summary column, statistic of a sample, kind): kind "money" or "probability"
STATISTICS = (
    ("mean_margin", "mean margin", "provider_margin", "mean", np.mean, "money"),
    ("p_loss", "P(loss)", "provider_margin", "p_loss", lambda x: float(np.mean(x < 0)), "probability"),
    ("p_ruin", "P(ruin)", "provider_cash_low", "p_loss", lambda x: float(np.mean(x < 0)), "probability"),
    ("var95", "VaR95", "provider_margin", "var95", lambda x: statistics.value_at_risk(x, 0.95), "money"),
    ("es95", "ES95", "provider_margin", "es95", lambda x: statistics.expected_shortfall(x, 0.95), "money"),
    ("var99", "VaR99", "provider_margin", "var99", lambda x: statistics.value_at_risk(x, 0.99), "money"),
    ("es99", "ES99", "provider_margin", "es99", lambda x: statistics.expected_shortfall(x, 0.99), "money"),
    ("payer_savings", "mean payer savings", "payer_savings", "mean", np.mean, "money"),
)
BEYOND_MC_ERROR_SE = 4  # as pmsim compare: |difference| > 4 SE


@dataclass
class Estimate:
    value: float
    se: float
    sample: np.ndarray  # the horizon values it is computed from


@dataclass
class Difference:
    value: float
    se: float

    @property
    def beyond_mc_error(self):
        return math.isfinite(self.se) and abs(self.value) > BEYOND_MC_ERROR_SE * self.se


@dataclass
class ComparedRun:
    label: str  # A, B, ...
    results: object  # ResultsFile
    paired: bool = False  # with the first run
    pairing_reason: str = ""

    @property
    def replications(self):
        return int(self.results.attrs.get("replications", 0))


@dataclass
class ContractComparison:
    name: str
    estimates: list  # per run: {statistic key: Estimate or None}, or None when the run lacks the contract
    differences: list  # per run after the first: {key: Difference or None}, or None

    @property
    def missing_from(self):
        return [i for i, e in enumerate(self.estimates) if e is None]


@dataclass
class Comparison:
    runs: list
    contracts: list = field(default_factory=list)


def _attribute(results, name):
    value = results.attrs.get(name)
    return None if value is None else text(value)


def pairing(a, b):
    """(paired, reason): paired when the two runs share seed, replications and first replication."""
    keys = ("seed", "replications", "first_replication")
    values = [(k, _attribute(a, k), _attribute(b, k)) for k in keys]
    missing = [k for k, x, y in values if x is None or y is None]
    if missing:
        return False, f"unpaired: {', '.join(missing)} not in both files"
    differing = [f"{k} {x} vs {y}" for k, x, y in values if x != y]
    if differing:
        return False, "unpaired (independent runs): " + "; ".join(differing)
    return True, f"paired: same seed ({values[0][1]}) and replications ({values[2][1]}.." \
                 f"{int(values[2][1]) + int(values[1][1]) - 1})"


def _estimates(contract):
    out = {}
    for key, _, metric, column, statistic, kind in STATISTICS:
        summary = contract.horizon_summary(metric) if contract.has(metric) else None
        sample = contract.horizon(metric) if summary else None
        if summary is None or sample is None or sample.size == 0:
            out[key] = None
            continue
        value = summary[column]
        n = sample.size
        if column == "mean":
            se = summary["mc_se"]
        elif kind == "probability":
            se = math.sqrt(value * (1 - value) / n)
        else:
            se = statistics.bootstrap_se(sample, statistic)
        out[key] = Estimate(float(value), float(se), sample)
    return out


def _difference(key, a, b, paired):
    if a is None or b is None:
        return None
    statistic = next(s for s in STATISTICS if s[0] == key)[4]
    value = b.value - a.value
    if paired and a.sample.size == b.sample.size and a.sample.size > 1:
        if key in ("var95", "es95", "var99", "es99"):
            se = statistics.paired_bootstrap_se(a.sample, b.sample, statistic)
        else:  # a mean or a probability: the SE of the mean per-replication difference
            per_replication = (b.sample - a.sample) if key in ("mean_margin", "payer_savings") else \
                (b.sample < 0).astype(float) - (a.sample < 0).astype(float)
            se = float(np.std(per_replication, ddof=1) / math.sqrt(per_replication.size))
    else:
        se = math.sqrt(a.se ** 2 + b.se ** 2)
    return Difference(float(value), float(se))


def compare(opened):
    """The comparison of the ResultsFiles `opened` (the first is the reference)."""
    runs = [ComparedRun(string.ascii_uppercase[i] if i < 26 else f"R{i + 1}", r) for i, r in enumerate(opened)]
    for run in runs[1:]:
        run.paired, run.pairing_reason = pairing(runs[0].results, run.results)
    runs[0].pairing_reason = "reference"
    names = []
    for run in runs:
        names += [n for n in run.results.run.names if n not in names]
    comparison = Comparison(runs)
    for name in names:
        contracts = [run.results.run.contract(name) for run in runs]
        estimates = [_estimates(c) if c is not None else None for c in contracts]
        differences = []
        for run, estimate in zip(runs[1:], estimates[1:]):
            if estimate is None or estimates[0] is None:
                differences.append(None)
            else:
                differences.append({k: _difference(k, estimates[0][k], estimate[k], run.paired)
                                    for k, *_ in STATISTICS})
        comparison.contracts.append(ContractComparison(name, estimates, differences))
    return comparison


def write_csv(path, comparison):
    """comparison.csv: one row per (contract, statistic, run), numbers exact (repr)."""
    def number(x):
        return "" if x is None else repr(float(x))
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["contract", "statistic", "run", "file", "value", "se", "difference", "difference_se",
                      "pairing", "beyond_mc_error", "status"])
        for contract in comparison.contracts:
            for key, *_ in STATISTICS:
                for i, run in enumerate(comparison.runs):
                    estimate = contract.estimates[i]
                    if estimate is None:
                        out.writerow([contract.name, key, run.label, run.results.path, "", "", "", "", "", "",
                                      "contract not in this run"])
                        continue
                    e = estimate[key]
                    d = contract.differences[i - 1][key] if i > 0 and contract.differences[i - 1] else None
                    pairing_word = "" if i == 0 else ("paired" if run.paired else "unpaired")
                    status = "reference" if i == 0 else ("difference" if d else "no difference (not in the reference)")
                    if e is None:
                        status = "statistic not in this run"
                    out.writerow([contract.name, key, run.label, run.results.path,
                                  number(e.value if e else None), number(e.se if e else None),
                                  number(d.value if d else None), number(d.se if d else None), pairing_word,
                                  "" if d is None else str(d.beyond_mc_error).lower(), status])

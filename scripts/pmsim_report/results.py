"""Reading a pmsim results file (docs/output.md) into what the figures need.

A file is one run (`/contracts/...` at the root), a sweep (root attribute `sweep_keys`,
one run per `/sweep/<index>` group with attribute `sweep_values`; `sweep_zip_keys` names the
keys that move together, `pmsim sweep --zip`), and may hold a parameter-uncertainty analysis
(`/sensitivity/<contract>/<outcome>/`, `/parameters/<name>`). Everything absent is simply not
offered, so the figures can skip it."""
import os
from dataclasses import dataclass, field

import h5py
import numpy as np

from . import scenario_text, statistics

HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


class ReportInputError(Exception):
    """The input cannot be reported on (missing, not HDF5, not pmsim results): exit code 2."""


def text(value):
    """An attribute as str, whether h5py returns str or bytes."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray) and value.shape == ():
        return text(value[()])
    return str(value)


def text_list(value):
    """A string-array attribute as a list of str (a single string counts as one element)."""
    if isinstance(value, (str, bytes)):
        return [text(value)]
    return [text(v) for v in np.ravel(value)]


def resolved_scenario(attrs):
    return text(attrs.get("scenario_resolved", ""))


@dataclass
class Contract:
    """One `/contracts/<name>` group of a run."""
    name: str
    type: str
    group: h5py.Group

    def has(self, metric):
        return isinstance(self.group.get(metric), h5py.Dataset)

    def matrix(self, metric):
        """float64 [replications, years], or None when the contract has no such metric."""
        return self.group[metric][...] if self.has(metric) else None

    def unit(self, metric):
        return text(self.group[metric].attrs.get("unit", "")) if self.has(metric) else ""

    def horizon(self, metric):
        """One value per replication over the horizon: the sum of a flow, the minimum of a
        stock, the maximum of a peak, the mean of an indicator or a level, the last year of a
        label (the file's own aggregation rule, as results.h's horizon_value)."""
        values = self.matrix(metric)
        if values is None:
            return None
        aggregation = text(self.group[metric].attrs.get("aggregation", "flow"))
        if aggregation == "stock":
            return values.min(axis=1)
        if aggregation == "peak":
            return values.max(axis=1)
        if aggregation in ("indicator", "level"):
            return values.mean(axis=1)
        if aggregation == "label":
            return values[:, -1]
        return values.sum(axis=1)

    def horizon_summary(self, metric):
        """The horizon row of the metric's summary table as {column: value}; recomputed from
        the matrix when the table is missing; None without the metric."""
        table = self.group.get("summary/" + metric)
        if isinstance(table, h5py.Dataset) and "columns" in table.attrs:
            columns = text_list(table.attrs["columns"])
            return dict(zip(columns, (float(v) for v in table[-1, :])))
        values = self.horizon(metric)
        return None if values is None else statistics.describe(values)


@dataclass
class Run:
    """The contracts of one simulated scenario (the file's root, or one sweep point)."""
    contracts: list
    label: str = ""

    @staticmethod
    def read(group, label="", order=()):
        """The run in `group`, contracts in `order` (the scenario's) first, or None."""
        contracts_group = group.get("contracts")
        if not isinstance(contracts_group, h5py.Group):
            return None
        names = [n for n, g in contracts_group.items() if isinstance(g, h5py.Group)]
        names.sort(key=lambda n: (order.index(n) if n in order else len(order), n))
        contracts = [Contract(n, text(contracts_group[n].attrs.get("type", "")), contracts_group[n]) for n in names]
        return Run(contracts, label) if contracts else None

    @property
    def names(self):
        return [c.name for c in self.contracts]

    def contract(self, name):
        return next((c for c in self.contracts if c.name == name), None)

    def years(self):
        """Performance years, from the contracts' matrices."""
        for contract in self.contracts:
            margin = contract.matrix("provider_margin")
            if margin is not None:
                return margin.shape[1]
        return 0


@dataclass
class SweepPoint:
    values: dict  # sweep key -> value as written (a string)
    run: Run
    index: int = 0  # the N of /sweep/N
    attrs: dict = field(default_factory=dict)  # the point group's own attributes (seed, scenario_resolved, ...)


@dataclass
class Sensitivity:
    """One `/sensitivity/<contract>/<outcome>` group: parameters in tornado order."""
    contract: str
    outcome: str
    parameters: list
    rank_correlation: np.ndarray
    low: np.ndarray
    high: np.ndarray
    unit: str = ""
    description: str = ""  # e.g. "horizon provider_margin (USD)", when the file says


@dataclass
class ResultsFile:
    path: str
    handle: h5py.File
    attrs: dict
    root_attrs: dict = field(default_factory=dict)  # the file root's own attributes
    run: Run = None  # the run shown by the per-contract figures
    sweep_keys: list = field(default_factory=list)
    sweep_zip_keys: list = field(default_factory=list)  # keys that move together as one axis
    sweep: list = field(default_factory=list)  # SweepPoint, in index order
    shown_point: SweepPoint = None  # the sweep point `run` is (--point), None for a plain run
    common_scale: bool = False  # --common-scale: every contract's panel on one axis
    sensitivity: list = field(default_factory=list)
    parameters: dict = field(default_factory=dict)  # name -> float64 [replications]

    def stage_contracts(self, transition):
        """The contracts a transition moves through, by stage (1-based stage k is item k - 1)."""
        return scenario_text.transition_stages(resolved_scenario(self.attrs)).get(transition, [])

    @property
    def horizon_label(self):
        """'5 performance years': what a horizon value adds up."""
        years = self.run.years()
        return f"{years} performance year{'s' if years != 1 else ''}"

    @property
    def label(self):
        """How the page names this file: its scenario, and the sweep point shown."""
        name = text(self.attrs.get("scenario_name", os.path.basename(self.path)))
        return name + (f" (point {self.shown_point.index})" if self.shown_point is not None else "")

    def close(self):
        self.handle.close()


def open_results(path, point=None):
    """Opens and checks a results file; ReportInputError says plainly what is wrong. `point`
    (--point) chooses the sweep point the per-contract figures show (default: the first)."""
    if not os.path.exists(path):
        raise ReportInputError(f"{path}: no such file")
    if not os.path.isfile(path):
        raise ReportInputError(f"{path}: not a file")
    try:
        with open(path, "rb") as f:
            head = f.read(len(HDF5_SIGNATURE))
    except OSError as e:
        raise ReportInputError(f"{path}: cannot read: {e.strerror}") from e
    if head != HDF5_SIGNATURE:
        raise ReportInputError(f"{path}: not an HDF5 file (expected a pmsim results file, see docs/output.md)")
    try:
        handle = h5py.File(path, "r")
    except OSError as e:
        raise ReportInputError(f"{path}: cannot open as HDF5: {e}") from e
    try:
        results = _read(path, handle)
    except (KeyError, ValueError, OSError) as e:
        handle.close()
        raise ReportInputError(f"{path}: unreadable pmsim results: {e}") from e
    if results.run is None and not results.sweep:
        handle.close()
        raise ReportInputError(f"{path}: not a pmsim results file (no /contracts group and no /sweep points)")
    try:
        _show_point(results, point)
    except ReportInputError:
        handle.close()
        raise
    return results


def _show_point(results, point):
    """Makes sweep point `point` (or the first) the run the per-contract figures show."""
    if not results.sweep:
        if point is not None:
            raise ReportInputError(f"--point {point}: {results.path} is not a sweep file (no /sweep points); "
                                   "--point chooses a sweep point")
        return
    indices = [p.index for p in results.sweep]
    chosen = next((p for p in results.sweep if p.index == point), None) if point is not None else results.sweep[0]
    if chosen is None:
        accepted = f"{indices[0]}..{indices[-1]}" if indices == list(range(indices[0], indices[-1] + 1)) else \
            ", ".join(str(i) for i in indices)
        raise ReportInputError(f"--point {point}: {results.path} has sweep points {accepted} "
                               f"({len(indices)} point{'s' if len(indices) != 1 else ''})")
    if point is None and results.run is not None:
        return  # a run at the root, with sweep points beside it: the root's run is shown
    results.run = chosen.run
    results.shown_point = chosen
    # the point's run attributes (seed, replications, scenario) override the first point's
    results.attrs = {**results.attrs, **chosen.attrs, **results.root_attrs}


def _read(path, handle):
    results = ResultsFile(path, handle, {k: v for k, v in handle.attrs.items()})
    results.root_attrs = dict(results.attrs)
    order = scenario_text.contract_order(resolved_scenario(results.attrs))
    results.run = Run.read(handle, order=order)
    if "sweep_keys" in handle.attrs and isinstance(handle.get("sweep"), h5py.Group):
        results.sweep_keys = text_list(handle.attrs["sweep_keys"])
        zipped = text_list(handle.attrs["sweep_zip_keys"]) if "sweep_zip_keys" in handle.attrs else []
        results.sweep_zip_keys = [k for k in zipped if k in results.sweep_keys]
        first_point = handle["sweep"].get(next(iter(_sorted_point_names(handle["sweep"])), ""))
        if isinstance(first_point, h5py.Group):
            # a sweep's provenance may live in its points rather than at the root
            results.attrs = {**dict(first_point.attrs), **results.attrs}
            order = order or scenario_text.contract_order(resolved_scenario(results.attrs))
        results.sweep = _read_sweep(handle["sweep"], results.sweep_keys, order)
    results.sensitivity = _read_sensitivity(handle, results.run)
    parameters = handle.get("parameters")
    if isinstance(parameters, h5py.Group):
        def keep(name, node):  # visited, not listed: a key with a slash is a dataset in a subgroup
            if isinstance(node, h5py.Dataset):
                results.parameters[name] = np.ravel(node[...]).astype(float)
        parameters.visititems(keep)
    return results


def _sorted_point_names(sweep_group):
    names = [n for n, g in sweep_group.items() if isinstance(g, h5py.Group)]
    return sorted(names, key=lambda n: (not n.isdigit(), int(n) if n.isdigit() else 0, n))


def _read_sweep(sweep_group, keys, order):
    points = []
    for name in _sorted_point_names(sweep_group):
        group = sweep_group[name]
        values = text_list(group.attrs.get("sweep_values", []))
        run = Run.read(group, label=name, order=order)
        if run is None or len(values) != len(keys) or not name.isdigit():
            continue  # a point without contracts or with a malformed key list cannot be placed
        points.append(SweepPoint(dict(zip(keys, values)), run, int(name), dict(group.attrs)))
    return points


def _read_sensitivity(handle, run):
    root = handle.get("sensitivity")
    if not isinstance(root, h5py.Group):
        return []
    tables = []
    for contract_name, contract_group in root.items():
        if not isinstance(contract_group, h5py.Group):
            continue
        for outcome, group in contract_group.items():
            needed = ("rank_correlation", "low", "high")
            if not isinstance(group, h5py.Group) or "parameters" not in group.attrs or \
                    not all(isinstance(group.get(n), h5py.Dataset) for n in needed):
                continue
            parameters = text_list(group.attrs["parameters"])
            arrays = [np.ravel(group[n][...]).astype(float) for n in needed]
            if any(a.size != len(parameters) for a in arrays) or not parameters:
                continue
            contract = run.contract(contract_name) if run else None
            unit = contract.unit(outcome) if contract else ""
            unit = unit or text(group.attrs.get("unit", ""))
            tables.append(Sensitivity(contract_name, outcome, parameters, *arrays, unit=unit,
                                      description=text(group.attrs.get("outcome", ""))))
    order = run.names if run else []
    tables.sort(key=lambda t: (order.index(t.contract) if t.contract in order else len(order), t.contract))
    return tables

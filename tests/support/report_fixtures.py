#!/usr/bin/python3
"""Files for tests/app/cli/report_test.cpp that pmsim does not write yet, built from real results,
and a look inside the report's panel figures:

  report_fixtures.py sweep OUT.h5 [--zip] KEY[,KEY...] VALUE[,VALUE...]=RESULTS.h5 ...
                               a sweep file, one point per run; --zip: the keys move together
                               (root attribute sweep_zip_keys, as `pmsim sweep --zip` writes it)
  report_fixtures.py sensitivity RESULTS.h5 OUT.h5           the run plus a sensitivity analysis
  report_fixtures.py not-results OUT.h5                      valid HDF5 without pmsim's groups
  report_fixtures.py flat-margin RESULTS.h5 OUT.h5           the run with one contract's margin
                               one-dimensional: readable, but the report fails while drawing it
  report_fixtures.py panel-limits RESULTS.h5 MODULE [--common-scale]
                               draws figures/MODULE.py of scripts/report and prints one line per
                               panel: its x limits and y limits (four numbers)

The layouts are those scripts/report reads (docs/output.md, "Pictures: scripts/report")."""
import os
import shutil
import sys
import tempfile

import h5py
import numpy as np

STRINGS = h5py.string_dtype()
INVOCATION_ATTRIBUTES = ("pmsim_version", "git_commit", "created", "scenario_file", "scenario_text", "command_line",
                         "threads", "wall_seconds", "simd_target")


def make_sweep(out_path, keys, points, zipped=False):
    """`points`: (values, results path), one value per key."""
    with h5py.File(out_path, "w") as out:
        for index, (values, path) in enumerate(points):
            if len(values) != len(keys):
                sys.exit(f"point {index}: {len(values)} values for {len(keys)} keys")
            with h5py.File(path, "r") as run:
                if index == 0:  # the root has the invocation's attributes, each point its run's
                    for name in INVOCATION_ATTRIBUTES:
                        if name in run.attrs:
                            out.attrs[name] = run.attrs[name]
                    out.attrs["sweep_keys"] = np.array(keys, dtype=STRINGS)
                    if zipped:
                        out.attrs["sweep_zip_keys"] = np.array(keys, dtype=STRINGS)
                point = out.create_group(f"sweep/{index}")
                for name in run:
                    run.copy(run[name], point, name=name)
                for name, attr in run.attrs.items():  # the run's attributes, as pmsim sweep's points have them
                    point.attrs[name] = attr
                point.attrs["sweep_values"] = np.array(values, dtype=STRINGS)


def panel_limits(results_path, module_name, common_scale):
    """The visible panels' axis limits of one figure as scripts/report draws it."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
    import importlib
    from pmsim_report import results, style
    module = importlib.import_module(f"pmsim_report.figures.{module_name}")
    shown = results.open_results(results_path)
    shown.common_scale = common_scale
    limits = []

    def record(fig, path):
        for ax in fig.axes:
            if ax.get_visible() and ax.has_data():
                limits.append((*ax.get_xlim(), *ax.get_ylim()))
        style.plt.close(fig)
    style.save = record
    with tempfile.TemporaryDirectory() as out_dir:
        module.draw(shown, style.contract_colours(shown.run.names), out_dir)
    for row in limits:
        print(" ".join(repr(float(v)) for v in row))


def add_sensitivity(run_path, out_path):
    """Three made-up uncertain parameters, and a tornado of two outcomes per contract: the
    numbers are invented (payer savings stay flat where the file's are, as under FFS), the
    shapes, types and tornado order are the layout's."""
    shutil.copyfile(run_path, out_path)
    parameters = ["services.inpatient.rate", "provider.fixed_costs", "population.churn"]
    with h5py.File(out_path, "r+") as f:
        replications = int(f.attrs["replications"])
        rng = np.random.default_rng(3)
        for name, centre in zip(parameters, (0.2, 2.0e5, 0.03)):
            f[f"parameters/{name}"] = centre * rng.lognormal(0.0, 0.1, replications)
        for contract in f["contracts"]:
            for outcome in ("provider_margin", "payer_savings"):
                horizon = f[f"contracts/{contract}/{outcome}"][...].sum(axis=1)
                swing = np.array([0.3, 0.15, 0.05]) * np.ptp(horizon)
                group = f.create_group(f"sensitivity/{contract}/{outcome}")
                group.attrs["parameters"] = np.array(parameters, dtype=STRINGS)
                group.attrs["outcome"] = f"horizon {outcome} (USD)"
                group["rank_correlation"] = np.array([-0.62, -0.31, 0.08])
                group["low"] = horizon.mean() + swing / 2
                group["high"] = horizon.mean() - swing / 2
                group["swing"] = group["high"][...] - group["low"][...]


def flatten_margin(run_path, out_path):
    shutil.copyfile(run_path, out_path)
    with h5py.File(out_path, "r+") as f:
        contract = next(iter(f["contracts"]))
        margin = f[f"contracts/{contract}/provider_margin"][...]
        del f[f"contracts/{contract}/provider_margin"]
        f[f"contracts/{contract}/provider_margin"] = margin.sum(axis=1)


def main(argv):
    if len(argv) >= 4 and argv[0] == "sweep":
        zipped = argv[2] == "--zip"
        keys, specs = (argv[3], argv[4:]) if zipped else (argv[2], argv[3:])
        points = [(values.split(","), path) for values, path in (a.split("=", 1) for a in specs)]
        make_sweep(argv[1], keys.split(","), points, zipped)
    elif len(argv) == 3 and argv[0] == "sensitivity":
        add_sensitivity(argv[1], argv[2])
    elif len(argv) == 3 and argv[0] == "flat-margin":
        flatten_margin(argv[1], argv[2])
    elif len(argv) == 2 and argv[0] == "not-results":
        with h5py.File(argv[1], "w") as f:
            f["numbers"] = np.arange(3.0)
    elif len(argv) in (3, 4) and argv[0] == "panel-limits":
        panel_limits(argv[1], argv[2], argv[3:] == ["--common-scale"])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

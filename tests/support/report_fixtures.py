#!/usr/bin/python3
"""Files for tests/app/cli/report_test.cpp that pmsim does not write yet, built from real results:

  report_fixtures.py sweep OUT.h5 KEY VALUE=RESULTS.h5 ...   a sweep file, one point per run
  report_fixtures.py sensitivity RESULTS.h5 OUT.h5           the run plus a sensitivity analysis
  report_fixtures.py not-results OUT.h5                      valid HDF5 without pmsim's groups

The layouts are those scripts/report reads (docs/output.md, "Pictures: scripts/report")."""
import shutil
import sys

import h5py
import numpy as np

STRINGS = h5py.string_dtype()


def make_sweep(out_path, key, points):
    with h5py.File(out_path, "w") as out:
        for index, (value, path) in enumerate(points):
            with h5py.File(path, "r") as run:
                if index == 0:
                    for name, attr in run.attrs.items():
                        out.attrs[name] = attr
                    out.attrs["sweep_keys"] = np.array([key], dtype=STRINGS)
                point = out.create_group(f"sweep/{index}")
                for name in run:
                    run.copy(run[name], point, name=name)
                point.attrs["sweep_values"] = np.array([value], dtype=STRINGS)


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


def main(argv):
    if len(argv) >= 4 and argv[0] == "sweep":
        make_sweep(argv[1], argv[2], [tuple(a.split("=", 1)) for a in argv[3:]])
    elif len(argv) == 3 and argv[0] == "sensitivity":
        add_sensitivity(argv[1], argv[2])
    elif len(argv) == 2 and argv[0] == "not-results":
        with h5py.File(argv[1], "w") as f:
            f["numbers"] = np.arange(3.0)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

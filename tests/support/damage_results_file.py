#!/usr/bin/python3
"""Damaged copies of a valid results file, for tests/app/cli/damaged_file_test.cpp.

  damage_results_file.py VALID.h5 OUTDIR [--flips N] [--seed S]

Writes OUTDIR/<kind>-<n>.h5 and prints one line per file: its name, a tab, what was done.
Kinds: each dataset deleted in turn (delete), reshaped (reshape: one column or row fewer),
replaced by a string dataset (retype); each root attribute deleted (no-attribute) or
replaced by a string (attribute-retype); the file truncated at several lengths (truncate);
random bytes flipped with a fixed seed (flip). Needs Debian's python3-h5py and numpy.
"""
import os
import random
import shutil
import sys

import h5py
import numpy as np


def datasets(path):
    names = []
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: names.append("/" + name) if isinstance(obj, h5py.Dataset) else None)
    return names


def copy(valid, outdir, name):
    target = os.path.join(outdir, name + ".h5")
    shutil.copyfile(valid, target)
    return target


def edit(path, change):
    with h5py.File(path, "r+") as f:
        change(f)


def reshape(f, name):
    data = f[name][...]
    attrs = dict(f[name].attrs)
    del f[name]
    smaller = data[..., :-1] if data.ndim == 2 and data.shape[1] > 1 else data[:-1]
    f.create_dataset(name, data=smaller)
    for k, v in attrs.items():
        f[name].attrs[k] = v


def retype(f, name):
    attrs = dict(f[name].attrs)
    del f[name]
    f.create_dataset(name, data=np.array(["not a number"], dtype=h5py.string_dtype()))
    for k, v in attrs.items():
        f[name].attrs[k] = v


def main():
    valid, outdir = sys.argv[1], sys.argv[2]
    flips = int(sys.argv[sys.argv.index("--flips") + 1]) if "--flips" in sys.argv else 40
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 12
    os.makedirs(outdir, exist_ok=True)
    made = []
    for i, name in enumerate(datasets(valid)):
        for kind, change in (("delete", lambda f, n=name: f.__delitem__(n)),
                             ("reshape", lambda f, n=name: reshape(f, n)),
                             ("retype", lambda f, n=name: retype(f, n))):
            path = copy(valid, outdir, f"{kind}-{i}")
            edit(path, change)
            made.append((path, f"{kind} {name}"))
    with h5py.File(valid, "r") as f:
        root_attributes = list(f.attrs)
    for i, attribute in enumerate(root_attributes):
        path = copy(valid, outdir, f"no-attribute-{i}")
        edit(path, lambda f, a=attribute: f.attrs.__delitem__(a))
        made.append((path, f"root attribute {attribute} deleted"))
        path = copy(valid, outdir, f"attribute-retype-{i}")
        edit(path, lambda f, a=attribute: f.attrs.__setitem__(a, "not a number"))
        made.append((path, f"root attribute {attribute} replaced by a string"))
    size = os.path.getsize(valid)
    for i, length in enumerate(sorted({0, 8, 512, size // 10, size // 2, size - size // 10, size - 1})):
        path = copy(valid, outdir, f"truncate-{i}")
        os.truncate(path, length)
        made.append((path, f"truncated to {length} of {size} bytes"))
    rng = random.Random(seed)
    for i in range(flips):
        path = copy(valid, outdir, f"flip-{i}")
        with open(path, "r+b") as f:
            data = bytearray(f.read())
            where = sorted(rng.randrange(size) for _ in range(rng.randint(1, 8)))
            for w in where:
                data[w] ^= 1 << rng.randrange(8)
            f.seek(0)
            f.write(data)
        made.append((path, "bytes flipped at " + ", ".join(map(str, where))))
    for path, what in made:
        print(f"{os.path.basename(path)}\t{what}")


if __name__ == "__main__":
    main()

"""What the report reads from a results file's resolved scenario (root attribute
`scenario_resolved`, written by pmsim's to_yaml): the contracts' order, which HDF5 does not
keep (it lists groups alphabetically), and the contracts a transition moves through.

Only the shapes to_yaml writes are read (no YAML library: the report needs only Debian's
matplotlib, numpy and h5py); anything else gives [] or {} and the report falls back."""
import re


def _contract_items(resolved):
    """(name, text of the item) for each `  - name:` item of the top-level `contracts:`."""
    section = re.search(r"^contracts:\n((?:[ -].*\n?)*)", resolved, re.MULTILINE)
    if not section:
        return []
    items = re.split(r"^  - name: ", section.group(1), flags=re.MULTILINE)[1:]
    return [(_unquoted(item.split("\n", 1)[0]), item) for item in items]


def _unquoted(name):
    return name.strip().strip("\"'")


def contract_order(resolved):
    return [name for name, _ in _contract_items(resolved)]


def transition_stages(resolved):
    """{transition name: [contract of stage 1, stage 2, ...]}"""
    stages = {}
    for name, item in _contract_items(resolved):
        if re.search(r"^    type: transition$", item, re.MULTILINE):
            stages[name] = [_unquoted(c) for c in re.findall(r"^      - \{.*contract: ([^,}]+)", item, re.MULTILINE)]
    return stages

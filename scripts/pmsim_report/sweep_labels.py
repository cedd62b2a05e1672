"""Human labels for swept keys: `contracts[2].pmpm` -> "PMPM of contract 'global_cap'
(contracts[2].pmpm)", `population.size` -> "population size (population.size)". The key is
always kept in brackets, so the label can be matched with the command line."""
import re

from . import scenario_text
from .results import resolved_scenario

ACRONYMS = {"pmpm": "PMPM", "ffs": "FFS", "mlr": "MLR", "cv": "CV", "id": "ID"}
INDEXED = re.compile(r"^([A-Za-z_]+)\[(\d+)\]$")


def _words(piece):
    return " ".join(ACRONYMS.get(w, w) for w in piece.split("_"))


def key_label(key, attrs):
    """The label of one key; `attrs`: a run's attributes (its scenario names the contracts)."""
    pieces = key.split(".")
    contracts = scenario_text.contract_order(resolved_scenario(attrs))
    first = INDEXED.match(pieces[0])
    if first and first.group(1) == "contracts" and len(pieces) > 1:
        index = int(first.group(2))
        whose = f"contract '{contracts[index]}'" if index < len(contracts) else f"contract {index}"
        return f"{_words(' '.join(pieces[1:]))} of {whose} ({key})"
    if pieces[0] == "services" and len(pieces) == 3:
        return f"{_words(pieces[1])} {_words(pieces[2])} ({key})"
    return f"{' '.join(_words(p) for p in pieces)} ({key})"


def axis_label(keys, attrs):
    """The label of an axis of one key, or of zipped keys that move together."""
    if len(keys) == 1:
        return key_label(keys[0], attrs)
    return f"{key_label(keys[0], attrs)}, with " + ", ".join(key_label(k, attrs) for k in keys[1:])

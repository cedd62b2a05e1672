"""Small multiples over contracts: one panel for each contract that has a metric."""
from .. import style


def contract_panels(run, metric):
    """(figure, axes, contracts) with a panel per contract having `metric`; (None, [], [])
    when none has it, so the caller draws nothing."""
    contracts = [c for c in run.contracts if c.has(metric)]
    if not contracts:
        return None, [], []
    fig, axes = style.panel_grid(len(contracts))
    return fig, axes, contracts

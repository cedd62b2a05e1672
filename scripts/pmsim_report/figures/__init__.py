"""The report's figures, in page order. Each module's `draw(results, colours, out_dir)` writes
its PNG into out_dir and returns the Figures drawn, or [] when the file lacks what it shows."""
from . import margin_distribution, margin_fan, reserves, savings_vs_risk, sweep_curve, tail_risk, tornado

IN_PAGE_ORDER = (margin_distribution, margin_fan, tail_risk, savings_vs_risk, reserves, sweep_curve, tornado)

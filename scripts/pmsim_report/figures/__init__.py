"""The report's figures, in page order. Each module's `draw(results, colours, out_dir)` writes
its PNG into out_dir and returns the Figures drawn, or [] when the file lacks what it shows.
margin_overlay draws the comparison page's figure (`draw(comparison, colours, out_dir)`)."""
from . import margin_distribution, margin_fan, margin_overlay, reserves, savings_vs_risk, sweep_curve, tail_risk, tornado

IN_PAGE_ORDER = (margin_distribution, margin_fan, tail_risk, savings_vs_risk, reserves, sweep_curve, tornado)
ALL_MODULES = IN_PAGE_ORDER + (margin_overlay,)

"""pmsim_report: the figures and HTML page of scripts/report, from a pmsim results file."""

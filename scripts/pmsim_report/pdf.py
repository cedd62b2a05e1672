"""report.pdf: the whole report in one file for a board pack, drawn with matplotlib's PdfPages
(no other dependency): the page's text and tables as fixed-width text pages, then every figure
(vector, as drawn for the PNG) with its title and caption under it."""
import textwrap

import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages

FILE = "report.pdf"
PAGE_INCHES = (11.69, 8.27)  # A4 landscape
TEXT_POINTS = 7.0
LINES_PER_PAGE = 58  # 7 pt lines at 1.25 spacing fill the page below the title
CAPTION_POINTS = 9.0


def _text_pages(pdf, title, sections):
    """`sections`: (heading, text) in order; long ones continue on the next page."""
    lines = []
    for heading, body in sections:
        lines += [heading, "-" * len(heading)] + body.splitlines() + [""]
    for start in range(0, max(1, len(lines)), LINES_PER_PAGE):
        fig = plt.figure(figsize=PAGE_INCHES)
        fig.text(0.04, 0.96, title + (" (continued)" if start else ""), fontsize=13, fontweight="bold", va="top")
        fig.text(0.04, 0.92, "\n".join(lines[start:start + LINES_PER_PAGE]), family="DejaVu Sans Mono",
                 fontsize=TEXT_POINTS, va="top", linespacing=1.25)
        pdf.savefig(fig)
        plt.close(fig)


def _figure_page(pdf, fig, figure):
    width_inches = fig.get_size_inches()[0]
    characters = max(60, int(width_inches * 72 / (0.55 * CAPTION_POINTS)))
    caption = textwrap.fill(f"{figure.title}. {figure.caption}", characters)
    # under everything drawn, the key below the panels included (it may reach below the figure)
    fig.canvas.draw()
    bottom = fig.get_tightbbox(fig.canvas.get_renderer()).y0 / fig.get_size_inches()[1]
    fig.text(0.0, min(0.0, bottom) - 0.02, caption, fontsize=CAPTION_POINTS, va="top", ha="left",
             transform=fig.transFigure)
    pdf.savefig(fig, bbox_inches="tight")


def write(path, title, sections, figures, drawn_figures):
    """`figures`: the Figures the page shows, in its order; `drawn_figures`: {file: open
    matplotlib figure} (style.keep_for_pdf). A figure missing there is an error: the PDF would
    not be the whole report."""
    with PdfPages(path, metadata={"Title": title, "Creator": "pmsim scripts/report"}) as pdf:
        _text_pages(pdf, title, sections)
        for figure in figures:
            _figure_page(pdf, drawn_figures[figure.file], figure)

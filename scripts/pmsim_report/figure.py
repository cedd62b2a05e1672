"""A drawn figure as the page lists it: its PNG file (next to index.html), title and caption."""
from dataclasses import dataclass


@dataclass
class Figure:
    file: str
    title: str
    caption: str  # one line saying how to read it

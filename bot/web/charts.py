"""The dashboard's charts, drawn on the server as SVG with pygal.

Why pygal: it is a well-kept, pure-Python library whose native output is SVG (no browser-side drawing, no
script needed to show a chart), with titled series and labels; matplotlib would also do, at several times
the memory and start-up. The charts are served as images of our own origin, so pygal's inline tooltip
script never runs and the page keeps its ``default-src 'self'`` policy; every chart's numbers are also in a
table beside it, for screen readers and for anyone who would rather read than look.

Hidden counts (fewer than k flags) are gaps in a line, never zero, and a chart with nothing to show says so.
"""

from __future__ import annotations

from functools import lru_cache

import pygal
from pygal.style import Style

# Colours from a palette that stays distinct for the common kinds of colour blindness (Okabe and Ito, 2008),
# darkened where needed to keep a 3:1 contrast against white (WCAG 2.2, 1.4.11 non-text contrast).
PALETTE = ("#0b5cad", "#a85200", "#1b7340", "#8a3b8f", "#006d77", "#6b6b00", "#b0003a", "#4a4a4a")
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#212b32",
    foreground_strong="#212b32",
    foreground_subtle="#4c6272",
    colors=PALETTE,
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
    value_font_size=13,
    opacity="0.85",
    opacity_hover="1",
)
WIDTH, HEIGHT = 720, 380

Series = tuple[tuple[str, tuple[int | None, ...]], ...]  # (name, values) per series: hashable, for the cache


def _options() -> dict[str, object]:
    return dict(
        style=STYLE,
        width=WIDTH,
        height=HEIGHT,
        js=[],  # no script from anywhere (pygal's tooltips would load one)
        disable_xml_declaration=True,
        explicit_size=False,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        legend_box_size=14,
        truncate_legend=-1,  # a unit's whole name
        truncate_label=-1,
        spacing=14,
        print_values=False,
        include_x_axis=True,
        min_scale=1,
        max_scale=6,
        no_data_text="No flags to show",
        margin=12,
        margin_bottom=28,
    )


@lru_cache(maxsize=512)
def line_chart(title: str, labels: tuple[str, ...], series: Series) -> str:
    """A line per series over ``labels`` (months); None values are gaps."""
    chart = pygal.Line(title=title, allow_interruptions=True, show_minor_x_labels=True, **_options())
    chart.x_labels = list(labels)
    chart.y_title = "Flags"
    for name, values in series:
        chart.add(name, list(values))
    return _svg(chart)


@lru_cache(maxsize=512)
def bar_chart(title: str, labels: tuple[str, ...], series: Series) -> str:
    """Bars for each series beside each other at each label; None values are left out."""
    chart = pygal.Bar(title=title, **_options())
    chart.x_labels = list(labels)
    chart.y_title = "Flags"
    for name, values in series:
        chart.add(name, list(values))
    return _svg(chart)


def _svg(chart: pygal.graph.graph.Graph) -> str:
    return str(chart.render(is_unicode=True))

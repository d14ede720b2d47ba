"""The chart of the CCHC report and the statistics page: CCHC posts per month, stacked by first area.

Drawn with matplotlib's object API on the Agg canvas: no pyplot global state
and no display, so builds and tests draw it anywhere. The bytes are
reproducible, so a rebuild of an unchanged portal publishes identical files:
SVG ids come from a fixed salt, no creation date or software version is
written, and the font is the DejaVu Sans matplotlib ships (it has every
Vietnamese letter), never whatever the machine has installed.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from .stats import PropagationStats

if TYPE_CHECKING:  # matplotlib takes a second and a half to import: only when a chart is drawn
    from matplotlib.figure import Figure

FORMATS = ("svg", "png")

# Okabe–Ito colours: told apart by readers with colour-vision deficiencies and in grey print.
AREA_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

_STYLE = {
    "svg.hashsalt": "congtt",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 10,
}
_METADATA = {"svg": {"Date": None, "Creator": None}, "png": {"Software": None}}
SIZE_INCHES = (8.0, 5.6)
PNG_DPI = 150


def title(stats: PropagationStats) -> str:
    """``Tin bài tuyên truyền CCHC theo tháng — 6 tháng đầu năm 2023``."""
    return f"Tin bài tuyên truyền CCHC theo tháng — {stats.period.label}"


def month_label(key: str) -> str:
    """``2023-01`` → ``01/2023``, as months are written on the axis."""
    year, month = key.split("-")
    return f"{month}/{year}"


def figure(stats: PropagationStats) -> Figure:
    """One bar per month of the period, as tall as its CCHC posts (each counted once, as in the table),
    in segments by each post's first CCHC area; the count above each bar, the legend below."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    months = list(stats.months.names)
    areas = stats.areas.names
    chart = Figure(figsize=SIZE_INCHES, layout="constrained")
    FigureCanvasAgg(chart)
    axes = chart.add_subplot()
    bottoms = [0] * len(months)
    positions = range(len(months))
    for index, (area, name) in enumerate(areas.items()):
        heights = [stats.first_area_months[month, area] for month in months]
        colour = AREA_COLOURS[index % len(AREA_COLOURS)]
        axes.bar(positions, heights, bottom=bottoms, label=name, color=colour, edgecolor="white", linewidth=0.6)
        bottoms = [low + high for low, high in zip(bottoms, heights)]
    for position, total in zip(positions, bottoms):
        if total:
            axes.annotate(str(total), (position, total), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=9)
    labels = [month_label(month) for month in months]
    if len(months) > 7:
        axes.set_xticks(list(positions), labels, rotation=45, ha="right", rotation_mode="anchor")
    else:
        axes.set_xticks(list(positions), labels)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, max([*bottoms, 1]) * 1.1)
    axes.set_ylabel("Số tin bài")
    axes.set_title(f"{title(stats)}\n(Số liệu {stats.period.cutoff})", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    chart.legend(
        loc="outside lower center", ncols=2, frameon=False, fontsize=9, title_fontsize=9,
        title="Lĩnh vực CCHC (tin bài thuộc nhiều lĩnh vực được tính một lần, ở lĩnh vực ghi đầu tiên)",
    )
    return chart


def render(stats: PropagationStats, output_format: str) -> bytes:
    """The chart as ``svg`` or ``png`` bytes, identical for identical figures."""
    from matplotlib import rc_context

    with rc_context(_STYLE):
        chart = figure(stats)
        buffer = io.BytesIO()
        chart.savefig(buffer, format=output_format, dpi=PNG_DPI, metadata=_METADATA[output_format])
    return buffer.getvalue()


def chart_files(stats: PropagationStats, stem: str) -> dict[str, bytes]:
    """``{stem}.svg`` and ``{stem}.png`` with their bytes, for publishing or saving."""
    return {f"{stem}.{output_format}": render(stats, output_format) for output_format in FORMATS}


def write_charts(stats: PropagationStats, stem: Path) -> list[Path]:
    """Save the chart beside a report as ``<stem>.svg`` and ``<stem>.png``; return the paths."""
    written = []
    for name, content in chart_files(stats, str(stem)).items():
        Path(name).write_bytes(content)
        written.append(Path(name))
    return written

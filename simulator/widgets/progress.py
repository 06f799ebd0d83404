"""The progress view: the trainee's attempts over time, read back from the replies file.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no display needed), so it
works headless and in nbclient; matplotlib is imported only when a plot is drawn.
"""

from __future__ import annotations

import io
import math
from typing import Any

import ipywidgets as widgets

from simulator.widgets.cards import STYLESHEET, esc
from simulator.widgets.feedback import DIMENSIONS
from simulator.widgets.store import ReplyStore
from simulator.widgets.strings import dimension_label, text

SERIES_COLOURS = {
    "total": "#222222",
    "tone": "#1f77b4",
    "speed": "#ff7f0e",
    "facts": "#2ca02c",
    "privacy": "#d62728",
}


def score_series(records: list[dict[str, Any]]) -> dict[str, list[float]]:
    """Per graded attempt, in file order: the total and each dimension (NaN if not scored).

    Records without a reply grade (decision-only drills) and odd records from other versions
    are left out, never a failure.
    """
    series: dict[str, list[float]] = {name: [] for name in ("total", *DIMENSIONS)}
    for record in records:
        grade = record.get("grade")
        total = _number(grade.get("total")) if isinstance(grade, dict) else math.nan
        if math.isnan(total):
            continue
        dimensions = grade.get("dimensions") if isinstance(grade.get("dimensions"), dict) else {}
        series["total"].append(total)
        for dimension in DIMENSIONS:
            series[dimension].append(_number(dimensions.get(dimension)))
    return series


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number if math.isfinite(number) else math.nan


def progress_png(records: list[dict[str, Any]], locale: str = "en") -> bytes:
    """The plot as PNG bytes: one line per dimension, the total in bold."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    series = score_series(records)
    figure = Figure(figsize=(7.5, 3.2), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    attempts = list(range(1, len(series["total"]) + 1))
    for name, values in series.items():
        label = text(locale, "total") if name == "total" else dimension_label(locale, name)
        axes.plot(
            attempts,
            values,
            marker="o",
            markersize=3,
            linewidth=2.5 if name == "total" else 1.2,
            color=SERIES_COLOURS[name],
            label=label,
        )
    axes.set_ylim(-2, 102)
    axes.set_xlabel(text(locale, "progress_x"))
    axes.set_ylabel(text(locale, "progress_y"))
    if attempts:
        axes.set_xlim(0.5, max(len(attempts), 2) + 0.5)
        axes.legend(loc="lower left", fontsize=8, ncol=5)
    axes.grid(alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


class Progress:
    """A refreshable view of the replies file."""

    def __init__(self, replies_path: str | None = None, *, locale: str = "en") -> None:
        self.store = ReplyStore(replies_path)
        self.locale = locale
        self.summary = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.refresh_button = widgets.Button(description=text(locale, "refresh"))
        self.refresh_button.on_click(lambda _: self.refresh())
        self.view = widgets.VBox([widgets.HTML(STYLESHEET), self.summary, self.image,
                                  self.refresh_button])
        self.view.add_class("rl-root")
        self.view.add_class("rl-progress")
        self.records: list[dict[str, Any]] = []
        self.refresh()

    def refresh(self) -> None:
        """Read the file again (e.g. after more attempts) and redraw."""
        self.records = self.store.read()
        totals = score_series(self.records)["total"]
        title = f"<h3>{esc(text(self.locale, 'progress_title'))}</h3>"
        if not totals:
            self.summary.value = title + f"<p>{esc(text(self.locale, 'progress_empty'))}</p>"
            self.image.value = b""
            self.image.layout.display = "none"
            return
        line = text(self.locale, "progress_attempts", n=len(totals), total=f"{totals[-1]:.0f}")
        self.summary.value = title + f"<p>{esc(line)}</p>"
        self.image.value = progress_png(self.records, self.locale)
        self.image.layout.display = None

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)

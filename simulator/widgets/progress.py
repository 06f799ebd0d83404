"""The progress view: the trainee's attempts over time, read back from the replies file.

Replies are lines (the total and each dimension); triage decisions (the drill, triage exercises
and the shift desk) are markers at their attempt, green when right, purple when not. The newest
view of a file redraws by itself after each Send in this kernel that writes to it
(store.on_append); older views of the same file (a re-run cell) keep their Refresh button.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no display needed), so it
works headless and in nbclient; matplotlib is imported only when a plot is drawn.
"""

from __future__ import annotations

import asyncio
import io
import logging
import math
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets

from simulator.widgets.cards import STYLESHEET, esc
from simulator.widgets.feedback import DIMENSIONS
from simulator.widgets.store import ReplyStore, on_append
from simulator.widgets.strings import dimension_label, text

log = logging.getLogger(__name__)

SERIES_COLOURS = {
    "total": "#222222",
    "tone": "#1f77b4",
    "speed": "#ff7f0e",
    "facts": "#2ca02c",
    "privacy": "#d62728",
}
DECISION_COLOURS = {True: "#2e7d32", False: "#8e24aa"}  # clear of the privacy line's red
_png_cache: dict[tuple[Any, ...], bytes] = {}  # views of the same file draw it once


@dataclass
class Timeline:
    """What the plot shows, attempt by attempt (x = 1, 2, ... over scored records)."""

    reply_x: list[int] = field(default_factory=list)
    series: dict[str, list[float]] = field(
        default_factory=lambda: {name: [] for name in ("total", *DIMENSIONS)}
    )
    decision_x: list[int] = field(default_factory=list)
    decision_scores: list[float] = field(default_factory=list)
    decision_right: list[bool] = field(default_factory=list)

    @property
    def attempts(self) -> int:
        return max([0, *self.reply_x, *self.decision_x])


def timeline(records: list[dict[str, Any]]) -> Timeline:
    """Replies and decisions in file order. A record with both (a triage exercise, a shift
    reply) is one attempt with a point on each; records with neither, and odd records from
    other versions, are left out, never a failure."""
    line = Timeline()
    x = 0
    for record in records:
        grade, decision = record.get("grade"), record.get("action_grade")
        total = _number(grade.get("total")) if isinstance(grade, dict) else math.nan
        score = _number(decision.get("score")) if isinstance(decision, dict) else math.nan
        if math.isnan(total) and math.isnan(score):
            continue
        x += 1
        if not math.isnan(total):
            dimensions = grade.get("dimensions")
            dimensions = dimensions if isinstance(dimensions, dict) else {}
            line.reply_x.append(x)
            line.series["total"].append(total)
            for dimension in DIMENSIONS:
                line.series[dimension].append(_number(dimensions.get(dimension)))
        if not math.isnan(score):
            expected = decision.get("expected")
            right = decision.get("correct", decision.get("action") == expected)
            line.decision_x.append(x)
            line.decision_scores.append(score)
            line.decision_right.append(bool(right))
    return line


def score_series(records: list[dict[str, Any]]) -> dict[str, list[float]]:
    """Per graded reply, in file order: the total and each dimension (NaN if not scored)."""
    return timeline(records).series


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number if math.isfinite(number) else math.nan


def progress_png(records: list[dict[str, Any]], locale: str = "en") -> bytes:
    """The plot as PNG bytes: one line per dimension, the total in bold, decisions as marks."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    line = timeline(records)
    figure = Figure(figsize=(7.5, 3.6), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    for name, values in line.series.items() if line.reply_x else ():
        label = text(locale, "total") if name == "total" else dimension_label(locale, name)
        axes.plot(
            line.reply_x,
            values,
            marker="o",
            markersize=3,
            linewidth=2.5 if name == "total" else 1.2,
            color=SERIES_COLOURS[name],
            label=label,
        )
    decisions = list(
        zip(line.decision_x, line.decision_scores, line.decision_right, strict=True)
    )
    for right in (True, False):
        points = [(x, score) for x, score, ok in decisions if ok is right]
        if points:
            key = "progress_decision_right" if right else "progress_decision_wrong"
            axes.scatter(
                [x for x, _ in points],
                [score for _, score in points],
                marker="D" if right else "X",
                s=36,
                color=DECISION_COLOURS[right],
                zorder=3,
                label=text(locale, key),
            )
    axes.set_ylim(-2, 102)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(text(locale, "progress_x"))
    axes.set_ylabel(text(locale, "progress_y"))
    if line.attempts:
        axes.set_xlim(0.5, max(line.attempts, 2) + 0.5)
        axes.legend(
            loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=8, ncol=4, frameon=False
        )
    axes.grid(alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def summary_text(line: Timeline, locale: str) -> str:
    """'5 attempts, latest total 74 · decisions: 9, 7 right' (either part may be missing)."""
    parts = []
    totals = line.series["total"]
    if totals:
        parts.append(text(locale, "progress_attempts", n=len(totals), total=f"{totals[-1]:.0f}"))
    if line.decision_x:
        right = sum(line.decision_right)
        parts.append(text(locale, "progress_decisions", n=len(line.decision_x), right=right))
    joined = " · ".join(parts)
    return joined[:1].upper() + joined[1:]


class Progress:
    """A view of the replies file; the newest one per file redraws after each append."""

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
        self._pending = False
        self.refresh()
        on_append(self.store.path, self._on_append, group="progress")

    def refresh(self) -> None:
        """Read the file again and redraw (also what the Refresh button does)."""
        self._pending = False
        self.records = self.store.read()
        line = timeline(self.records)
        title = f"<h3>{esc(text(self.locale, 'progress_title'))}</h3>"
        if not line.attempts:
            self.summary.value = title + f"<p>{esc(text(self.locale, 'progress_empty'))}</p>"
            self.image.value = b""
            self.image.layout.display = "none"
            return
        self.summary.value = title + f"<p>{esc(summary_text(line, self.locale))}</p>"
        self.image.value = self._png()
        self.image.layout.display = None

    def _png(self) -> bytes:
        try:
            stat = self.store.path.stat()
            key: tuple[Any, ...] = (self.store.path, stat.st_size, stat.st_mtime_ns, self.locale)
        except OSError:
            return progress_png(self.records, self.locale)
        if key not in _png_cache:
            _png_cache.clear()  # only the latest drawing of a file is worth keeping
            _png_cache[key] = progress_png(self.records, self.locale)
        return _png_cache[key]

    def _on_append(self, record: dict[str, Any]) -> None:
        """After a Send: redraw once the kernel is free (the trainee's feedback goes first);
        outside a running event loop (tests, scripts) at once."""
        if self._pending:
            return
        self._pending = True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._refresh_quietly()
            return
        loop.call_soon(self._refresh_quietly)

    def _refresh_quietly(self) -> None:
        try:
            self.refresh()
        except Exception:  # noqa: BLE001 - a stale plot beats a failed Send
            self._pending = False
            log.exception("replylab: the progress view could not redraw")

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)

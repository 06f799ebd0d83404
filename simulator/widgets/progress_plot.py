"""The progress picture: one small panel per dimension (and the total) with every reply as a
faint dot and a moving average as the trend, the current lesson's replies in colour; a panel
of decisions (the share right, over time); and the findings that keep coming back.

Replies and decisions each have their own x axis (reply 1, 2, ...; decision 1, 2, ...), so no
line bridges a run of decisions, and no dimension hides under another. Dots fade as attempts
add up, so 500 stay as readable as 10. Drawn with matplotlib's object API on the Agg canvas
(no pyplot, no display), imported only when a picture is drawn.
"""

from __future__ import annotations

import io
from typing import Any

from simulator.widgets.feedback import DIMENSIONS, criterion_label
from simulator.widgets.progress_data import (
    Attempt,
    moving_average,
    recurring,
    window_for,
)
from simulator.widgets.strings import dimension_label, text

COLOURS = {
    "total": "#222222",
    "tone": "#1f77b4",
    "speed": "#e66100",
    "facts": "#2ca02c",
    "privacy": "#c62828",
}
OTHER_LESSON = "#b0b0b0"
RIGHT, WRONG = "#2e7d32", "#8e24aa"
PANELS = ("total", *DIMENSIONS)
WIDTH_IN, HEIGHT_IN, DPI = 9.0, 6.6, 100


def _dot_style(n: int) -> tuple[float, float]:
    """(size, alpha) of the dots: full for a handful, fainter and smaller for hundreds."""
    if n <= 30:
        return 16.0, 0.9
    return max(4.0, 16.0 * 30 / n), max(0.18, 30 / n)


def progress_png(
    attempts: list[Attempt], locale: str = "en", *, current_lesson: str | None = None
) -> bytes:
    """The picture as PNG bytes (about 900 × 660 px)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    replies = [a for a in attempts if a.is_reply]
    decisions = [a for a in attempts if a.decision_right is not None]
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(2, 3, left=0.06, right=0.985, top=0.925, bottom=0.43,
                               hspace=0.62, wspace=0.28)  # fmt: skip
    lower = figure.add_gridspec(1, 1, left=0.34, right=0.985, top=0.31, bottom=0.085)
    size, alpha = _dot_style(len(replies))
    window = window_for(len(replies))
    here = [current_lesson is not None and a.lesson == current_lesson for a in replies]
    bands = _runs(here)
    for i, name in enumerate(PANELS):
        axes = figure.add_subplot(grid[i // 3, i % 3])
        for start, end in bands:  # where this lesson's replies are, as a light band
            axes.axvspan(start - 0.5, end + 0.5, color="#fff1bf", zorder=0, linewidth=0)
        xs: list[int] = []
        ys: list[float] = []
        mine_xy: list[tuple[int, float]] = []
        other_xy: list[tuple[int, float]] = []
        for x, (attempt, mine) in enumerate(zip(replies, here, strict=True), start=1):
            value = attempt.total if name == "total" else attempt.dimensions.get(name)
            if value is not None:
                xs.append(x)
                ys.append(value)
                (mine_xy if mine or current_lesson is None else other_xy).append((x, value))
        label = text(locale, "total") if name == "total" else dimension_label(locale, name)
        if other_xy:
            axes.scatter([x for x, _ in other_xy], [y for _, y in other_xy], s=size,
                         color=OTHER_LESSON, alpha=alpha, linewidths=0, zorder=2)  # fmt: skip
        if mine_xy:
            strong = 1.0 if current_lesson is None else 1.6
            axes.scatter([x for x, _ in mine_xy], [y for _, y in mine_xy], s=size * strong,
                         color=COLOURS[name], alpha=min(1.0, alpha * strong * 1.4),
                         linewidths=0, zorder=2)  # fmt: skip
        if xs:
            trend = moving_average(ys, window)
            axes.plot(xs, trend, color=COLOURS[name], linewidth=2.2, zorder=3)
            label = f"{label} · {trend[-1]:.0f}"
        axes.set_title(label, fontsize=10, loc="left", color=COLOURS[name], fontweight="bold")
        _style(axes, max(len(replies), 2), MaxNLocator)
    axes = figure.add_subplot(grid[1, 2])
    _decisions(axes, decisions, locale, MaxNLocator)
    axes = figure.add_subplot(lower[0, 0])
    _recurring(axes, replies, locale)
    _legend(figure, locale, window, current_lesson is not None)
    figure.text(0.36, 0.365, text(locale, "progress_x"), ha="center", fontsize=8.5,
                color="#444444")  # fmt: skip
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """The (first, last) 1-based positions of each run of True in `flags`."""
    runs: list[tuple[int, int]] = []
    for x, flag in enumerate(flags, start=1):
        if flag and runs and runs[-1][1] == x - 1:
            runs[-1] = (runs[-1][0], x)
        elif flag:
            runs.append((x, x))
    return runs


def _legend(figure: Any, locale: str, window: int, lesson: bool) -> None:
    """One legend for the panels: the trend line, and which dots are this lesson's."""
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color="#222222", linewidth=2.2)]
    labels = [text(locale, "progress_moving_average", n=window)]
    if lesson:
        handles += [
            Line2D([], [], linestyle="", marker="o", color="#1f77b4"),
            Line2D([], [], linestyle="", marker="o", color=OTHER_LESSON),
        ]
        labels += [text(locale, "progress_this_lesson"), text(locale, "progress_earlier")]
    figure.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.05, 1.0), ncol=3,
                  fontsize=8.5, frameon=False)  # fmt: skip


def _style(axes: Any, n: int, locator: Any) -> None:
    axes.set_ylim(-3, 103)
    axes.set_xlim(0.5, n + 0.5)
    axes.set_yticks([0, 50, 100])
    axes.xaxis.set_major_locator(locator(integer=True, nbins=5))
    axes.tick_params(labelsize=8)
    axes.grid(alpha=0.3)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def _decisions(axes: Any, decisions: list[Attempt], locale: str, locator: Any) -> None:
    """The share of right decisions over time (moving), with each decision as a tick."""
    axes.set_title(text(locale, "progress_decisions_y"), fontsize=10, loc="left",
                   color=RIGHT, fontweight="bold")  # fmt: skip
    if decisions:
        right = [100.0 if a.decision_right else 0.0 for a in decisions]
        xs = list(range(1, len(right) + 1))
        trend = moving_average(right, window_for(len(right)))
        good = [x for x, r in zip(xs, right, strict=True) if r]
        wrong = [x for x, r in zip(xs, right, strict=True) if not r]
        axes.scatter(good, [100] * len(good), marker="|", s=40, color=RIGHT, alpha=0.7)
        axes.scatter(wrong, [0] * len(wrong), marker="|", s=40, color=WRONG, alpha=0.9)
        axes.plot(xs, trend, color=RIGHT, linewidth=2.2)
        axes.set_title(f"{text(locale, 'progress_decisions_y')} · {trend[-1]:.0f}",
                       fontsize=10, loc="left", color=RIGHT, fontweight="bold")  # fmt: skip
    _style(axes, max(len(decisions), 2), locator)
    axes.set_xlabel(text(locale, "progress_decisions_x"), fontsize=8.5, color="#444444")


def _recurring(axes: Any, replies: list[Attempt], locale: str) -> None:
    """Horizontal bars: how often each criterion needed work, overall and lately."""
    rows = recurring(replies)
    axes.set_title(text(locale, "progress_recurring"), fontsize=10, loc="left",
                   fontweight="bold")  # fmt: skip
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if not rows:
        axes.set_axis_off()
        axes.text(0.0, 0.5, text(locale, "progress_recurring_none"), fontsize=10,
                  transform=axes.transAxes)  # fmt: skip
        return
    labels = [_criterion(locale, c) for c, _, _ in rows]
    ys = list(range(len(rows)))[::-1]
    recent_n = min(len(replies), 2 * window_for(len(replies)))
    axes.barh([y + 0.19 for y in ys], [100 * a for _, a, _ in rows], height=0.36,
              color="#9ecae1", label=text(locale, "progress_recurring_all"))  # fmt: skip
    axes.barh([y - 0.19 for y in ys], [100 * r for _, _, r in rows], height=0.36,
              color="#08519c",
              label=text(locale, "progress_recurring_recent", n=recent_n))  # fmt: skip
    axes.set_yticks(ys)
    axes.set_yticklabels(labels, fontsize=8.5)
    axes.set_xlim(0, 100)
    axes.tick_params(axis="x", labelsize=8)
    axes.set_xlabel(text(locale, "progress_recurring_x"), fontsize=8.5, color="#444444")
    axes.legend(fontsize=8, frameon=False, loc="lower right")
    axes.grid(axis="x", alpha=0.3)


def _criterion(locale: str, criterion: str) -> str:
    """'Tone: acknowledging the feeling', short enough for the axis."""
    dimension = criterion.split(".", 1)[0]
    head = dimension_label(locale, dimension) if dimension in DIMENSIONS else dimension
    label = f"{head}: {criterion_label(locale, criterion)}"
    return label if len(label) <= 44 else label[:43] + "…"

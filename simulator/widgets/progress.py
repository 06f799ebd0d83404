"""The progress view: how the trainee is doing, read back from the replies file.

A summary line (replies, decisions, the trend of each dimension), a picture (progress_plot:
a panel per dimension with a moving average, decisions, what keeps coming back), filters by
lesson and language, and the shifts worked, each with a post-by-post review. The newest view
of a file redraws by itself after each Send in this kernel that writes to it
(store.on_append); older views of the same file (a re-run cell) keep their Refresh button.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import ipywidgets as widgets

from simulator.widgets.cards import esc
from simulator.widgets.progress_data import (
    ALL,
    Attempt,
    ShiftRun,
    attempts_of,
    number,
    select,
    shift_runs,
    trends,
    window_for,
)
from simulator.widgets.progress_plot import progress_png as draw_png
from simulator.widgets.queue import format_clock
from simulator.widgets.store import ReplyStore, current_lesson, on_append
from simulator.widgets.strings import action_label, dimension_label, plural, text
from simulator.widgets.style import style_html

log = logging.getLogger(__name__)
_png_cache: dict[tuple[Any, ...], bytes] = {}  # views of the same file draw it once
LOCALES = ("sv", "nb", "en")


def progress_png(
    records: list[dict[str, Any]], locale: str = "en", *, current: str | None = None
) -> bytes:
    """The picture of these records (see progress_plot)."""
    return draw_png(attempts_of(records), locale, current_lesson=current)


def summary_text(attempts: list[Attempt], locale: str) -> str:
    """'12 replies, latest total 74 · decisions: 9, 7 right' (either part may be missing)."""
    parts = []
    replies = [a for a in attempts if a.is_reply]
    if replies:
        latest = f"{replies[-1].total:.0f}"
        parts.append(plural(locale, "progress_attempts", len(replies), total=latest))
    decided = [a for a in attempts if a.decision_right is not None]
    if decided:
        right = sum(1 for a in decided if a.decision_right)
        parts.append(text(locale, "progress_decisions", n=len(decided), right=right))
    joined = " · ".join(parts)
    return joined[:1].upper() + joined[1:]


def trend_text(attempts: list[Attempt], locale: str) -> str:
    """'Average of your first and latest 3 replies: Tone 52 → 78 · ...', or '' if too few."""
    replies = [a for a in attempts if a.is_reply]
    found = trends(replies)
    if not found:
        return ""
    shown = " · ".join(
        f"{text(locale, 'total') if name == 'total' else dimension_label(locale, name)} "
        f"{before:.0f} → {after:.0f}"
        for name, (before, after) in found.items()
    )
    return text(locale, "progress_trend", n=window_for(len(replies)), trends=shown)


def review_html(run: ShiftRun, locale: str) -> str:
    """A shift post by post: arrival, wait, decision (wrong ones marked), points, the reply."""
    head = "".join(
        f"<th>{esc(text(locale, f'progress_review_{k}'))}</th>"
        for k in ("arrived", "waited", "decision", "points", "reply")
    )
    rows = []
    for record in run.records:
        shift = record.get("shift") or {}
        decision = record.get("action_grade") or {}
        arrived = number(shift.get("arrived_s"))
        waited = number(record.get("latency_s"))
        chosen = str(record.get("action") or "")
        right = decision.get("correct", decision.get("action") == decision.get("expected"))
        shown = action_label(locale, chosen) if chosen else ""
        if decision and not right:
            expected = action_label(locale, str(decision.get("expected", "")))
            shown = f"{shown} → {expected}"
        points = number(shift.get("points"))
        reply = str(record.get("reply") or "") or text(locale, "progress_review_none")
        rows.append(
            "<tr>"
            f"<td>{esc(format_clock(arrived) if arrived is not None else '')}</td>"
            f"<td>{esc(format_clock(waited) if waited is not None else '')}</td>"
            f'<td class="{"" if right else "rl-wrong"}">{esc(shown)}</td>'
            f"<td>{esc('' if points is None else f'{points:.0f}')}</td>"
            f"<td>{esc(reply[:160] + ('…' if len(reply) > 160 else ''))}</td></tr>"
        )
    title = esc(text(locale, "progress_review_title", when=run.when))
    return (
        f'<h4>{title}</h4><table class="rl-review"><tr>{head}</tr>{"".join(rows)}</table>'
    )


class Progress:
    """A view of the replies file; the newest one per file redraws after each append."""

    def __init__(self, replies_path: str | None = None, *, locale: str = "en") -> None:
        self.store = ReplyStore(replies_path)
        self.locale = locale
        self.current_lesson = current_lesson()
        self.summary = widgets.HTML()
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.lesson_picker = widgets.Dropdown(
            description=text(locale, "progress_lesson"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.language_picker = widgets.Dropdown(
            description=text(locale, "progress_language"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.shift_picker = widgets.Dropdown(
            description=text(locale, "progress_shifts"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.review_button = widgets.Button(
            description=text(locale, "progress_shift_review"), layout=widgets.Layout(width="auto")
        )
        self.review = widgets.HTML(layout=widgets.Layout(max_width="100%"))
        self.refresh_button = widgets.Button(description=text(locale, "refresh"))
        self.refresh_button.on_click(lambda _: self.refresh())
        self.review_button.on_click(lambda _: self.show_review())
        wrap = widgets.Layout(flex_flow="row wrap", align_items="center", max_width="100%")
        self.filters = widgets.HBox([self.lesson_picker, self.language_picker], layout=wrap)
        self.shifts = widgets.HBox([self.shift_picker, self.review_button], layout=wrap)
        self.view = widgets.VBox(
            [widgets.HTML(style_html(locale)), self.summary, self.filters, self.image,
             self.shifts, self.review, self.refresh_button],
            layout=widgets.Layout(max_width="100%"),
        )  # fmt: skip
        self.view.add_class("rl-root")
        self.view.add_class("rl-progress")
        self.records: list[dict[str, Any]] = []
        self.runs: list[ShiftRun] = []
        self._pending = False
        self._quiet = False
        self.refresh()
        for picker in (self.lesson_picker, self.language_picker):
            picker.observe(lambda _: self._redraw(), names="value")
        on_append(self.store.path, self._on_append, group="progress")

    # -- what tests and buttons call -------------------------------------------------------

    def refresh(self) -> None:
        """Read the file again and redraw (also what the Refresh button does)."""
        self._pending = False
        self.records = self.store.read()
        self.attempts = attempts_of(self.records)
        self._quiet = True  # new options must not redraw half-way
        try:
            self._fill_pickers()
        finally:
            self._quiet = False
        self._redraw()

    def filter(self, lesson: str = ALL, locale: str = ALL) -> None:
        """Show one lesson and/or one language (ALL for every one)."""
        self._quiet = True
        try:
            self.lesson_picker.value = lesson
            self.language_picker.value = locale
        finally:
            self._quiet = False
        self._redraw()

    def show_review(self, index: int | None = None) -> None:
        """The post-by-post review of a shift (the one picked, or `index` in `self.runs`)."""
        chosen = self.shift_picker.value if index is None else index
        if chosen is None or not 0 <= int(chosen) < len(self.runs):
            self.review.value = ""
            return
        self.review.value = review_html(self.runs[int(chosen)], self.locale)

    @property
    def selected(self) -> list[Attempt]:
        lesson = self.lesson_picker.value or ALL
        locale = self.language_picker.value or ALL
        return select(self.attempts, lesson, locale)

    # -- display ---------------------------------------------------------------------------

    def _fill_pickers(self) -> None:
        locale = self.locale
        lessons = sorted({a.lesson for a in self.attempts})
        options = [(text(locale, "progress_all_lessons"), ALL)] + [
            (name.replace("_", " ") if name else text(locale, "progress_other_lessons"), name)
            for name in lessons
        ]
        keep = self.lesson_picker.value
        self.lesson_picker.options = options
        self.lesson_picker.value = keep if keep in {v for _, v in options} else ALL
        languages = [code for code in LOCALES if any(a.locale == code for a in self.attempts)]
        language_options = [(text(locale, "progress_all_languages"), ALL)] + [
            (text(locale, f"language_{code}"), code) for code in languages
        ]
        keep = self.language_picker.value
        self.language_picker.options = language_options
        self.language_picker.value = (
            keep if keep in {v for _, v in language_options} else ALL
        )
        self.filters.layout.display = None if len(options) > 2 or len(languages) > 1 else "none"
        self.runs = shift_runs(self.records)
        self.shift_picker.options = [
            (text(locale, "progress_shift", when=run.when, n=len(run.records),
                  score="–" if run.points is None else f"{run.points:.0f}"), i)
            for i, run in reversed(list(enumerate(self.runs)))
        ]  # fmt: skip
        self.shift_picker.value = len(self.runs) - 1 if self.runs else None
        self.shifts.layout.display = None if self.runs else "none"
        if not self.runs:
            self.review.value = ""

    def _redraw(self) -> None:
        if self._quiet:
            return
        title = f"<h3>{esc(text(self.locale, 'progress_title'))}</h3>"
        if not self.attempts:
            self.summary.value = title + f"<p>{esc(text(self.locale, 'progress_empty'))}</p>"
            self._hide_image()
            return
        chosen = self.selected
        if not chosen:
            shown = text(self.locale, "progress_empty_filter")
            self.summary.value = title + f"<p>{esc(shown)}</p>"
            self._hide_image()
            return
        lines = [summary_text(chosen, self.locale), trend_text(chosen, self.locale)]
        self.summary.value = title + "".join(f"<p>{esc(line)}</p>" for line in lines if line)
        self.image.value = self._png(chosen)
        self.image.layout.display = None

    def _hide_image(self) -> None:
        self.image.value = b""
        self.image.layout.display = "none"

    def _png(self, chosen: list[Attempt]) -> bytes:
        filters = (self.lesson_picker.value, self.language_picker.value, self.current_lesson)
        try:
            stat = self.store.path.stat()
            key: tuple[Any, ...] = (self.store.path, stat.st_size, stat.st_mtime_ns,
                                    self.locale, *filters)  # fmt: skip
        except OSError:
            return draw_png(chosen, self.locale, current_lesson=self._highlight())
        if key not in _png_cache:
            if len(_png_cache) > 8:
                _png_cache.clear()  # only the latest drawings of a file are worth keeping
            _png_cache[key] = draw_png(chosen, self.locale, current_lesson=self._highlight())
        return _png_cache[key]

    def _highlight(self) -> str | None:
        """The lesson to pick out: this notebook's, when the view shows more than it."""
        lesson = self.current_lesson
        if lesson is None or self.lesson_picker.value == lesson:
            return None
        return lesson if any(a.lesson == lesson for a in self.attempts) else None

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

"""The shift desk's queue rows: a button per waiting post with its timer and the customer's
whole handle, then mood, channel and the start of the post.

A row wraps inside the notebook's width instead of running off it: the row is a wrapping
flex box at 100 %, the button may not be wider than the row and its text wraps (style.py,
`.rl-queue-button`) instead of being cut to "@BrandonStev…"; the preview is cut at a word
boundary with "…". Nothing here has a fixed pixel width.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from simulator.widgets.cards import esc
from simulator.widgets.excerpts import preview
from simulator.widgets.queue import Ticket, format_clock, sla_minutes
from simulator.widgets.strings import channel_label, emotion_label, plural, text

BUTTON_STYLE = {"ok": "", "amber": "warning", "red": "danger"}
PREVIEW_CHARS = 90  # a row's preview of the post
TOOLTIP_CHARS = 200  # the button's tooltip: more of the post


def queue_label(ticket: Ticket, left_s: float, locale: str, is_open: bool = False) -> str:
    """A queue button's text: the timer and the customer's whole handle ("12 min left ·
    @BrandonStevenson"). Drawn as a text node by ipywidgets, never parsed as HTML."""
    minutes = sla_minutes(left_s)
    timer = text(locale, "sla_left" if left_s > 0 else "sla_over", minutes=minutes)
    return f"{'▶ ' if is_open else ''}{timer} · @{ticket.case.customer.handle}"


def queue_summary_html(ticket: Ticket, locale: str) -> str:
    """Mood, channel and the post's start, cut at a word boundary with "…"; escaped."""
    case = ticket.case
    shown = " · ".join(
        [
            emotion_label(locale, case.customer.emotion),
            channel_label(locale, case.channel),
            preview(case.post.text, PREVIEW_CHARS),
        ]
    )
    special = ""
    if ticket.needs:  # a child, medication, a missed connection: a care lead takes it first
        need = text(locale, f"special_{ticket.needs[0]}")
        special = f' <b class="rl-special">{esc(text(locale, "special_case", need=need))}</b>'
    return f'<span class="rl-meta">{esc(shown)}</span>{special}'


def queue_row(
    ticket: Ticket,
    now_s: float,
    locale: str,
    *,
    is_open: bool = False,
    on_open: Callable[[str], None] | None = None,
) -> widgets.HBox:
    """One waiting post as a row; clicking the button calls `on_open(case_id)`."""
    left = ticket.sla_left_s(now_s)
    state = ticket.sla_state(now_s)
    button = widgets.Button(
        description=queue_label(ticket, left, locale, is_open),
        button_style=BUTTON_STYLE[state],
        tooltip=preview(ticket.case.post.text, TOOLTIP_CHARS),
        layout=widgets.Layout(width="auto", max_width="100%", height="auto", flex="0 1 auto"),
    )
    button.add_class(f"rl-sla-{state}")
    button.add_class("rl-queue-button")
    if on_open is not None:
        button.on_click(lambda _, case_id=ticket.id: on_open(case_id))
    summary = widgets.HTML(
        queue_summary_html(ticket, locale),
        layout=widgets.Layout(flex="1 1 240px", min_width="0", max_width="100%"),
    )
    row = widgets.HBox(
        [button, summary],
        layout=widgets.Layout(
            width="100%",
            max_width="100%",
            flex_flow="row wrap",
            align_items="center",
            grid_gap="2px 8px",
        ),
    )
    row.add_class("rl-queue-row")
    return row


def queue_rows(waiting: list[Ticket], now_s: float, locale: str, *, current: Ticket | None,
               ended: bool, on_open: Callable[[str], None]) -> tuple[widgets.Widget, ...]:
    """One row per waiting post; at the end only the post still open (the review lists what
    goes to the next shift)."""
    if ended:
        waiting = [t for t in waiting if t is current]
        if not waiting:
            return ()
    if not waiting:
        return (widgets.HTML(f"<i>{esc(text(locale, 'queue_empty'))}</i>"),)
    return tuple(queue_row(ticket, now_s, locale, is_open=ticket is current, on_open=on_open)
                 for ticket in waiting)


def header_html(tickets: list[Ticket], queue: list[Ticket], now_s: float, end_s: float,
                locale: str, *, score: float | None, ended: bool, over: bool) -> str:
    """The desk's header: the clock (stopped at the end), what waits, what is answered, the
    score and its breaches, and the note at the end."""
    answered = sum(1 for t in tickets if t.answered)
    breaches = sum(1 for t in tickets if t.answered and t.waited_s(now_s) >= t.sla_s)
    clock = text(locale, "shift_clock", clock=format_clock(now_s), total=format_clock(end_s))
    waiting = len(queue)
    if over:  # what still waits is not waiting for this trainee any more
        left = [plural(locale, "review_handed_over", waiting)] if waiting else []
    else:
        left = [text(locale, "waiting_cases", n=waiting)]
    status = " · ".join([clock, *left, plural(locale, "answered_cases", answered)])
    lines = [f"<h3>{esc(text(locale, 'shift_title'))}</h3>", f"<div>{esc(status)}</div>"]
    if score is not None:
        shown = plural(locale, "shift_score", answered, score=f"{score:.0f}", breaches=breaches)
        lines.append(f"<div><b>{esc(shown)}</b></div>")
    if ended:
        shown = esc(text(locale, "shift_over" if over else "shift_time_up"))
        lines.append(f'<div class="rl-shift-end-note"><b>{shown}</b></div>')
    return "".join(lines)

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
from simulator.widgets.queue import Ticket, sla_minutes
from simulator.widgets.strings import channel_label, emotion_label, text

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
    return f'<span class="rl-meta">{esc(shown)}</span>'


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

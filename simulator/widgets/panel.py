"""The controls the exercise and the shift desk share, built once: the card beside the
knowledge base, the decision buttons with a line on what the chosen one means, the reply box
with its counter, Send, and the feedback area.

Widths are shares of the notebook's width with limits (see style.py), so the reply box and the
knowledge base stay inside a 820 px window and the two sit side by side when there is room.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from simulator.widgets.cards import esc
from simulator.widgets.strings import action_label, text
from simulator.widgets.style import style_html
from simulator.widgets.submit import ACTIONS


class Panel:
    """Card, knowledge base, decision, reply box, counter, Send and feedback for one locale."""

    def __init__(self, locale: str, *, reply_height: str = "120px") -> None:
        self.locale = locale
        self.style = widgets.HTML(style_html(locale))
        self.card = widgets.HTML(layout=widgets.Layout(flex="1 1 340px", max_width="560px"))
        self.knowledge = widgets.HTML(
            layout=widgets.Layout(flex="1 1 300px", min_width="300px", max_width="480px")
        )
        self.case_row = widgets.HBox(
            [self.card, self.knowledge],
            layout=widgets.Layout(flex_flow="row wrap", width="100%", grid_gap="0 12px"),
        )
        self.decision_label = widgets.HTML()
        self.decision_buttons = widgets.ToggleButtons(
            options=[(action_label(locale, a), a) for a in ACTIONS],
            value=None,
            style={"button_width": "auto"},
            layout=widgets.Layout(max_width="100%"),
        )
        self.decision_buttons.add_class("rl-triage")
        self.decision_help = widgets.HTML()
        self.reply_box = widgets.Textarea(
            continuous_update=True,
            layout=widgets.Layout(width="100%", max_width="720px", height=reply_height),
        )
        self.reply_box.add_class("rl-reply")
        self.counter = widgets.HTML()
        self.send_button = widgets.Button(button_style="primary")
        self.send_button.add_class("rl-send")
        self.feedback = widgets.HTML(layout=widgets.Layout(max_width="100%"))
        self.feedback.add_class("rl-feedback-area")
        self.decision_buttons.observe(lambda change: self.explain(change["new"]), names="value")
        self.relabel(locale)

    def relabel(self, locale: str) -> None:
        """Every label in `locale` (an exercise follows its case's locale)."""
        self.locale = locale
        self.style.value = style_html(locale)
        options = tuple((action_label(locale, a), a) for a in ACTIONS)
        if tuple(self.decision_buttons.options) != options:  # a new list resets the choice
            self.decision_buttons.options = options
        self.decision_buttons.tooltips = [text(locale, f"help_{a}") for a in ACTIONS]
        self.decision_label.value = f"<b>{esc(text(locale, 'choose_action'))}</b>"
        self.reply_box.placeholder = text(locale, "reply_placeholder")
        self.send_button.description = text(locale, "send")
        self.explain(self.decision_buttons.value)

    def explain(self, action: Any) -> None:
        """What the chosen decision means, under the buttons ("Respond and move to DM" is a
        short public reply that moves the matter to DM, not a DM-only answer)."""
        shown = text(self.locale, f"help_{action}") if action in ACTIONS else ""
        self.decision_help.value = f'<div class="rl-help">{esc(shown)}</div>' if shown else ""

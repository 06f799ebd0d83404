"""The proactive-post exercise (lesson 7): a drill's briefing and knowledge base, one box for
the post, and its grade on the post's own rubric (grading.grade_post), part by part.

Every attempt is saved like a reply (mode "post"), so the progress view counts it and a
restart keeps it; the box keeps its draft across a kernel restart too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from simulator.drill import DrillRun
from simulator.widgets import grader
from simulator.widgets.cards import counter_html, esc, knowledge_html
from simulator.widgets.drafts import DraftStore
from simulator.widgets.feedback import feedback_html, message_html, run_or_show
from simulator.widgets.store import ReplyStore, attempt_record, wall_clock_now
from simulator.widgets.strings import text
from simulator.widgets.style import style_html


class PostExercise:
    """Write the pinned post for a drill's incident, as it stands at `at_s` of the drill."""

    def __init__(self, run: DrillRun, *, at_s: float = 0.0,
                 replies_path: str | None = None) -> None:
        self.run = run
        self.locale = run.locale
        self.case = run.post_case(at_s)
        self.store = ReplyStore(replies_path)
        self.drafts = DraftStore(self.store.path)
        self.attempt = 0
        self.last_grade: Any = None
        self._shown_at = wall_clock_now()
        self._build_view()
        self.post_box.value = self.drafts.read().get(self._draft_key(), "")

    def _draft_key(self) -> str:
        return f"post:{self.case.id}"

    def set_post(self, post: str) -> None:
        self.post_box.value = post

    def send(self) -> Any:
        """Grade and save the post; returns the Grade (None, with a notice, if it is empty)."""
        post = self.post_box.value
        if not post.strip():
            self.feedback.value = message_html(text(self.locale, "drill_post_empty"))
            return None
        grade = grader.grade_post(post, self.case)
        self.attempt += 1
        self.store.append(attempt_record(
            self.case, mode="post", attempt=self.attempt, reply=post, action=None,
            shown_at=self._shown_at, sim_clock="post", sim_shown_s=0.0, sim_sent_s=0.0,
            latency_s=None, grade=grade, drill=self.run.drill.id))
        self.drafts.drop(self._draft_key())
        self.last_grade = grade
        self.feedback.value = feedback_html(grade, post, self.locale, attempt=self.attempt,
                                            saved_to=str(self.store.path),
                                            char_limit=self.case.char_limit)
        return grade

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)

    def _build_view(self) -> None:
        locale, drill = self.locale, self.run.drill
        headline = self.run.events[0].headline
        intro = widgets.HTML(
            f'<div class="rl-drill-briefing"><h3>{esc(getattr(drill.title, locale))}</h3>'
            f"<p>{esc(headline)}</p><h4>{esc(text(locale, 'drill_post_title'))}</h4>"
            f'<p class="rl-meta">{esc(text(locale, "drill_post_help"))}</p></div>',
            layout=widgets.Layout(width="100%", max_width="100%", margin="0"))
        self.knowledge = widgets.HTML(knowledge_html(self.case, required_key="required_in_post"),
                                      layout=widgets.Layout(max_width="100%"))
        self.post_box = widgets.Textarea(
            placeholder=text(locale, "drill_post_placeholder"),
            layout=widgets.Layout(width="100%", max_width="720px", height="170px"))
        self.post_box.add_class("rl-drill-post")
        self.counter = widgets.HTML()
        self.post_box.observe(lambda _: self._on_post(), names="value")
        self.send_button = widgets.Button(description=text(locale, "send"),
                                          button_style="primary")
        self.send_button.add_class("rl-send")
        self.send_button.on_click(lambda _: self._safely(self.send))
        self.feedback = widgets.HTML(layout=widgets.Layout(max_width="100%"))
        self.feedback.add_class("rl-feedback-area")
        row = widgets.HBox([self.send_button, self.counter],
                           layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        self.view = widgets.VBox([widgets.HTML(style_html(locale)), intro, self.knowledge,
                                  self.post_box, row, self.feedback],
                                 layout=widgets.Layout(max_width="100%"))
        self.view.add_class("rl-root")
        self.view.add_class("rl-post-exercise")
        self._on_post()

    def _on_post(self) -> None:
        self.counter.value = counter_html(self.post_box.value, self.case.char_limit, self.locale)
        self.drafts.put(self._draft_key(), self.post_box.value)

    def _safely(self, method: Callable[[], Any]) -> None:
        run_or_show(method, self.feedback, "post exercise")

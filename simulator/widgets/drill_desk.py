"""The drill desk: the shift desk running a crisis drill (simulator/drill.py).

On top of the shift desk it shows the briefing and the news as injects fire (the incident,
an update from operations), and a box for the proactive post: written and pinned first, graded
on its own rubric (grading.grade_post), re-pinned after an update. Replies are graded with the
drill in mind: against the knowledge base as it stands when they are sent (after an update,
the old facts are wrong), with pointing to the pinned post as a next step that states what
the post states, and with the special cases (a child, medication, a missed connection) held to
half the service level.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from simulator.clock import Clock, typing_seconds
from simulator.drill import DrillRun
from simulator.widgets import grader
from simulator.widgets.cards import esc, knowledge_html
from simulator.widgets.feedback import feedback_html, message_html
from simulator.widgets.queue import SHIFT_RUBRIC, Ticket
from simulator.widgets.shift_desk import ShiftDesk
from simulator.widgets.store import attempt_record, wall_clock_now
from simulator.widgets.strings import text

# The special cases are held to half the desk's service level (grading's Rubric.special_first).
# In a burst a reply is short and points to the post (lesson 7): no thanks is asked for, and
# what "I'll check" is worth weighs less than the pointer.
DRILL_RUBRIC: dict[str, Any] = {**SHIFT_RUBRIC, "special_first": 0.5,
                                "tone_credits": {"thanks": 0, "ownership": 5}}


def _full_width() -> widgets.Layout:
    """The notebook's width and no margin: a 2 px margin beside 100 % would scroll sideways."""
    return widgets.Layout(width="100%", max_width="100%", margin="0")


def pins_html(pins: list[tuple[float, Any]], run: DrillRun, locale: str) -> str:
    """The review's first lines: each pinned post, when, and its score."""
    items = "".join(f"<li><b>{esc(run.clock_time(at_s))}</b> · "
                    f"{esc(text(locale, 'drill_pin_score', score=f'{grade.total:.0f}'))}</li>"
                    for at_s, grade in pins)
    if not items:
        items = f"<li>{esc(text(locale, 'drill_no_pin'))}</li>"
    return (f'<div class="rl-drill-pins"><h4>{esc(text(locale, "drill_pins"))}</h4>'
            f"<ul>{items}</ul></div>")


class DrillDesk(ShiftDesk):
    """A shift desk whose posts, news and knowledge base follow a drill's timeline."""

    special_share = float(DRILL_RUBRIC["special_first"])  # the timers say what the grade does

    def __init__(self, run: DrillRun, *, clock: Clock | None = None,
                 replies_path: str | None = None) -> None:
        self.run = run
        self.pinned = ""  # the post as pinned (empty until the trainee pins one)
        self.pinned_s: float | None = None
        self.post_grade: Any = None
        self.post_grades: list[tuple[float, Any]] = []  # (simulated second, Grade) per pin
        self.editing = True  # the post box is open (until the post is pinned)
        super().__init__(run.arrivals, locale=run.locale, minutes=run.minutes, seed=run.seed,
                         clock=clock, replies_path=replies_path)
        self.rubric = DRILL_RUBRIC
        self.review_title = "drill_review_title"

    # -- what tests and buttons call -------------------------------------------------------

    def news(self) -> list[tuple[str, str]]:
        """(local time, headline) of the start and each update so far, newest first."""
        shown = [e for e in self.run.events_until(self.shift_time()) if e.headline]
        return [(self.run.clock_time(e.at_s), e.headline) for e in reversed(shown)]

    def pin(self, post: str | None = None) -> Any:
        """Pin the proactive post (the box's text, or `post`): writing it takes simulated time,
        and it is graded against the knowledge base as it stands. Returns the Grade."""
        post = self._post_to_pin(post)
        if post is None:
            return None
        sent_s = self.now() + typing_seconds(post)
        case = self.run.post_case(sent_s)
        grade = grader.grade_post(post, case)
        record = attempt_record(
            case, mode="drill_post", attempt=len(self.post_grades) + 1, reply=post, action=None,
            shown_at=wall_clock_now(), sim_clock="shift", sim_shown_s=self.now(),
            sim_sent_s=sent_s, latency_s=None, grade=grade,
            shift={"seed": self.seed, "minutes": self.end_s / 60, **self._record_extra()},
        )
        self.store.append(record)  # durable before the trainee sees the result
        self.clock.advance(sent_s - self.now())
        self.show_pinned(post, sent_s, grade, case)
        return grade

    def show_pinned(self, post: str, at_s: float, grade: Any, case: Any) -> None:
        """The post is pinned: its grade, folded under one line with the score (the desk stays
        short), and the box folds away until the trainee edits the post."""
        self.pinned, self.pinned_s, self.post_grade = post, at_s, grade
        self.post_grades.append((at_s, grade))
        body = feedback_html(grade, post, self.locale, attempt=len(self.post_grades),
                             saved_to=str(self.store.path), char_limit=case.char_limit)
        summary = text(self.locale, "drill_post_feedback", score=f"{grade.total:.0f}")
        self.post_feedback.value = (f'<details class="rl-drill-post-feedback"><summary><b>'
                                    f"{esc(summary)}</b></summary>{body}</details>")
        self.editing = False
        self.refresh()

    def wait(self) -> float:
        """Jump to the next arrival or the next news (an update comes as it comes), or the
        end of the drill."""
        if self.ended:
            return super().wait()
        now = self.now()
        news = [e.at_s for e in self.run.events if e.headline and e.at_s > now]
        later = [t.at_s for t in self.tickets if t.at_s > now] + news
        target = min(later) if later else max(self.end_s, now)
        self.clock.advance(max(0.0, target - now))
        self.refresh()
        return self.now()

    def edit_post(self) -> None:
        """Open the box again to change the pinned post (after an update)."""
        self.editing = True
        if not self.post_box.value.strip():
            self.post_box.value = self.pinned
        self.refresh()

    def changed_facts(self) -> frozenset[str]:
        """The facts the updates so far changed or added (marked in the knowledge base)."""
        now = self.shift_time()
        if not any(e.kind == "update" for e in self.run.events_until(now)):
            return frozenset()
        first, current = self.run.knowledge[0][1], self.run.facts_at(now)
        return frozenset(fid for fid, fact in current.items() if first.get(fid) != fact)

    def _post_to_pin(self, post: str | None) -> str | None:
        """The post to pin (the box's text, or `post` put in the box), or None with a notice
        when there is none or the drill is over."""
        if post is not None:
            self.post_box.value = post
        post = self.post_box.value
        if not post.strip():
            self.post_feedback.value = message_html(text(self.locale, "drill_post_empty"))
            return None
        if self.ended:
            self.post_feedback.value = message_html(text(self.locale, "drill_over"))
            return None
        return post

    # -- the shift desk's hooks ------------------------------------------------------------

    def _case_as_sent(self, ticket: Ticket) -> Any:
        return self.run.case_at(ticket.case, self.now())

    def _pinned_post(self) -> str | None:
        return self.pinned or None

    def _record_extra(self) -> dict[str, Any]:
        return {"drill": self.run.drill.id}

    def _exercise_post(self) -> str:
        """The proactive post last written in the post exercise for this drill, if any."""
        for record in reversed(self.store.read()):
            if record.get("mode") == "post" and record.get("drill") == self.run.drill.id \
                    and record.get("locale") == self.locale and record.get("reply"):
                return str(record["reply"])
        return ""

    def _post_key(self) -> str:
        return f"drill-post:{self.run.drill.id}:{self.seed}"

    def _draft_key(self, ticket: Ticket) -> str:
        return f"drill:{self.run.drill.id}:{self.seed}:{ticket.id}"

    # -- display ---------------------------------------------------------------------------

    def _build_view(self) -> None:
        super()._build_view()
        locale = self.locale
        drill = self.run.drill
        self.briefing = widgets.HTML(
            f'<div class="rl-drill-briefing"><h3>{esc(getattr(drill.title, locale))}</h3>'
            f"<p>{esc(getattr(drill.briefing, locale))}</p></div>",
            layout=_full_width())
        self.news_box = widgets.HTML(layout=_full_width())
        self.post_box = widgets.Textarea(
            placeholder=text(locale, "drill_post_placeholder"),
            layout=widgets.Layout(width="100%", max_width="100%", height="150px"))
        self.post_box.add_class("rl-drill-post")
        self.post_box.value = (self.drafts.read().get(self._post_key(), "")
                               or self._exercise_post())
        self.post_box.observe(lambda _: self.drafts.put(self._post_key(), self.post_box.value),
                              names="value")
        self.pin_button = widgets.Button(description=text(locale, "drill_pin"),
                                         layout=widgets.Layout(width="auto"))
        self.pin_button.add_class("rl-drill-pin")
        self.pin_button.on_click(lambda _: self._safely(self.pin))
        self.pinned_html = widgets.HTML(layout=_full_width())
        self.edit_button = widgets.Button(description=text(locale, "drill_edit_post"),
                                          layout=widgets.Layout(width="auto"))
        self.edit_button.add_class("rl-drill-edit")
        self.edit_button.on_click(lambda _: self._safely(self.edit_post))
        self.post_feedback = widgets.HTML(layout=_full_width())
        self.post_area = widgets.VBox(
            [widgets.HTML(f"<h4>{esc(text(locale, 'drill_post_title'))}</h4>"
                          f'<p class="rl-meta">{esc(text(locale, "drill_post_help"))}</p>'),
             self.post_box, self.pin_button],
            layout=widgets.Layout(width="100%", max_width="100%"))
        children = list(self.view.children)
        at = children.index(self.controls)
        self.view.children = (*children[:at], self.briefing, self.news_box, self.pinned_html,
                              self.post_feedback, self.edit_button, self.post_area,
                              *children[at:])
        self.view.add_class("rl-drill-desk")

    def refresh(self) -> None:
        super().refresh()
        if not hasattr(self, "news_box"):
            return  # the shift desk's first refresh, before the drill's widgets exist
        locale = self.locale
        items = "".join(
            f'<li><b>{esc(when)}</b> {esc(headline)}</li>' for when, headline in self.news())
        self.news_box.value = (f'<div class="rl-drill-news"><h4>{esc(text(locale, "drill_news"))}'
                               f"</h4><ul>{items}</ul></div>")
        clock = text(locale, "drill_local_time", time=self.run.clock_time(self.shift_time()))
        self.header.value += f'<div class="rl-drill-clock">{esc(clock)}</div>'
        if self.pinned:
            when = self.run.clock_time(self.pinned_s or 0.0)
            score = f"{self.post_grade.total:.0f}" if self.post_grade is not None else "-"
            stale = any(e.kind == "update" and (self.pinned_s or 0) < e.at_s
                        for e in self.run.events_until(self.shift_time()))
            note = (f'<p class="rl-drill-stale"><b>{esc(text(locale, "drill_post_stale"))}</b></p>'
                    if stale else "")
            title = text(locale, "drill_pinned", time=when, score=score)
            self.pinned_html.value = (
                f'<div class="rl-drill-pinned"><h4>{esc(title)}</h4>'
                f"<blockquote>{esc(self.pinned)}</blockquote>{note}</div>")
        else:
            self.pinned_html.value = ""
        self.pin_button.disabled = self.ended
        # The box is open until the post is pinned, then folds away (the desk stays short)
        # until the trainee edits it; at the end the review shows instead.
        folded = self.over or not self.editing
        self.post_area.layout.display = "none" if folded else None
        self.edit_button.layout.display = None if folded and self.pinned and not self.over \
            else "none"
        self.briefing.layout.display = "none" if self.pinned else None  # the news has it
        self.pin_button.description = text(locale, "drill_repin" if self.pinned else "drill_pin")
        if self.current is not None:  # the knowledge base as it stands now
            self.knowledge.value = knowledge_html(
                self.run.case_at(self.current.case, self.shift_time()),
                changed=self.changed_facts())
        if self.over:
            self.review_box.value = pins_html(self.post_grades, self.run, locale) + \
                self.review_box.value

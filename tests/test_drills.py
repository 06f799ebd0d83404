"""Crisis drills: the files, the run, the proactive post's rubric, updates, and the drill desk."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import grading
from scenarios import DrillError, drills, load_drill
from scenarios.loader import DRILL_DIR
from simulator.drill import drill_run
from simulator.widgets import drill_desk

LOCALES = ("sv", "nb", "en")
DRILLS = ("ash_cloud", "winter_rail", "bank_lockout")
GOLD = yaml.safe_load((Path(__file__).parent / "data" / "proactive_posts.yaml").read_text("utf-8"))
ORDER = ("what", "who", "do_now", "rights", "next_update", "apology", "signoff")


def joined(parts: dict[str, str], without: str = "") -> str:
    return " ".join(parts[p] for p in ORDER if p != without and parts.get(p))


def test_every_drill_file_validates_and_runs_in_every_locale() -> None:
    assert sorted(drills()) == sorted(DRILLS)
    for drill_id in DRILLS:
        for locale in LOCALES:
            run = drill_run(drill_id, locale, 3)
            kinds = [e.kind for e in run.events]
            assert kinds[0] == "start" and "update" in kinds and kinds.count("wave") == 2
            roles = {e.role for e in run.events if e.kind == "post"}
            assert {"journalist", "rumour", "influencer"} <= roles
            assert all(0 <= a.at_s < run.minutes * 60 for a in run.arrivals)
            assert len({a.case.id for a in run.arrivals}) == len(run.arrivals)


@pytest.mark.parametrize("drill_id", DRILLS)
def test_injects_come_at_the_same_simulated_time_in_every_locale_and_on_every_machine(
        drill_id: str) -> None:
    times = {loc: [(e.at_s, e.kind) for e in drill_run(drill_id, loc, 5).events]
             for loc in LOCALES}
    assert times["sv"] == times["nb"] == times["en"]
    again = drill_run(drill_id, "sv", 5)
    assert [a.case.to_json() for a in again.arrivals] == [
        a.case.to_json() for a in drill_run(drill_id, "sv", 5).arrivals]


@pytest.mark.parametrize("drill_id", DRILLS)
@pytest.mark.parametrize("locale", LOCALES)
def test_every_post_of_the_incident_shares_its_cause_dates_and_links(drill_id: str,
                                                                     locale: str) -> None:
    run = drill_run(drill_id, locale, 11)
    family = run.drill.family
    shared = [f.id for f in run.post_case(0).facts]
    incident = [a.case for a in run.arrivals if a.case.family == family]
    assert len(incident) >= 12
    for fact_id in shared:
        values = {c.fact(fact_id).value for c in incident if any(f.id == fact_id
                                                                   for f in c.facts)}
        assert len(values) == 1, (fact_id, values)
    assert len({c.post.posted_at.date() for c in incident}) == 1


def _broken(tmp_path: Path, old: str, new: str, name: str = "ash_cloud") -> Path:
    text = (DRILL_DIR / "ash_cloud.yaml").read_text("utf-8")
    assert old in text
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "field", "needle"),
    [
        ('  - at: "8:00"', '  - at: "8 min"', "timeline.3.at", '"8 min"'),
        ('    posts: 6\n    over_minutes: 6\n  - at: "3:30"', '    over_minutes: 6\n  - at: "3:30"',
         "timeline.1", '- at: "1:00"'),
        ("  who: [affected]", "  who: [affectd]", "parts.who.0", "affectd"),
        ("      - id: reopens_at\n        kind: time\n", "      - id: reopens_at\n",
         "timeline.5.facts.2.id", "id: reopens_at"),
        ("pin: {cause: 0,", "pin: {cause: 9,", "pin.cause", "pin:"),
        ("family: travel_disruption", "family: travel_disruptions", "family", "family:"),
        ("      emotion: calm\n", "      emotion: relaxed\n", "timeline.3.post.emotion", "relaxed"),
    ],
)
def test_a_broken_drill_gives_one_line_naming_the_file_line_and_field(
        tmp_path: Path, old: str, new: str, field: str, needle: str) -> None:
    path = _broken(tmp_path, old, new)
    with pytest.raises(DrillError) as err:
        load_drill(path)
    message = str(err.value)
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith(f"{path}: line {_line_of(path, needle)}: field '{field}'"), message


def test_a_drill_file_with_broken_yaml_or_the_wrong_name_says_where(tmp_path: Path) -> None:
    path = _broken(tmp_path, "minutes: 30", "minutes: [30")
    with pytest.raises(DrillError, match=rf"^{path}: line \d+, column \d+: invalid YAML"):
        load_drill(path)
    path = _broken(tmp_path, "id: ash_cloud", "id: ash_cloud", name="ash")
    with pytest.raises(DrillError, match=r"line \d+: field 'id': 'ash_cloud' must match"):
        load_drill(path)


def test_ordinary_posts_in_a_drill_are_for_the_same_kind_of_brand(tmp_path: Path) -> None:
    text = (DRILL_DIR / "winter_rail.yaml").read_text("utf-8")
    path = tmp_path / "winter_rail.yaml"
    path.write_text(text.replace("[praise, misguided]", "[praise, privacy_trap]"), "utf-8")
    with pytest.raises(DrillError, match=r"field 'others.families.1': 'privacy_trap' is for a "
                                         r"bank brand, the drill for rail"):
        load_drill(path)


# --- the proactive post -------------------------------------------------------------------


@pytest.mark.parametrize("drill_id", DRILLS)
@pytest.mark.parametrize("locale", LOCALES)
def test_a_strong_post_from_lesson_7s_table_scores_85_or_more(drill_id: str, locale: str
                                                             ) -> None:
    run = drill_run(drill_id, locale, 0)
    gold = GOLD[drill_id][locale]
    before = grading.grade_post(joined(gold["post"]), run.post_case(0))
    assert before.total >= 85, [(f.criterion, f.points, f.tip) for f in before.findings]
    update = next(e.at_s for e in run.events if e.kind == "update")
    after = grading.grade_post(joined(gold["after_update"]), run.post_case(update))
    assert after.total >= 85, [(f.criterion, f.points, f.tip) for f in after.findings]


@pytest.mark.parametrize("drill_id", DRILLS)
@pytest.mark.parametrize("locale", LOCALES)
def test_the_post_rubric_orders_a_good_post_above_one_missing_each_part(
        drill_id: str, locale: str) -> None:
    case = drill_run(drill_id, locale, 0).post_case(0)
    parts = GOLD[drill_id][locale]["post"]
    full = grading.grade_post(joined(parts), case)
    for part in ("what", "who", "do_now", "rights", "next_update"):
        without = grading.grade_post(joined(parts, without=part), case)
        assert without.total < full.total, (part, without.total, full.total)
        missing = [f for f in without.findings if f.criterion == f"facts.post_{part}"]
        assert missing and missing[0].needs_work and missing[0].tip, part
    if case.company_at_fault:  # the bank: one plain apology is part of the post
        assert grading.grade_post(joined(parts, without="apology"), case).total < full.total
    promise = {"en": "We guarantee every flight and train will run on time tomorrow.",
               "sv": "Vi garanterar att allt går som vanligt i morgon.",
               "nb": "Vi garanterer at alt går som normalt i morgen."}[locale]
    assert grading.grade_post(joined(parts) + " " + promise, case).total < full.total - 15


@pytest.mark.parametrize("locale", LOCALES)
def test_a_post_still_giving_the_old_facts_after_the_update_is_wrong(locale: str) -> None:
    run = drill_run("ash_cloud", locale, 0)
    update = next(e.at_s for e in run.events if e.kind == "update")
    old_post = joined(GOLD["ash_cloud"][locale]["post"])
    before = grading.grade_post(old_post, run.post_case(0))
    after = grading.grade_post(old_post, run.post_case(update))
    assert not any(f.criterion == "facts.superseded" for f in before.findings)
    stale = [f for f in after.findings if f.criterion == "facts.superseded"]
    assert stale and stale[0].severe and stale[0].tip
    assert after.total < before.total - 30


# --- replies within a drill ----------------------------------------------------------------


@pytest.mark.parametrize("drill_id", DRILLS)
@pytest.mark.parametrize("locale", LOCALES)
def test_a_reply_pointing_to_the_pinned_post_states_what_the_post_states(
        drill_id: str, locale: str) -> None:
    run = drill_run(drill_id, locale, 0)
    case = next(a.case for a in run.arrivals if a.case.family == run.drill.family)
    pinned = joined(GOLD[drill_id][locale]["post"])
    first = case.customer.name.split()[0]
    for reply in GOLD[drill_id][locale]["replies"]:
        for name in ("Sam", "Alex", "Sara", "Johan", "Siri", "Ola"):  # the gold's stand-ins
            reply = reply.replace(f" {name}", f" {first}")
        alone = grading.grade(reply, case, latency_s=300)
        pointing = grading.grade(reply, case, latency_s=300, pinned=pinned)
        if any(f.criterion == "facts.missing" for f in alone.findings):  # the post has them
            assert any(f.criterion == "facts.in_pinned" for f in pointing.findings), reply
            assert pointing.dimensions["facts"] > alone.dimensions["facts"], reply
        step = next(f for f in pointing.findings if f.criterion == "tone.next_step")
        assert not step.needs_work, reply  # pointing to the post is a next step
        assert pointing.total >= alone.total, reply
        assert pointing.total >= 75, (reply, [(f.criterion, f.tip) for f in pointing.findings
                                              if f.needs_work])


def test_a_reply_that_does_not_point_to_the_post_gets_nothing_from_it() -> None:
    run = drill_run("ash_cloud", "en", 0)
    case = next(a.case for a in run.arrivals if a.case.family == run.drill.family)
    pinned = joined(GOLD["ash_cloud"]["en"]["post"])
    reply = "Hi Sam, I'm sorry, yes, your flight is cancelled. /Kari"
    assert (grading.grade(reply, case, pinned=pinned).to_dict()
            == grading.grade(reply, case).to_dict())
    with pytest.raises(ValueError, match="pinned"):
        grading.grade(reply, case, pinned=42)  # type: ignore[arg-type]


@pytest.mark.parametrize("locale", LOCALES)
def test_in_a_drill_the_special_cases_are_answered_first_and_the_speed_score_says_so(
        locale: str) -> None:
    run = drill_run("ash_cloud", locale, 0)
    special = next(e.case for e in run.events if e.role == "customer")
    ordinary = next(a.case for a in run.arrivals if a.case.family == run.drill.family
                    and "insulin" not in a.case.post.text.lower())
    drill = {"speed_targets": {"twitter": 900.0}, "special_first": 0.5}
    reply = {"en": "Hi, we are on it. /Kari", "sv": "Hej, vi tittar på det. /Kari",
             "nb": "Hei, vi ser på det. /Kari"}[locale]
    late_special = grading.grade(reply, special, latency_s=800, rubric=drill)
    late_ordinary = grading.grade(reply, ordinary, latency_s=800, rubric=drill)
    assert late_ordinary.dimensions["speed"] == 100
    assert late_special.dimensions["speed"] < 90
    speed = next(f for f in late_special.findings if f.criterion == "speed.special")
    assert speed.needs_work and speed.tip
    soon = grading.grade(reply, special, latency_s=300, rubric=drill)
    assert soon.dimensions["speed"] == 100


# --- the drill desk -------------------------------------------------------------------------


def _work_until(desk, until_s: float) -> None:  # type: ignore[no-untyped-def]
    while desk.now() < until_s and not desk.ended:
        ticket = desk.open_next()
        if ticket is None:
            desk.wait()
            continue
        desk.choose("monitor")
        desk.send()


def test_the_drill_desk_pins_the_post_shows_the_news_and_grades_against_the_update(
        tmp_path: Path) -> None:
    desk = drill_desk("en", "ash_cloud", 0, replies_path=str(tmp_path / "r.jsonl"))
    gold = GOLD["ash_cloud"]["en"]
    assert desk.pin("") is None and "Write the post first" in desk.post_feedback.value
    grade = desk.pin(joined(gold["post"]))
    assert grade.total >= 85 and desk.now() > 0
    assert "Pinned at 07:3" in desk.pinned_html.value
    assert [when for when, _ in desk.news()] == ["07:30"]
    ticket = desk.open_next() or (desk.wait() and desk.open_next())
    assert ticket is not None
    desk.choose("respond")
    desk.set_reply(gold["replies"][0])
    reply_grade = desk.send()
    assert any(f.criterion == "facts.in_pinned" for f in reply_grade.findings)
    update = next(e.at_s for e in desk.run.events if e.kind == "update")
    _work_until(desk, update)
    assert [when for when, _ in desk.news()][0] == "07:45"
    assert "The facts have changed" in desk.pinned_html.value
    ticket = desk.open_next() or (desk.wait() and desk.open_next())
    assert ticket is not None and ticket.case.family == "travel_disruption"
    assert "08:15" in desk.knowledge.value  # the knowledge base as it stands now
    desk.choose("respond")
    desk.set_reply("Hi, all departures are cancelled up to and including 16 April. Next update "
                   "at 07:45. /Kari")
    stale = desk.send()
    assert any(f.criterion == "facts.superseded" for f in stale.findings)
    desk.pin(joined(gold["after_update"]))
    assert "The facts have changed" not in desk.pinned_html.value
    lines = [yaml.safe_load(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    posts = [r for r in lines if r["mode"] == "drill_post"]
    assert len(posts) == 2 and all(r["shift"]["drill"] == "ash_cloud" for r in lines
                                   if r["mode"] in ("shift", "drill_post"))
    _work_until(desk, 10**6)
    assert desk.over and "rl-review" in desk.review_box.value
    assert "<h3>Drill review</h3>" in desk.review_box.value


def test_the_drill_desk_escapes_what_the_trainee_writes(tmp_path: Path) -> None:
    desk = drill_desk("sv", "bank_lockout", 0, replies_path=str(tmp_path / "r.jsonl"))
    desk.pin("<img src=x onerror=alert(1)> Vi ber om ursäkt.")
    assert "<img" not in desk.pinned_html.value and "&lt;img" in desk.pinned_html.value


def test_the_same_reply_pasted_to_two_people_in_a_drill_is_flagged(tmp_path: Path) -> None:
    desk = drill_desk("nb", "ash_cloud", 0, replies_path=str(tmp_path / "r.jsonl"))
    desk.pin(joined(GOLD["ash_cloud"]["nb"]["post"]))
    template = ("Hei {name}! Beklager, flyet ditt er innstilt på grunn av askeskyen. Alt om "
                "ombooking og hotell står i det festede innlegget vårt. /Kari")
    sent = []
    while len(sent) < 2:
        ticket = desk.open_next() or (desk.wait() and desk.open_next())
        assert ticket is not None
        desk.choose("respond")
        desk.set_reply(template.format(name=ticket.case.customer.name.split()[0]))
        desk.send()
        sent.append(ticket)
    assert sent[0].pasted_from is None
    assert sent[1].pasted_from == sent[0].case.customer.handle and sent[1].pasted_penalty > 0


def test_the_command_line_lists_drills_and_checks_a_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from simulator.cli import main

    assert main(["drills"]) == 0
    listed = capsys.readouterr().out
    assert all(drill_id in listed for drill_id in DRILLS) and "15:00:update" in listed
    path = _broken(tmp_path, "  who: [affected]", "  who: [nobody]")
    assert main(["drills", "--check", str(DRILL_DIR / "ash_cloud.yaml"), str(path)]) == 2
    out, err = capsys.readouterr()
    assert "ash_cloud.yaml: ok: ash_cloud, 8 injects over 30 min" in out
    assert err.strip().endswith(f"{path}: line {_line_of(path, 'nobody')}: field 'parts.who.0': "
                                "unknown fact 'nobody'") and "Traceback" not in err


def test_the_drill_desk_holds_special_cases_to_half_the_service_level() -> None:
    """Lesson 7: seven and a half minutes on Twitter, where the desk's level is fifteen."""
    from simulator.widgets.drill_desk import DRILL_RUBRIC

    special = next(e.case for e in drill_run("ash_cloud", "en", 0).events if e.role == "customer")
    assert special.channel == "twitter"
    reply = "Hi, I'm so sorry. I'm getting your bag checked now and will DM you. /Kari"
    assert grading.grade(reply, special, latency_s=440, rubric=DRILL_RUBRIC).dimensions[
        "speed"] == 100
    assert grading.grade(reply, special, latency_s=600, rubric=DRILL_RUBRIC).dimensions[
        "speed"] < 100


def test_lesson_7s_own_wording_says_who_is_affected_and_points_to_the_post() -> None:
    """The table's "This affects ..." and the lesson's "... is in our pinned post" are the
    phrases the post and reply criteria look for."""
    import json

    from grading.lexicon import lexicon

    cells = json.loads((Path(__file__).parent.parent / "course" /
                        "07_crisis_and_proactive_posts.ipynb").read_text("utf-8"))["cells"]
    lesson = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    lex = lexicon("en")
    who = "This affects all departures from Oslo Airport today."
    pointing = "Everything you need to rebook is in our pinned post"
    assert who in lesson and pointing in lesson.replace("\n", " ")
    assert lex.spans("post_who", who) and lex.spans("pinned_post", pointing)


@pytest.mark.parametrize(("drill_id", "reply", "stale"), [
    ("ash_cloud", "Hi, departures are cancelled until 16 April. /Kari", True),
    ("ash_cloud", "Hi, flights resume on 16 April from 06:00. /Kari", False),  # the day after
    ("ash_cloud", "Hi, you can rebook onto a flight on 16 April. /Kari", False),
    ("ash_cloud", "Hi, departures are no longer cancelled until 16 April, only today. /Kari",
     False),
    ("ash_cloud", "Update 07:45: the airspace reopens at 06:00 tomorrow. /Kari", False),
    ("winter_rail", "Hi, replacement buses leave every 30 minutes. /Kari", True),
    ("winter_rail", "Hi, buses now every 15 minutes (was 30). /Kari", False),
    ("winter_rail", "Hi, I'm sorry, the wait is about 30 minutes. /Kari", False),  # not the buses
])
def test_only_an_old_value_given_as_true_is_out_of_date(drill_id: str, reply: str,
                                                        stale: bool) -> None:
    run = drill_run(drill_id, "en", 0)
    update = next(e.at_s for e in run.events if e.kind == "update")
    case = run.case_at(next(a.case for a in run.arrivals if a.case.family == run.drill.family),
                       update + 10)
    found = [f for f in grading.grade(reply, case).findings if f.criterion == "facts.superseded"]
    assert bool(found) == stale, found


def test_a_refund_promise_beside_a_pointer_to_the_post_is_still_a_promise() -> None:
    run = drill_run("winter_rail", "en", 0)
    case = next(a.case for a in run.arrivals if a.case.family == run.drill.family)
    pinned = joined(GOLD["winter_rail"]["en"]["post"])
    topic = "Hi, so sorry. Everything about buses and refunds is in our pinned post. /Tom"
    promise = "Hi, so sorry. You'll get a full refund of your ticket, see our pinned post. /Tom"
    assert not [f for f in grading.grade(topic, case, pinned=pinned).findings
                if f.criterion == "facts.promise"]
    assert [f for f in grading.grade(promise, case, pinned=pinned).findings
            if f.criterion == "facts.promise"]


def test_the_drill_desk_stays_short_marks_what_changed_and_the_special_cases(
        tmp_path: Path) -> None:
    from simulator.widgets import proactive_post

    replies = str(tmp_path / "r.jsonl")
    exercise = proactive_post("en", "ash_cloud", replies_path=replies)
    assert "must be in the post" in exercise.knowledge.value
    exercise.set_post(joined(GOLD["ash_cloud"]["en"]["post"]))
    assert exercise.send().total >= 85
    desk = drill_desk("en", "ash_cloud", 0, replies_path=replies)
    assert desk.post_box.value == joined(GOLD["ash_cloud"]["en"]["post"]), "from exercise 1"
    assert desk.post_area.layout.display is None and desk.edit_button.layout.display == "none"
    desk.pin()
    assert desk.post_area.layout.display == "none", "pinned: the box folds away"
    assert desk.edit_button.layout.display is None and desk.briefing.layout.display == "none"
    assert "<details" in desk.post_feedback.value and "Feedback on your post" in \
        desk.post_feedback.value
    desk.edit_post()
    assert desk.post_area.layout.display is None and desk.post_box.value
    special = next(t for t in desk.tickets if t.case.id.endswith("customer2"))
    assert special.needs == ("medication",) and special.sla_s == 450.0  # 7.5 min on Twitter
    ordinary = next(t for t in desk.tickets if not t.needs and t.case.channel == "twitter")
    assert ordinary.sla_s == 900.0
    update = next(e.at_s for e in desk.run.events if e.kind == "update")
    while desk.now() < update - 1:  # closing posts and waiting: Wait stops at the update
        ticket = desk.open_next()
        if ticket is None:
            desk.wait()
            continue
        if ticket is special:
            from simulator.widgets.queue_rows import queue_summary_html

            assert "Special case (medication)" in queue_summary_html(ticket, "en")
        desk.choose("monitor")
        desk.send()
    if desk.now() < update:
        assert desk.wait() == update or desk.now() <= update
    ticket = desk.open_next() or (desk.wait() and desk.open_next())
    assert ticket is not None and desk.now() >= update
    if ticket.case.family == "travel_disruption":
        assert 'rl-changed' in desk.knowledge.value
    desk.choose("monitor")
    desk.send()
    assert desk.changed_facts() >= {"cancelled_until", "next_update", "reopens_at"}
    _work_until(desk, 10**6)
    assert "Your pinned posts" in desk.review_box.value and "score" in desk.review_box.value


def test_wait_stops_at_the_update_so_the_news_comes_as_it_comes(tmp_path: Path) -> None:
    from simulator.clock import SimulatedClock

    run = drill_run("ash_cloud", "en", 0)
    update = next(e.at_s for e in run.events if e.kind == "update")
    assert not [a for a in run.arrivals if update - 60 < a.at_s <= update]
    desk = drill_desk("en", "ash_cloud", 0, clock=SimulatedClock(update - 60),
                      replies_path=str(tmp_path / "r.jsonl"))
    assert desk.wait() == update
    assert desk.news()[0][0] == "07:45"


@pytest.mark.parametrize(("reply", "stale"), [
    ("Hej! Ersättningsbussarna går var 30:e minut. /Kari", True),  # "var" is "every" here
    ("Hej! Bussarna går nu var 15:e minut (tidigare var 30:e). /Kari", False),
])
def test_swedish_every_is_not_a_correction(reply: str, stale: bool) -> None:
    run = drill_run("winter_rail", "sv", 0)
    update = next(e.at_s for e in run.events if e.kind == "update")
    case = run.case_at(next(a.case for a in run.arrivals if a.case.family == run.drill.family),
                       update + 10)
    found = [f for f in grading.grade(reply, case).findings if f.criterion == "facts.superseded"]
    assert bool(found) == stale, found

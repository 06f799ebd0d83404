"""The class report an instructor reads after `nbgrader collect`: every reply to case N side by
side, statistics per case and criterion, the grades as CSV, a picture, and the `report` command."""

from __future__ import annotations

import argparse
import csv
import re
import statistics
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_assessment_replies import mediocre_reply, strong_reply

from simulator.assessment.answers import ANSWERS_FILENAME
from simulator.assessment.class_report import (
    add_report_parser,
    collect_reports,
    number,
    write_class_report,
)
from simulator.assessment.class_report_html import marked_reply
from simulator.assessment.course import build_course, read_spec
from simulator.assessment.scoring import DIMENSIONS, points

NAME = "cert"
FAMILIES = ["train_delay", "privacy_trap", "pricing_question"]
HOSTILE = '<script>alert("x")</script> <img src=x onerror=alert(1)> & "quoted"'
HOSTILE_ID = "dora<i>"
STUDENTS = ["ann", "ben", "cid", HOSTILE_ID]
FILES = ["replies.html", "grades.csv", "cases.csv", "criteria.csv", "stats.png"]
TWO_DECIMALS = re.compile(r"^-?\d+\.\d\d$")


def answer_with_widgets(folder: Path, cases, reply_for) -> None:
    """Type each reply into the assessment's exercise widget and press Send, as a trainee does;
    a reply of None leaves the case unanswered."""
    from simulator.assessment.practice import AssessmentExercise

    folder.mkdir(parents=True, exist_ok=True)
    for case in cases:
        reply = reply_for(case)
        if reply is None:
            continue
        exercise = AssessmentExercise(case, replies_path=str(folder / ANSWERS_FILENAME))
        exercise.set_reply(reply)
        exercise.send()
        assert exercise.sent


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """Four collected submissions: strong, mediocre, no answers file, hostile and incomplete."""
    root = tmp_path_factory.mktemp("class") / "course"
    built = build_course(root, NAME, FAMILIES, 3, "en", salt="class-report")
    spec, _ = read_spec(root, NAME)
    submitted = root / "submitted"
    answer_with_widgets(submitted / "ann" / NAME, spec.cases("ann"), strong_reply)
    answer_with_widgets(submitted / "ben" / NAME, spec.cases("ben"), mediocre_reply)
    (submitted / "cid" / NAME).mkdir(parents=True)  # submitted the notebook, saved nothing
    (submitted / "cid" / NAME / "assessment.ipynb").write_bytes(built.notebook.read_bytes())
    cases = spec.cases(HOSTILE_ID)  # a good reply with markup in it, only markup, no answer
    hostile = {cases[0].id: strong_reply(cases[0]) + " " + HOSTILE, cases[1].id: HOSTILE}
    answer_with_widgets(submitted / HOSTILE_ID / NAME, cases, lambda case: hostile.get(case.id))
    return root


@pytest.fixture(scope="module")
def written(course) -> list[Path]:
    return write_class_report(course, NAME)


@pytest.fixture(scope="module")
def reports(course, written) -> dict:
    return dict(collect_reports(course, NAME))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_file_is_written_into_the_courses_reports_folder(course, written):
    assert [p.name for p in written] == FILES
    assert {p.parent for p in written} == {course / "reports" / NAME}
    assert all(p.stat().st_size > 100 for p in written)


def test_every_collected_submission_is_graded_sorted_by_student_id(reports):
    assert list(reports) == STUDENTS
    assert all(r.grade is not None for r in reports["ann"].results)
    assert ANSWERS_FILENAME in str(reports["cid"].problem)
    assert [r.answer is not None for r in reports[HOSTILE_ID].results] == [True, True, False]


def test_grades_csv_has_a_row_per_trainee_and_case_with_rounded_grades(course, written, reports):
    rows = read_csv(course / "reports" / NAME / "grades.csv")
    assert [(r["student_id"], r["case"]) for r in rows] == [
        (student, str(n)) for student in STUDENTS for n in (1, 2, 3)
    ]
    _, out_of = read_spec(course, NAME)
    for row in rows:
        result = reports[row["student_id"]].result(int(row["case"]))
        assert row["case_id"] == result.case.id and row["family"] == result.case.family
        numbers = [v for k, v in row.items() if k not in ("student_id", "case_id", "family",
                                                          "status", "case")]
        assert all(TWO_DECIMALS.match(v) for v in numbers if v), row
        for dim in DIMENSIONS:
            assert row[f"{dim}_points"] == f"{points(result, dim, out_of[dim]):.2f}"
        if result.grade is None:
            assert row["status"] == "no answer" and row["total"] == "" and row["points"] == "0.00"
        else:
            assert row["status"] == "answered"
            assert row["total"] == f"{result.grade.total:.2f}"
            assert row["facts"] == f"{result.score('facts'):.2f}"
    statuses = {(r["student_id"], r["case"]): r["status"] for r in rows}
    assert statuses[("cid", "1")] == statuses[(HOSTILE_ID, "3")] == "no answer"


def test_the_stronger_trainee_has_the_higher_mean(course, written):
    rows = read_csv(course / "reports" / NAME / "grades.csv")

    def mean_total(student: str) -> float:
        return statistics.fmean(float(r["total"]) for r in rows if r["student_id"] == student)

    assert mean_total("ann") > mean_total("ben") + 20


def test_case_statistics_match_the_reports(course, written, reports):
    rows = {(r["case"], r["dimension"]): r for r in read_csv(course / "reports" / NAME /
                                                              "cases.csv")}
    assert len(rows) == 3 * 5
    for case_number in (1, 2, 3):
        graded = [
            report.result(case_number) for report in reports.values()
            if report.result(case_number) and report.result(case_number).grade is not None
        ]
        for dim in ("total", *DIMENSIONS):
            scores = [r.grade.total if dim == "total" else r.score(dim) for r in graded]
            row = rows[(str(case_number), dim)]
            assert row["family"] == FAMILIES[case_number - 1]
            assert row["trainees"] == "4" and row["n_answered"] == str(len(scores))
            assert row["mean"] == number(statistics.fmean(scores))
            assert row["median"] == number(statistics.median(scores))
            assert (row["min"], row["max"]) == (number(min(scores)), number(max(scores)))
    assert rows[("1", "total")]["n_answered"] == "3"  # ann, ben, dora; cid saved nothing
    assert rows[("3", "total")]["n_answered"] == "2" and rows[("3", "total")]["no_answer"] == "2"


def test_criteria_statistics_match_a_hand_count(course, written, reports):
    rows = read_csv(course / "reports" / NAME / "criteria.csv")
    graded = [(r.number, r.grade) for rep in reports.values() for r in rep.results if r.grade]
    expected: dict[str, list[tuple[int, float]]] = {}
    for case_number, grade in graded:
        lost: dict[str, float] = {}
        for f in grade.findings:
            if (f.max_points > 0 and f.points < f.max_points - 1e-9) or f.points < 0:
                cost = f.max_points - f.points if f.max_points > 0 else -f.points
                lost[f.criterion] = lost.get(f.criterion, 0.0) + cost
        for criterion, value in lost.items():
            expected.setdefault(criterion, []).append((case_number, value))
    assert {r["criterion"] for r in rows} == set(expected)
    for row in rows:
        hits = expected[row["criterion"]]
        assert row["replies_losing"] == str(len(hits))
        assert row["answered_replies"] == str(len(graded)) == "8"  # 3 + 3 + 0 + 2
        assert row["share"] == number(len(hits) / len(graded))
        assert row["mean_points_lost"] == number(statistics.fmean(v for _, v in hits))
        assert row["cases"] == " ".join(str(n) for n in sorted({n for n, _ in hits}))
    counts = [int(r["replies_losing"]) for r in rows]
    assert counts == sorted(counts, reverse=True)  # the most common first
    missing = next(r for r in rows if r["criterion"] == "facts.missing")
    assert missing["cases"] == "1 2 3"  # ben states no fact in any case


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_replies_page_shows_trainee_text_only_as_text(course, written):
    page = (course / "reports" / NAME / "replies.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "dora&lt;i&gt;" in page and HOSTILE_ID not in page
    parser = Tags()
    parser.feed(page)
    allowed = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "nav", "a",
               "section", "table", "colgroup", "col", "tr", "th", "td", "div", "ul", "li", "b",
               "mark", "details", "summary", "img"}
    assert {tag for tag, _ in parser.tags} <= allowed
    images = [attrs for tag, attrs in parser.tags if tag == "img"]
    assert len(images) == 1 and images[0]["src"].startswith("data:image/png;base64,")
    assert all(not key.startswith("on") for _, attrs in parser.tags for key in attrs)
    for case_number in (1, 2, 3):
        assert f'id="case-{case_number}"' in page
    assert '<mark class="lost"' in page and '<mark class="good"' in page
    assert "white-space:pre-wrap" in page  # long replies wrap


def test_evidence_spans_are_marked_inside_the_escaped_reply():
    from grading import Finding

    lost = Finding("tone.x", 0.0, ((2, 5),), max_points=5.0)
    earned = Finding("tone.y", 5.0, ((0, 1),), max_points=5.0)
    assert marked_reply("a <b> c", [lost, earned]) == (
        '<mark class="good" title="tone.y">a</mark> '
        '<mark class="lost" title="tone.x">&lt;b&gt;</mark> c'
    )


def test_stats_png_is_a_real_picture(course, written):
    from PIL import Image

    with Image.open(course / "reports" / NAME / "stats.png") as image:
        assert image.format == "PNG"
        assert image.width >= 800 and image.height >= 600
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
        assert colours is not None and len(colours) > 50


def test_a_class_with_no_submissions_still_gets_a_report(tmp_path):
    build_course(tmp_path, "empty", ["train_delay"], 2, "en", salt="e")
    paths = write_class_report(tmp_path, "empty", tmp_path / "out")
    assert [p.name for p in paths] == FILES and paths[0].parent == tmp_path / "out"
    assert len((tmp_path / "out" / "grades.csv").read_text().splitlines()) == 1
    assert "No collected submissions" in paths[0].read_text(encoding="utf-8")


def run_cli(*args: str) -> int:
    parser = argparse.ArgumentParser(prog="replylab assessment")
    add_report_parser(parser.add_subparsers(dest="assessment_command", required=True))
    parsed = parser.parse_args(["report", *args])
    return parsed.run(parsed)


def test_report_command_prints_the_paths_it_wrote(course, tmp_path, capsys):
    assert run_cli("--course", str(course), "--name", NAME, "--out", str(tmp_path / "r")) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"wrote {tmp_path / 'r' / name}" for name in FILES]
    assert all((tmp_path / "r" / name).exists() for name in FILES)


@pytest.mark.parametrize("what", ["course", "assessment"])
def test_report_command_fails_in_one_line_without_a_course_or_assessment(course, tmp_path,
                                                                          capsys, what):
    root = tmp_path / "nowhere" if what == "course" else course
    assert run_cli("--course", str(root), "--name", "nope") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("replylab assessment report: error: ")
    assert ("no course folder" in lines[0]) if what == "course" else ("nope" in lines[0])

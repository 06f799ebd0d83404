"""`replylab assessment`: build an nbgrader course, show a trainee's cases, score an answers file.

build   writes nbgrader_config.py and source/<name>/assessment.ipynb; then use nbgrader as usual.
cases   shows the cases a given student id gets (what their notebook shows them).
score   grades an answers file for a student id as autograde would, without nbgrader.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _families(values: list[str]) -> list[str]:
    """`--families a b`, `--families a,b` or both."""
    return [name for value in values for name in value.split(",") if name.strip()]


def _points(value: str | None) -> dict[str, float] | None:
    """`tone=2.5,speed=1.5,facts=3.5,privacy=2.5` -> dict; None keeps the defaults."""
    if not value:
        return None
    from simulator.assessment import DEFAULT_POINTS

    points = dict(DEFAULT_POINTS)
    for item in value.split(","):
        key, sep, number = item.partition("=")
        if not sep or key.strip() not in DEFAULT_POINTS:
            raise ValueError(f"--points: expected e.g. facts=4, got {item!r}")
        try:
            points[key.strip()] = float(number)
        except ValueError:
            raise ValueError(f"--points: {number!r} is not a number") from None
    return points


def _build(args: argparse.Namespace) -> int:
    from simulator.assessment.course import build_course

    built = build_course(
        args.course,
        args.name,
        _families(args.families),
        args.cases_per_trainee,
        args.locale,
        course_id=args.course_id,
        salt=args.salt,
        exchange=args.exchange,
        points=_points(args.points),
        speed_target_s=args.speed_target_min * 60.0,
        force=args.force,
    )
    print(f"wrote {built.notebook}")
    if built.config_written:
        print(f"wrote {built.config}")
    elif not built.config_has_hooks:
        print(
            f"warning: {built.config} was not written by replylab; copy the replylab lines from "
            "docs/instructors.md into it, or trainees cannot be identified during autograde",
            file=sys.stderr,
        )
    print(f"next: cd {built.root} && nbgrader generate_assignment {built.spec.name}")
    return 0


def _cases(args: argparse.Namespace) -> int:
    from simulator.assessment.course import read_spec
    from simulator.assessment.spec import check_student_id
    from simulator.render import render_case_text

    spec, _ = read_spec(args.course, args.name)
    for case in spec.cases(check_student_id(args.student)):
        sys.stdout.write(case.to_json() + "\n" if args.json else render_case_text(case) + "\n")
    return 0


def _score(args: argparse.Namespace) -> int:
    from simulator.assessment.course import read_spec
    from simulator.assessment.feedback import dimension_text, summary_text
    from simulator.assessment.identity import Identity
    from simulator.assessment.scoring import build_report
    from simulator.assessment.spec import check_student_id

    spec, points = read_spec(args.course, args.name)
    identity = Identity(check_student_id(args.student), "the command line")
    report = build_report(spec, identity, Path(args.answers))
    if args.details:
        for result in report.results:
            for dimension, worth in points.items():
                print(dimension_text(report, result.number, dimension, worth))
    print(summary_text(report, points))
    return 0


def _assignment_args(parser: argparse.ArgumentParser, student: bool = False) -> None:
    """--course and --name, which every assessment command takes (and --student)."""
    parser.add_argument("--course", required=True, help="the nbgrader course folder")
    parser.add_argument("--name", required=True, help="the assignment name (a folder name)")
    if student:
        parser.add_argument("--student", required=True, help="the nbgrader student id")


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("assessment", help="auto-graded assessments with nbgrader")
    commands = parser.add_subparsers(dest="assessment_command", required=True)

    build = commands.add_parser("build", help="write an nbgrader course with an assessment")
    _assignment_args(build)
    build.add_argument("--families", required=True, nargs="+", help="family ids (see families)")
    build.add_argument("--cases-per-trainee", type=int, default=3)
    build.add_argument("--locale", default="en", help="sv, nb or en")
    build.add_argument("--course-id", help="nbgrader course id (default: the folder's name)")
    build.add_argument("--salt", help="varies every trainee's cases (default: random)")
    build.add_argument("--exchange", help="set c.Exchange.root in a new nbgrader_config.py")
    build.add_argument("--points", help="per case, e.g. tone=2.5,speed=1.5,facts=3.5,privacy=2.5")
    build.add_argument("--speed-target-min", type=float, default=10.0,
                       help="answer within this many minutes for full speed points")
    build.add_argument("--force", action="store_true", help="replace an existing notebook")
    build.set_defaults(run=_build)

    cases = commands.add_parser("cases", help="show the cases a trainee gets")
    _assignment_args(cases, student=True)
    cases.add_argument("--json", action="store_true", help="JSON Lines instead of text")
    cases.set_defaults(run=_cases)

    score = commands.add_parser("score", help="grade an answers file as autograde would")
    _assignment_args(score, student=True)
    score.add_argument("--answers", required=True, help="a replylab_answers.jsonl file")
    score.add_argument("--details", action="store_true", help="findings per case and dimension")
    score.set_defaults(run=_score)

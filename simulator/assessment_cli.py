"""`replylab assessment`: build an nbgrader course, hand out access codes, check and re-grade.

build    writes nbgrader_config.py, source/<name>/assessment.ipynb and the course's settings;
         with --force it keeps the salt and every setting not given again.
codes    prints each trainee's personal access code (their cases depend on it).
cases    shows the cases a given student id gets (what their notebook shows them).
score    grades an answers file for a student id as autograde would, without nbgrader.
verify   re-scores every collected submission and compares it with the gradebook.
regrade  applies new points, targets or a rubric to every submission (same cases).
report   per-case and per-criterion statistics, every reply side by side, with the grades.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _families(values: list[str] | None) -> list[str] | None:
    """`--families a b`, `--families a,b` or both."""
    if not values:
        return None
    return [name for value in values for name in value.split(",") if name.strip()]


def _points(value: str | None, base: dict[str, float] | None = None) -> dict[str, float] | None:
    """`tone=2.5,speed=1.5,facts=3.5,privacy=2.5` -> dict; None keeps what there is."""
    if not value:
        return None
    from simulator.assessment import DEFAULT_POINTS

    points = dict(base or DEFAULT_POINTS)
    for item in value.split(","):
        key, sep, number = item.partition("=")
        if not sep or key.strip() not in DEFAULT_POINTS:
            raise ValueError(f"--points: expected e.g. facts=4, got {item!r}")
        try:
            points[key.strip()] = float(number)
        except ValueError:
            raise ValueError(f"--points: {number!r} is not a number") from None
    return points


def _minutes(value: float | None) -> float | None:
    return None if value is None else value * 60.0


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
        speed_target_s=_minutes(args.speed_target_min),
        time_limit_s=_minutes(args.time_limit_min),
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
    if built.salt_changed:
        print("warning: a new salt: every trainee's cases and access code changed; answers "
              "already given no longer count", file=sys.stderr)
    force = " --force" if args.force else ""  # without it nbgrader skips an existing assignment
    print(f"next: cd {built.root} && nbgrader generate_assignment {built.spec.name}{force}")
    print(f"then hand out the access codes: replylab assessment codes --course {built.root} "
          f"--name {built.spec.name} --students ID [ID ...]")
    return 0


def _roster(course: str, students: list[str] | None) -> list[str]:
    """The ids given, or every student in the course's gradebook."""
    if students:
        return [s for value in students for s in value.split(",") if s.strip()]
    db = Path(course).expanduser() / "gradebook.db"
    if not db.exists():
        raise ValueError("name the trainees with --students (the course has no gradebook yet)")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{db.resolve()}") as gb:
        students = sorted(student.id for student in gb.students)
    if not students:
        raise ValueError("the gradebook has no students yet (nbgrader adds them at autograde): "
                         "name the trainees with --students, or add them first with "
                         "`nbgrader db student add ID`")
    return students


def _codes(args: argparse.Namespace) -> int:
    import csv

    from simulator.assessment.course import read_spec
    from simulator.assessment.spec import format_code

    spec, _ = read_spec(args.course, args.name)
    rows = [(s, format_code(spec.access_code(s))) for s in _roster(args.course, args.students)]
    if args.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["student_id", "access_code"])
        writer.writerows(rows)
    else:
        width = max((len(s) for s, _ in rows), default=10) + 2
        for student, code in rows:
            print(f"{student:<{width}}{code}")
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
    from simulator.assessment.feedback import dimension_text, summary_text
    from simulator.assessment.identity import Identity
    from simulator.assessment.scoring import build_report
    from simulator.assessment.session import submission_time
    from simulator.assessment.settings import read_settings
    from simulator.assessment.spec import check_student_id

    settings = read_settings(args.course, args.name)
    identity = Identity(check_student_id(args.student), "the command line")
    answers = Path(args.answers)
    report = build_report(
        settings, identity, answers, submitted_at=submission_time(answers.parent)
    )
    locale = settings.spec.locale if args.in_locale else "en"
    if args.details:
        for result in report.results:
            for dimension, worth in settings.points.items():
                print(dimension_text(report, result.number, dimension, worth, locale))
    print(summary_text(report, settings.points, locale))
    return 0


def _verify(args: argparse.Namespace) -> int:
    from simulator.assessment.verify import verify_course, verify_text

    checks = verify_course(args.course, args.name)
    print(verify_text(checks))
    return 0 if all(check.ok for check in checks) else 1


def _regrade(args: argparse.Namespace) -> int:
    from simulator.assessment.regrade import load_rubric, regrade
    from simulator.assessment.settings import read_settings
    from simulator.assessment.verify import verify_course, verify_text

    old = read_settings(args.course, args.name)
    new = regrade(
        args.course,
        args.name,
        points=_points(args.points, old.points),
        rubric=load_rubric(args.rubric) if args.rubric else None,
        speed_target_s=_minutes(args.speed_target_min),
        time_limit_s=_minutes(args.time_limit_min),
    )
    print(f"re-graded with points {new.points}, same salt: every trainee kept their cases")
    print(verify_text(verify_course(args.course, args.name)))
    return 0


def _assignment_args(parser: argparse.ArgumentParser, student: bool = False) -> None:
    """--course and --name, which every assessment command takes (and --student)."""
    parser.add_argument("--course", required=True, help="the nbgrader course folder")
    parser.add_argument("--name", required=True, help="the assignment name (a folder name)")
    if student:
        parser.add_argument("--student", required=True, help="the nbgrader student id")


def _timing_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--points", help="per case, e.g. tone=2.5,speed=1.5,facts=3.5,privacy=2.5")
    parser.add_argument("--speed-target-min", type=float,
                        help="answer within this many simulated minutes for full speed points "
                             "(default 10)")
    parser.add_argument("--time-limit-min", type=float,
                        help="real minutes from a trainee's start; later answers do not count "
                             "(default 60; 0: no limit)")


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("assessment", help="auto-graded assessments with nbgrader")
    commands = parser.add_subparsers(dest="assessment_command", required=True)

    build = commands.add_parser("build", help="write an nbgrader course with an assessment")
    _assignment_args(build)
    build.add_argument("--families", nargs="+", help="family ids (see families)")
    build.add_argument("--cases-per-trainee", type=int, help="default 3")
    build.add_argument("--locale", help="sv, nb or en (default en)")
    build.add_argument("--course-id", help="nbgrader course id (default: the folder's name)")
    build.add_argument("--salt", help="the secret behind every trainee's cases (default: "
                                      "random; kept by --force)")
    build.add_argument("--exchange", help="set c.Exchange.root in a new nbgrader_config.py")
    _timing_args(build)
    build.add_argument("--force", action="store_true",
                       help="replace the notebook, keeping the salt and unchanged settings")
    build.set_defaults(run=_build)

    codes = commands.add_parser("codes", help="print each trainee's personal access code")
    _assignment_args(codes)
    codes.add_argument("--students", nargs="+", help="student ids (default: the gradebook's)")
    codes.add_argument("--csv", action="store_true", help="CSV instead of a table")
    codes.set_defaults(run=_codes)

    cases = commands.add_parser("cases", help="show the cases a trainee gets")
    _assignment_args(cases, student=True)
    cases.add_argument("--json", action="store_true", help="JSON Lines instead of text")
    cases.set_defaults(run=_cases)

    score = commands.add_parser("score", help="grade an answers file as autograde would")
    _assignment_args(score, student=True)
    score.add_argument("--answers", required=True, help="a replylab_answers.jsonl file")
    score.add_argument("--details", action="store_true", help="findings per case and dimension")
    score.add_argument("--in-locale", action="store_true",
                       help="in the assessment's language (default: English)")
    score.set_defaults(run=_score)

    verify = commands.add_parser(
        "verify", help="re-score every collected submission and compare with the gradebook")
    _assignment_args(verify)
    verify.set_defaults(run=_verify)

    regrade = commands.add_parser(
        "regrade", help="apply new points, targets or a rubric to every submission")
    _assignment_args(regrade)
    _timing_args(regrade)
    regrade.add_argument("--rubric", help="a YAML or JSON file of grading rubric overrides")
    regrade.set_defaults(run=_regrade)

    from simulator.assessment.class_report import add_report_parser

    add_report_parser(commands)

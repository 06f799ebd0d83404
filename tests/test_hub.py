"""A class on a real JupyterHub: the workshop as the hub's service, then an assessment through the
hub's nbgrader exchange, for an instructor and three trainees who only ever log in to the hub.

The hub runs with the lines `replylab workshop hub-config` prints, configurable-http-proxy from
npm (.ci/run installs it), the dummy authenticator and the simple local-process spawner. Every
user logs in through the hub's login form; every trainee action is code run in the trainee's
own kernel on their own server, through the proxy, as a notebook cell would run it. Nobody
types a name, a join code or a key. Under the simple spawner every user is the same OS user,
so `nbgrader submit` is given the hub user as `--student`, which is what nbgrader itself does
on the usual hub images (user `jovyan`).
"""

from __future__ import annotations

import csv
import json
import os
import time
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
import requests

from simulator.workshop import hub_launch

pytestmark = [pytest.mark.hub, pytest.mark.slow]

TESTS = Path(__file__).resolve().parent
TRAINEES = ("ann", "ben", "cay")
INSTRUCTOR = "ines"  # an instructor by the hub group the generated config makes
ADMIN = "adam"  # a hub admin, instructor by being admin
WRITERS = {"ann": "strong_reply", "ben": "rude", "cay": "mediocre_reply"}
RUDE = ("Not our problem. Read the website like everyone else before you complain "
        "<img src=x onerror=window.__pwned=1>")
COURSE_ID = "replylab-hub"
ASSIGNMENT = "cert"


def _proxy_or_skip() -> None:
    if hub_launch.find_proxy() is None:
        message = "configurable-http-proxy is not installed (npm install configurable-http-proxy)"
        if os.environ.get("REPLYLAB_REQUIRE_HUB"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    _proxy_or_skip()
    folder = tmp_path_factory.mktemp("hub")
    db_url = os.environ.get("REPLYLAB_TEST_DATABASE_URL")  # PostgreSQL in CI's second pass
    running = hub_launch.start_hub(
        folder, list(TRAINEES), admins=[ADMIN], instructors=[INSTRUCTOR], db_url=db_url,
        extra_config='_replylab_service["command"].append("--new")',  # not an earlier test's
    )
    try:
        for user in (*TRAINEES, INSTRUCTOR, ADMIN):
            running.login(user)
            running.token(user)
        for user in (*TRAINEES, INSTRUCTOR):
            running.start_server(user)
        yield running
    finally:
        running.stop()


def oauth_key(hub, user: str) -> str:
    """Open the control page's login in the user's browser session; the token it comes back
    with (in the fragment), or the refusal's status."""
    http = hub.sessions[user]
    location = f"{hub.workshop_url}/login?next=control"
    for _ in range(8):
        response = http.get(urljoin(hub.url, location), allow_redirects=False)
        if response.status_code != 302:
            raise PermissionError(f"{response.status_code} {response.text}")
        location = response.headers["location"]
        if "#key=" in location:
            assert location.split("#")[0].endswith("/services/replylab-workshop/control")
            return unquote(location.split("#key=", 1)[1])
    raise AssertionError("the login never came back to the control page")


def control(hub, key: str, method: str, path: str, body=None) -> requests.Response:
    return requests.request(method, f"{hub.workshop_url}/api/control/{path}", json=body,
                            headers={"Authorization": f"Bearer {key}"}, timeout=30)


JOIN_AND_REPLY = """
import json, sys
sys.path.insert(0, {tests!r})
from simulator import workshop
import test_assessment_replies as replies
session = workshop.join()
rnd = session.round()
case = session.case(rnd)
text = {rude!r} if {writer!r} == "rude" else getattr(replies, {writer!r})(case)
ack = session.send(rnd["id"], text)
print(json.dumps({{"trainee": session.trainee, "name": session.name,
                  "reply_id": ack["reply_id"], "round": rnd["id"]}}))
"""

LOOK_AROUND = """
import json, requests
from simulator import workshop
from simulator.workshop.client import WorkshopError
session = workshop.join()
out = {{"trainee": session.trainee, "mine": session.results()}}
try:
    session._call("GET", "/api/me/replies/{other}")
    out["other"] = "visible"
except WorkshopError as exc:
    out["other"] = exc.status
out["control"] = session.http.get(session.url + "/api/control/state", timeout=10).status_code
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def workshop_round(hub):
    key = oauth_key(hub, INSTRUCTOR)
    response = control(hub, key, "POST", "rounds", {"family": "train_delay", "locale": "en",
                                                   "seed": 7, "timer_s": 600})  # fmt: skip
    assert response.status_code == 201, response.text
    round_id = response.json()["id"]
    assert control(hub, key, "POST", f"rounds/{round_id}/start").status_code == 200
    sent = {}
    for user in TRAINEES:
        code = JOIN_AND_REPLY.format(tests=str(TESTS), rude=RUDE, writer=WRITERS[user])
        sent[user] = json.loads(hub.run_code(user, code).strip().splitlines()[-1])
    assert control(hub, key, "POST", f"rounds/{round_id}/lock").status_code == 200
    assert control(hub, key, "POST", f"rounds/{round_id}/reveal").status_code == 200
    return key, round_id, sent


def test_trainees_join_from_their_kernels_as_their_hub_users(hub, workshop_round):
    key, round_id, sent = workshop_round
    assert {user: sent[user]["name"] for user in TRAINEES} == {u: u for u in TRAINEES}
    assert len({sent[user]["trainee"] for user in TRAINEES}) == 3
    assert all(sent[user]["round"] == round_id for user in TRAINEES)
    # a kernel restart (a new kernel) is the same trainee, not a new one
    again = hub.run_code("ann", "from simulator import workshop; print(workshop.join().trainee)")
    assert again.strip() == sent["ann"]["trainee"]


def test_the_instructor_sees_every_reply_graded_by_the_server(hub, workshop_round):
    key, round_id, sent = workshop_round
    response = control(hub, key, "GET", f"rounds/{round_id}/replies")
    assert response.status_code == 200, response.text
    replies = {r["name"]: r for r in response.json()["replies"]}
    assert set(replies) == set(TRAINEES)
    assert replies["ann"]["total"] > replies["cay"]["total"] > replies["ben"]["total"]
    assert replies["ben"]["total"] < 60
    state = control(hub, key, "GET", "state").json()
    assert sorted(t["name"] for t in state["trainees"]) == sorted(TRAINEES)


def test_a_hub_admin_is_an_instructor_too(hub, workshop_round):
    key = oauth_key(hub, ADMIN)
    assert control(hub, key, "GET", "state").status_code == 200


def test_no_trainee_sees_another_trainees_reply_or_the_control_page(hub, workshop_round):
    key, round_id, sent = workshop_round
    for user, other in (("ann", "ben"), ("ben", "cay"), ("cay", "ann")):
        out = json.loads(hub.run_code(user, LOOK_AROUND.format(
            other=sent[other]["reply_id"])).strip().splitlines()[-1])  # fmt: skip
        assert [r["reply_id"] for r in out["mine"]] == [sent[user]["reply_id"]]
        assert out["mine"][0]["grade"] is not None  # revealed: their own grade
        assert out["other"] == 404
        assert out["control"] == 403
        with pytest.raises(PermissionError, match="403"):
            oauth_key(hub, user)  # the control page's login refuses a trainee


def test_requests_without_a_hub_token_are_refused(hub, workshop_round):
    url = f"{hub.workshop_url}/api/round"
    assert requests.get(url, timeout=10).status_code == 401
    bad = {"Authorization": "token not-a-hub-token"}
    assert requests.get(url, headers=bad, timeout=10).status_code == 401
    # a code join is not how a hub works: it needs the hub's token as well
    join = requests.post(f"{hub.workshop_url}/api/join", json={"code": "ABCD-EFGH",
                         "name": "Mallory"}, timeout=10)  # fmt: skip
    assert join.status_code == 401
    # an ordinary user's own API token without the service's scope is refused
    narrow = hub.token("ann", scopes=["read:users:name!user"])
    response = requests.get(url, headers={"Authorization": f"token {narrow}"}, timeout=10)
    assert response.status_code == 403
    assert "access:services!service=replylab-workshop" in response.json()["message"]


def test_the_control_page_logs_in_with_the_hub_in_a_browser(hub, workshop_round, tmp_path):
    """The instructor opens /services/replylab-workshop/control with no key: the page sends
    the browser to the hub's login, and after it back to the control page, which shows the
    round's replies as text (a reply's markup is not run)."""
    from lab_server import ARTIFACTS, CHROMIUM, chromium_page  # type: ignore[import-not-found]
    from playwright.sync_api import expect

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    with chromium_page(tmp_path / "browser") as page:
        page.goto(f"{hub.workshop_url}/control")
        page.wait_for_selector("input[name=username]")  # the hub's own login form
        page.fill("input[name=username]", INSTRUCTOR)
        page.fill("input[name=password]", hub_launch.PASSWORD)
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_url("**/services/replylab-workshop/control*")
        # locators and expect, not wait_for_function: the page's policy forbids eval
        expect(page.locator(".reply-row")).to_have_count(3)
        assert page.url.endswith("/services/replylab-workshop/control"), "the token is gone"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "hub-control.png"), full_page=True)
        table = page.locator("#reply-table").inner_text()
        assert RUDE in table and all(user in table for user in TRAINEES)
        assert page.locator("#replies img, #replies script").count() == 0
        assert page.evaluate("window.__pwned") is None


# ---- the assessment, through the hub's nbgrader exchange --------------------------------

BUILD = """
import subprocess, os, pathlib
course = pathlib.Path.home() / "replylab-course"
def run(*args):
    proc = subprocess.run(args, cwd=course if course.exists() else pathlib.Path.home(),
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"{{args}}: {{proc.stdout}} {{proc.stderr}}")
run("replylab", "assessment", "build", "--course", str(course), "--name", {name!r},
    "--families", "train_delay", "privacy_trap", "pricing_question", "--cases-per-trainee", "3",
    "--locale", "en", "--salt", "hub-e2e-salt", "--course-id", {course_id!r},
    "--exchange", {exchange!r})
run("nbgrader", "generate_assignment", {name!r})
run("nbgrader", "release_assignment", {name!r})
print("released")
"""

FETCH_ANSWER_SUBMIT = """
import os, subprocess, sys, pathlib
sys.path.insert(0, {tests!r})
home = pathlib.Path.home()
def run(*args, cwd=home):
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"{{args}}: {{proc.stdout}} {{proc.stderr}}")
user = os.environ["JUPYTERHUB_USER"]
run("nbgrader", "fetch_assignment", {name!r}, "--course", {course_id!r})
from simulator.assessment.course import read_spec
from simulator.assessment.spec import format_code
import test_assessment_replies as replies
from test_assessment_e2e import answer_with_widgets
spec, _ = read_spec(pathlib.Path({course!r}), {name!r})
answer_with_widgets(home / {name!r}, user, spec, getattr(replies, {writer!r}))
run("nbgrader", "submit", {name!r}, "--course", {course_id!r}, "--student", user)
print("submitted", user)
"""

COLLECT_AND_GRADE = """
import subprocess, pathlib
course = pathlib.Path.home() / "replylab-course"
for args in (("collect", {name!r}), ("autograde", {name!r}), ("export",)):
    proc = subprocess.run(("nbgrader", *args), cwd=course, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"{{args}}: {{proc.stdout}} {{proc.stderr}}")
print((course / "grades.csv").read_text())
"""


@pytest.fixture(scope="module")
def assessment(hub):
    exchange = hub.folder / "exchange"
    exchange.mkdir(exist_ok=True)
    os.chmod(exchange, 0o777)
    # the hub's admin points every server at the exchange (as /etc/jupyter would)
    (hub.folder / "etc-jupyter" / "nbgrader_config.py").write_text(
        f"c = get_config()  # noqa\nc.Exchange.root = {str(exchange)!r}\n", encoding="utf-8"
    )
    out = hub.run_code(INSTRUCTOR, BUILD.format(name=ASSIGNMENT, course_id=COURSE_ID,
                                                exchange=str(exchange)), timeout_s=300)
    assert "released" in out
    course = hub.folder / "home" / INSTRUCTOR / "replylab-course"
    writers = {"ann": "strong_reply", "ben": "mediocre_reply", "cay": "strong_reply"}
    for user in TRAINEES:
        out = hub.run_code(user, FETCH_ANSWER_SUBMIT.format(
            tests=str(TESTS), name=ASSIGNMENT, course_id=COURSE_ID, course=str(course),
            writer=writers[user]), timeout_s=300)  # fmt: skip
        assert f"submitted {user}" in out
    out = hub.run_code(INSTRUCTOR, COLLECT_AND_GRADE.format(name=ASSIGNMENT), timeout_s=600)
    rows = list(csv.DictReader(out.strip().splitlines()))
    return course, {row["student_id"]: float(row["score"]) for row in rows}


def test_the_assessment_runs_through_the_hubs_exchange(hub, assessment):
    course, scores = assessment
    assert set(scores) == set(TRAINEES)
    for user in TRAINEES:  # each submission arrived under the hub user's name
        assert (course / "submitted" / user / ASSIGNMENT / "replylab_answers.jsonl").exists()
        assert (course / "autograded" / user / ASSIGNMENT / "assessment.ipynb").exists()
    assert scores["ann"] > scores["ben"] and scores["cay"] > scores["ben"]


def test_the_hub_stops_quickly_with_its_service(hub, assessment):
    """Last: the service stops on the hub's SIGINT, so the hub does not wait ~30 s for it."""
    started = time.monotonic()
    taken = hub.stop()
    assert taken < 20, f"the hub took {taken:.0f} s to stop"
    assert time.monotonic() - started < 25
    with pytest.raises(requests.RequestException):
        requests.get(hub.service_url + "/services/replylab-workshop/api/health", timeout=3)

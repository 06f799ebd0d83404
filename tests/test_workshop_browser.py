"""The workshop's control and projector pages in Debian's headless chromium, with three
trainees whose names and replies are markup: they must show as text and never run.
A screenshot of each page goes to test-artifacts/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests
from lab_server import ARTIFACTS, CHROMIUM, chromium_page
from playwright.sync_api import expect

from simulator.workshop import launch

pytestmark = pytest.mark.browser

NAMES = ["<img src=x onerror=window.__pwned=1>", "<script>window.__pwned=2</script>", "Anna"]
REPLIES = [
    "Hi! <img src=x onerror=window.__pwned=3> I'm sorry, I'll check it now. /Anna",
    "<script>window.__pwned=4</script> Sorry about this, write your card 4111111111111111 here",
    "Hi, I'm so sorry about the delay. I'll check and update you here. /Anna",
]


@pytest.fixture
def chromium() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); CI is not set")
    return CHROMIUM


def test_control_and_projector_show_hostile_text_as_text(chromium: Path, tmp_path: Path) -> None:
    url = os.environ.get("REPLYLAB_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'ws.sqlite'}"
    server = launch.start(url, tmp_path)
    key = {"X-Workshop-Key": server.key}
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        with chromium_page(tmp_path / "home") as page:  # before any round: the join card
            page.goto(f"{server.url}/projector#key={server.key}")
            expect(page.locator("#join-code")).to_have_text(server.code)
            expect(page.locator("#join canvas")).to_have_count(1)
            page.screenshot(path=str(ARTIFACTS / "workshop_join_card.png"))
        rnd = requests.post(server.url + "/api/control/rounds", headers=key, timeout=30,
                            json={"family": "train_delay", "locale": "en", "seed": 5}).json()
        requests.post(server.url + f"/api/control/rounds/{rnd['id']}/start", headers=key,
                      timeout=30)  # fmt: skip
        for name, text in zip(NAMES, REPLIES, strict=True):
            token = requests.post(server.url + "/api/join", timeout=30,
                                  json={"code": server.code, "name": name}).json()["token"]
            sent = requests.post(server.url + "/api/replies", timeout=30, json={
                "round_id": rnd["id"], "text": text}, headers={"Authorization": f"Bearer {token}"})
            assert sent.status_code == 201, sent.text
        ARTIFACTS.mkdir(exist_ok=True)
        with chromium_page(tmp_path / "home") as page:
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(f"{server.url}/control#key={server.key}")
            # locators and expect, not wait_for_function: the page's policy forbids eval
            expect(page.locator(".reply-row")).to_have_count(3)
            table = page.locator("#reply-table")
            for name, text in zip(NAMES, REPLIES, strict=True):
                assert name in table.inner_text() and text in table.inner_text()
            assert page.locator("#replies img, #replies script").count() == 0
            assert page.evaluate("window.__pwned") is None
            assert "3 of 3 answered" in page.locator("#answered").inner_text()
            assert "@" in page.locator("#round-post").inner_text(), "the case's post is shown"

            # live: a fourth trainee answers and the page shows it without a reload
            token = requests.post(server.url + "/api/join", timeout=30,
                                  json={"code": server.code, "name": "Late Lars"}).json()["token"]
            requests.post(server.url + "/api/replies", timeout=30, json={
                "round_id": rnd["id"], "text": "Hi, sorry, checking now. /Lars"},
                headers={"Authorization": f"Bearer {token}"}).raise_for_status()  # fmt: skip
            expect(page.locator(".reply-row")).to_have_count(4)
            expect(page.locator("#answered")).to_contain_text("4 of 4 answered")

            # star the hostile second reply, reveal, put starred replies on the projector
            row = page.locator(".reply-row", has_text="4111111111111111")
            row.locator("button.star").click()
            expect(page.locator(".reply-row button.star[aria-pressed=true]")).to_have_count(1)
            page.locator("button[data-action=reveal]").click()
            expect(page.locator("#round-info")).to_contain_text("revealed")
            page.select_option("#view", "starred")
            page.wait_for_timeout(300)
            page.screenshot(path=str(ARTIFACTS / "workshop_control.png"), full_page=True)

            # the export downloads with the key in a header, like every other request
            with page.expect_download() as download:
                page.locator("#export-csv").click()
            assert download.value.suggested_filename == "workshop.csv"
            assert "Late Lars" in Path(download.value.path()).read_text(encoding="utf-8")
            assert not [u for u in requested if "key=" in u], "no key in any address"

            page.goto(f"{server.url}/projector#key={server.key}")
            card = page.locator(".card").first
            card.wait_for()
            shown = card.inner_text()
            assert "<script>window.__pwned=4</script>" in shown, "markup shows as text"
            assert "4111111111111111" not in shown and "••••" in shown, "personal data masked"
            assert "Trainee 2" in shown and NAMES[1] not in shown, "anonymised by default"
            assert page.locator("main script, main img").count() == 0
            assert page.evaluate("window.__pwned") is None
            page.screenshot(path=str(ARTIFACTS / "workshop_projector.png"), full_page=True)

            # a second try: the wall shows the first try's totals beside the new ones, live
            requests.post(server.url + f"/api/control/rounds/{rnd['id']}/retry", headers=key,
                          timeout=30).raise_for_status()  # fmt: skip
            requests.post(server.url + "/api/control/projector", headers=key, timeout=30,
                          json={"view": "summary"}).raise_for_status()
            expect(page.locator('.chart[data-dim="total, try 1"]')).to_have_count(1)
            expect(page.locator('.chart[data-dim="total, try 2"]')).to_have_count(1)
    finally:
        assert launch.stop(server.process) == 0, server.log()


def test_control_page_runs_a_drill_and_shows_names_as_text(chromium: Path, tmp_path: Path) -> None:
    """The Drill panel: start a drill from the page, see each trainee's desk live, fire the next
    inject, hold, resume and stop; a trainee's name in markup shows as text and never runs."""
    url = os.environ.get("REPLYLAB_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'ws.sqlite'}"
    server = launch.start(url, tmp_path)
    hostile = "<img src=x onerror=alert(1)>"
    try:
        tokens = []
        for name, locale in ((hostile, "sv"), ("Anna", "en")):
            tokens.append((requests.post(server.url + "/api/join", timeout=30, json={
                "code": server.code, "name": name}).json()["token"], locale))
        ARTIFACTS.mkdir(exist_ok=True)
        with chromium_page(tmp_path / "home") as page:
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(f"{server.url}/control#key={server.key}")
            expect(page.locator("#drill-id option")).to_have_count(3)
            expect(page.locator("#drill-title")).to_have_text("No drill yet")
            page.select_option("#drill-id", "ash_cloud")
            page.fill("#drill-seed", "3")
            page.locator("#drill-start").click()
            expect(page.locator("#drill-info")).to_contain_text("running")
            expect(page.locator("#drill-start")).to_be_disabled()
            for token, locale in tokens:  # the trainees open the drill in their notebooks
                requests.post(server.url + "/api/drill/join", timeout=30, json={"locale": locale},
                              headers={"Authorization": f"Bearer {token}"}).raise_for_status()
            expect(page.locator(".drill-row")).to_have_count(2)  # live, from the event feed
            row = page.locator(".drill-row").first
            expect(row.locator("td.name")).to_have_text(hostile)
            assert page.locator("#drill img, #drill script").count() == 0
            page.locator("#drill-hold").click()
            expect(page.locator("#drill-info")).to_contain_text("held")
            expect(page.locator("#drill-resume")).to_be_enabled()
            for _ in range(2):
                page.locator("#drill-next").click()
                page.wait_for_timeout(200)
            expect(page.locator("#drill-clock")).to_have_text("03:30 / 30:00")
            expect(page.locator("#drill-info")).to_contain_text("local time 07:33")
            expect(row.locator("td.backlog")).not_to_have_text("0")
            backlog = int(row.locator("td.backlog").inner_text())
            requests.post(server.url + "/api/drill/post", timeout=30,
                          json={"post": "Luftrummet är stängt. Vi ber om ursäkt. /Kari"},
                          headers={"Authorization": f"Bearer {tokens[0][0]}"}).raise_for_status()
            expect(row.locator("td.pinned")).not_to_have_text("not pinned")
            assert backlog >= 1
            page.locator("#drill-resume").click()
            expect(page.locator("#drill-info")).to_contain_text("running")
            page.screenshot(path=str(ARTIFACTS / "workshop_drill.png"), full_page=True)
            page.locator("#drill-stop").click()
            expect(page.locator("#drill-info")).to_contain_text("stopped")
            expect(page.locator("#drill-start")).to_be_enabled()
            assert dialogs == [] and page.locator("#drill img").count() == 0
            assert "Fire next" in page.locator("#drill").inner_text()
    finally:
        assert launch.stop(server.process) == 0, server.log()

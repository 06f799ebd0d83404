"""A crisis drill on the desk in a real JupyterLab and chromium, worked with clicks as a trainee
does: pin the post, answer the first posts pointing to it, see the update arrive and re-pin,
close the rest, and reach the end-of-drill review (screenshot in test-artifacts/). What the
trainee writes shows as text, and nothing leaves the notebook's width at 820 px.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml
from lab_server import (
    ARTIFACTS,
    chromium_page,
    copy_course,
    open_notebook,
    run_all_cells,
    running_lab,
    wait_for_kernel_idle,
)
from test_screen_browser import CLIPPED, all_cells_drawn, dismiss_dialogs

pytestmark = pytest.mark.browser

GOLD = yaml.safe_load((Path(__file__).parent / "data" / "proactive_posts.yaml").read_text("utf-8"))
ORDER = ("what", "who", "do_now", "rights", "next_update", "apology", "signoff")
DESK = ".rl-drill-desk"
MARKUP = "<b>not bold</b>"


def joined(parts: dict[str, str]) -> str:
    return " ".join(parts[p] for p in ORDER if parts.get(p))


def settle(page: Any) -> None:
    page.wait_for_timeout(120)
    wait_for_kernel_idle(page)


def click(page: Any, selector: str) -> None:
    page.locator(selector).first.click()
    settle(page)


def test_a_drill_on_the_desk_from_the_pinned_post_to_the_review(chromium: Path,
                                                               tmp_path: Path) -> None:
    folder = copy_course(tmp_path / "course")
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = nbformat.read(folder / "00_welcome.ipynb", as_version=4).metadata
    notebook.cells = [nbformat.v4.new_code_cell(
        "from simulator.widgets import drill_desk\n\n"
        'desk = drill_desk("en", "ash_cloud", seed=218, replies_path="drill.jsonl")\ndesk')]
    nbformat.write(notebook, folder / "drill.ipynb")
    home = tmp_path / "home"
    all_cells_drawn(home)
    ARTIFACTS.mkdir(exist_ok=True)
    gold = GOLD["ash_cloud"]["en"]
    with running_lab(folder, home) as server, chromium_page(home, width=820, height=6000) as page:
        open_notebook(page, server, "drill.ipynb")
        dismiss_dialogs(page)
        run_all_cells(page)
        page.locator(f"{DESK} .rl-drill-news").wait_for(timeout=120_000)
        wait_for_kernel_idle(page)
        root = page.locator(DESK)
        assert "07:30" in root.locator(".rl-drill-news").inner_text()

        page.locator(f"{DESK} .rl-drill-post textarea").fill(joined(gold["post"]) + " " + MARKUP)
        settle(page)
        click(page, f"{DESK} .rl-drill-pin")
        pinned = root.locator(".rl-drill-pinned")
        pinned.wait_for(timeout=30_000)
        assert MARKUP in pinned.inner_text()  # the trainee's text, shown as text
        assert root.locator(".rl-drill-pinned b").count() == 0
        root.locator(".rl-drill-post-feedback").wait_for(timeout=30_000)
        assert root.locator(".rl-drill-post").is_hidden(), "pinned: the box folds away"

        answered = repinned = 0
        for _ in range(80):
            if root.locator(".rl-shift-review").count():
                break
            if repinned == 0 and root.locator(".rl-drill-stale").count():
                assert "07:45" in root.locator(".rl-drill-news").inner_text()
                assert root.locator(".rl-kb .rl-changed").count() or not root.locator(
                    ".rl-kb").count()  # what the update changed is marked
                click(page, f"{DESK} .rl-drill-edit")
                page.locator(f"{DESK} .rl-drill-post textarea").fill(joined(gold["after_update"]))
                settle(page)
                click(page, f"{DESK} .rl-drill-pin")
                repinned = 1
                continue
            if root.locator(".rl-open-next").first.is_disabled():
                click(page, f"{DESK} .rl-wait")
                continue
            click(page, f"{DESK} .rl-open-next")
            if root.locator(".rl-open-next").first.is_disabled() and not root.locator(
                    ".rl-card").count():
                continue
            buttons = root.locator(".rl-triage button")
            if answered < 2:
                buttons.nth(0).click()  # Respond
                settle(page)
                reply = gold["replies"][answered]
                page.locator(f"{DESK} .rl-reply textarea").fill(reply)
                settle(page)
            else:
                buttons.nth(3).click()  # Monitor
                settle(page)
            click(page, f"{DESK} .rl-send")
            answered += 1
        review = root.locator(".rl-shift-review")
        review.wait_for(timeout=30_000)
        assert repinned == 1 and answered >= 10
        assert root.locator(".rl-drill-post").is_hidden()  # over: the review, not the post box
        review.scroll_into_view_if_needed()
        review.screenshot(path=str(ARTIFACTS / "drill-en-820-review.png"))
        assert root.evaluate(CLIPPED) == []
    records = [json.loads(line) for line in (folder / "drill.jsonl").read_text().splitlines()]
    assert [r["mode"] for r in records].count("drill_post") == 2
    assert sum(r["mode"] == "shift" for r in records) == answered
    assert all(r["shift"]["drill"] == "ash_cloud" for r in records)


def test_a_live_drill_reaches_the_trainees_desk_without_a_click(chromium: Path,
                                                                tmp_path: Path) -> None:
    """The room's drill on a trainee's desk in JupyterLab: when the instructor fires the next
    injects or holds the clock, the desk shows the posts and the hold by itself."""
    from test_workshop_drill import Room, database_url

    from simulator.workshop import launch

    server = launch.start(database_url(tmp_path), tmp_path / "server")
    try:
        room = Room(server)
        room.control("start", {"drill": "winter_rail", "seed": 4}, status=201)
        room.control("hold")
        folder = copy_course(tmp_path / "course")
        notebook = nbformat.v4.new_notebook()
        notebook.metadata = nbformat.read(folder / "00_welcome.ipynb", as_version=4).metadata
        notebook.cells = [nbformat.v4.new_code_cell(
            "from simulator.workshop import client\n\n"
            f"session = client.join({server.code!r}, name='Eve', url={server.url!r})\n"
            'desk = session.drill("sv")\ndesk')]
        nbformat.write(notebook, folder / "live.ipynb")
        home = tmp_path / "home"
        all_cells_drawn(home)
        with running_lab(folder, home) as lab, chromium_page(home, width=1366) as page:
            open_notebook(page, lab, "live.ipynb")
            dismiss_dialogs(page)
            run_all_cells(page)
            desk = page.locator(DESK)
            desk.locator(".rl-drill-news").wait_for(timeout=120_000)
            assert "pausat klockan" in desk.locator(".rl-drill-held").inner_text()
            assert desk.locator(".rl-queue-button").count() == 0
            room.control("next")  # 1:00, the first wave begins
            room.control("next")  # 4:00, the baby in the cold carriage
            desk.locator(".rl-queue-button").first.wait_for(timeout=15_000)  # no click
            assert [row["name"] for row in room.feed()["trainees"]] == ["Eve"]
            room.control("resume")
            desk.locator(".rl-drill-held").wait_for(state="detached", timeout=15_000)
            desk.screenshot(path=str(ARTIFACTS / "drill-live-sv-1366.png"))
    finally:
        assert launch.stop(server.process) == 0, server.log()

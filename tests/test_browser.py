"""The welcome notebook in a real JupyterLab and chromium: run it, answer, see feedback, and
prove that markup from a customer, a scenario or a trainee is shown as text, never run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lab_server import (
    ARTIFACTS,
    HOSTILE_NAME,
    HOSTILE_POST,
    HOSTILE_REPLY,
    chromium_page,
    copy_course,
    open_notebook,
    run_all_cells,
    running_lab,
    wait_for_kernel_idle,
)

pytestmark = pytest.mark.browser


def test_welcome_notebook_escapes_hostile_text_and_saves_the_attempt(
    chromium: Path, tmp_path: Path
) -> None:
    course = copy_course(tmp_path / "course", hostile=True)
    home = tmp_path / "home"
    with running_lab(course, home) as server, chromium_page(home) as page:
        try:
            open_notebook(page, server, "00_welcome.ipynb")
            run_all_cells(page)
            card = page.locator(".rl-card").first
            card.wait_for(timeout=90_000)
            wait_for_kernel_idle(page)

            # The hostile post and name are on screen, as literal text.
            assert HOSTILE_POST in card.inner_text()
            assert HOSTILE_NAME in card.inner_text()

            reply_box = page.locator(".rl-reply textarea").first
            reply_box.fill(HOSTILE_REPLY)
            page.wait_for_function(
                "(n) => document.querySelector('.rl-counter')?.textContent.startsWith(n + ' /')",
                arg=str(len(HOSTILE_REPLY)),
            )
            page.locator("button.rl-send").first.click()
            feedback = page.locator(".rl-feedback[data-attempt='1']")
            feedback.wait_for(timeout=60_000)

            assert float(feedback.get_attribute("data-total") or "nan") >= 0
            assert "<img src=x onerror=window.__pwned=3>" in feedback.inner_text()
            # Problems first, in full; what went well is one line that unfolds on a click.
            assert feedback.locator(".rl-finding").count() >= 1
            assert feedback.locator(".rl-finding mark").count() >= 1
            done_well = feedback.locator("details.rl-done-well")
            assert done_well.count() == 1 and "Done well:" in done_well.inner_text()
            assert not done_well.locator("li.rl-good").first.is_visible()
            done_well.locator("summary").click()
            assert done_well.locator("li.rl-good").first.is_visible()
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert page.locator("img[src='x']").count() == 0
            assert page.locator(".rl-root script").count() == 0

            records = [
                json.loads(line)
                for line in (course / "replylab_replies.jsonl").read_text("utf-8").splitlines()
            ]
            assert len(records) == 1
            assert records[0]["reply"] == HOSTILE_REPLY
            assert records[0]["case_id"] == "train_delay-en-0"
            assert records[0]["grade"]["total"] == pytest.approx(
                float(feedback.get_attribute("data-total") or "nan"), abs=0.06
            )
        finally:
            ARTIFACTS.mkdir(exist_ok=True)
            shown = page.locator(".rl-feedback, .rl-card").last
            if shown.count():
                shown.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "welcome_notebook.png"))

"""The trainee's screen in a real JupyterLab and chromium, at 820, 1366 (file browser open)
and 1920 px, in sv, nb and en: the exercise (with feedback), the shift desk (a post open), a
shift desk at its end (the review) and the progress view stay within the notebook's width, and
no queue button cuts its text; the knowledge base sits beside the card when there is room; a
kernel restart says what to do and keeps the draft.

One JupyterLab for everything; screenshots of each widget go to test-artifacts/screen-*.png.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
from lab_server import (
    ARTIFACTS,
    chromium_page,
    copy_course,
    open_notebook,
    run_all_cells,
    running_lab,
    wait_for_kernel_idle,
)
from test_widgets_progress import course, shift_record

pytestmark = pytest.mark.browser

LOCALES = ("sv", "nb", "en")
WIDTHS = (820, 1366, 1920)
DESK = ".rl-shift-desk:not(.rl-shift-ended)"  # a post open
WIDGETS = {"exercise": ".rl-exercise", "desk": DESK, "progress": ".rl-progress",
           "review": ".rl-shift-desk.rl-shift-ended"}  # fmt: skip
REPLY = {
    "sv": "Hej! Skriv inga kortuppgifter här. Vi tar det i DM, skicka ett meddelande så hjälper "
          "jag dig inom 10 min. Ta gärna bort inlägget. /Anna",
    "nb": "Hei! Ikke skriv kortopplysninger her. Vi tar det på DM, send oss en melding, så "
          "hjelper jeg deg innen 10 min. Slett gjerne innlegget. /Anna",
    "en": "Hi! Please don't post card details here. Let's take this to DM: send us a message "
          "and I'll help you within 10 min. Please delete the post. /Anna",
}  # fmt: skip
DRAFT = "Hi, sorry about this, I'm checking 🙂"
CELLS = """\
from simulator.widgets import exercise, progress, shift_desk

task = exercise("privacy_trap", "{locale}", seed=11, triage=True)
task.choose("respond_private")
task.set_reply({reply!r})
task.send()
task
---
desk = shift_desk("{locale}", seed=768, minutes=20, per_hour=15)
desk.wait()
desk.open_next()
desk
---
ended = shift_desk("{locale}", seed=768, minutes=20, per_hour=15, replies_path="review.jsonl")
while not ended.over:  # a whole shift, to its review
    ticket = None if ended.ended else ended.open_next()
    if ticket is None:
        ended.wait()
        continue
    ended.choose("monitor" if ticket.case.family == "troll_or_rager" else "respond")
    ended.set_reply({reply!r})
    ended.send()
ended
---
progress("progress_demo.jsonl", locale="{locale}")"""

# Every element that must stay inside its cell's output area, and the check, in the page.
CLIPPED = """(root) => {
    const out = root.closest('.jp-OutputArea-output').getBoundingClientRect();
    const parts = root.querySelectorAll(
        '.rl-reply textarea, .rl-kb, .rl-card, .rl-feedback, .rl-progress img, '
        + '.rl-triage, .rl-queue-row, .rl-queue-button, .rl-review, .rl-shift-review, '
        + '.widget-dropdown');
    const bad = [];
    for (const el of [root, ...parts]) {
        const box = el.getBoundingClientRect();
        if (box.width === 0) continue;
        if (el.classList.contains('rl-queue-button') && el.scrollWidth > el.clientWidth + 1) {
            bad.push(`a queue button cuts its text: ${el.textContent}`);
        }
        if (box.left < out.left - 1 || box.right > out.right + 1) {
            bad.push(`${el.className}: ${Math.round(box.left)}..${Math.round(box.right)} `
                     + `outside ${Math.round(out.left)}..${Math.round(out.right)}`);
        }
    }
    if (root.scrollWidth > root.clientWidth + 1) bad.push(`${root.className} scrolls sideways`);
    return bad;
}"""
BESIDE = """(root) => {
    const card = root.querySelector('.rl-card').getBoundingClientRect();
    const kb = root.querySelector('.rl-kb').getBoundingClientRect();
    return kb.top < card.bottom && kb.left >= card.right - 1;
}"""


def write_notebooks(folder: Path) -> None:
    """One notebook with the three widgets in each language (one kernel, one page load), and
    a replies file for the progress view to show."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = nbformat.read(folder / "00_welcome.ipynb", as_version=4).metadata
    for locale in LOCALES:
        source = CELLS.format(locale=locale, reply=REPLY[locale])
        notebook.cells += [nbformat.v4.new_code_cell(c.strip()) for c in source.split("---")]
    nbformat.write(notebook, folder / "screen.ipynb")
    records = course(180)
    for i, record in enumerate(records):
        record["lesson"] = "screen" if 90 <= i < 120 else record["lesson"]
    records += [shift_record(case, 768, points) for case, points in
                (("a", 80.0), ("b", 35.0), ("c", 90.0))]  # fmt: skip
    (folder / "progress_demo.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8"
    )


def all_cells_drawn(home: Path) -> None:
    """JupyterLab draws only the cells in view by default; the test looks at all of them."""
    settings = home / "jupyter-config" / "lab" / "user-settings" / "@jupyterlab"
    tracker = settings / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True, exist_ok=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}), "utf-8")


def dismiss_dialogs(page: Any) -> None:
    """Close a dialog JupyterLab may show on opening (e.g. a kernel choice), keeping its
    default; recorded in the log so a new kind is seen."""
    dialog = page.locator("dialog.jp-Dialog")
    for _ in range(3):
        if not dialog.count():
            return
        print("JupyterLab dialog:", dialog.first.inner_text()[:300].replace("\n", " | "))
        dialog.first.locator(".jp-Dialog-button.jp-mod-accept").first.click()
        page.wait_for_timeout(300)


def file_browser(page: Any, want_open: bool) -> None:
    """Open or close the left sidebar's file browser (its tab toggles it, as a click does)."""
    is_open = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").count() > 0
    if is_open != want_open:
        page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="filebrowser"]').click()
        page.wait_for_function(
            "(want) => (document.querySelector("
            "'.jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current') !== null) === want",
            arg=want_open,
        )


def shoot(page: Any, locale: str, width: int) -> list[str]:
    """Screenshots of the three widgets, and what of each is clipped (empty when nothing)."""
    problems = []
    for name, selector in WIDGETS.items():
        root = page.locator(selector).nth(LOCALES.index(locale))
        root.scroll_into_view_if_needed()
        root.screenshot(path=str(ARTIFACTS / f"screen-{locale}-{width}-{name}.png"))
        problems += [f"{locale} {width} {name}: {p}" for p in root.evaluate(CLIPPED)]
        if name in ("exercise", "desk") and width > 820:
            if not root.evaluate(BESIDE):
                problems.append(f"{locale} {width} {name}: the knowledge base is below the card")
    return problems


def test_the_screen_fits_at_every_width_in_every_language(
    chromium: Path, tmp_path: Path
) -> None:
    folder = copy_course(tmp_path / "course")
    write_notebooks(folder)
    home = tmp_path / "home"
    all_cells_drawn(home)
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    with running_lab(folder, home) as server, chromium_page(home, width=1366) as page:
        open_notebook(page, server, "screen.ipynb")
        dismiss_dialogs(page)
        run_all_cells(page)
        for selector in (".rl-exercise .rl-feedback", f"{DESK} .rl-card",
                         ".rl-shift-ended .rl-shift-review", ".rl-progress img"):  # fmt: skip
            page.locator(selector).nth(len(LOCALES) - 1).wait_for(timeout=120_000)
        wait_for_kernel_idle(page)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 2600})  # a widget fits whole
            file_browser(page, want_open=width == 1366)
            page.wait_for_timeout(400)  # the layout settles after the resize
            for locale in LOCALES:
                problems += shoot(page, locale, width)
        restart_keeps_the_draft(page, folder)
    assert problems == [], "\n".join(problems)


def restart_keeps_the_draft(page: Any, folder: Path) -> None:
    """Type a draft in the desk, restart the kernel: every widget says what to do, no broken
    link icons, and the draft is in the replies folder."""
    box = page.locator(f"{DESK} .rl-reply textarea").last
    box.fill(DRAFT)
    drafts = folder / "replylab_replies.drafts.json"
    deadline = time.monotonic() + 30
    while DRAFT not in (json.loads(drafts.read_text("utf-8")) if drafts.exists() else {}).values():
        assert time.monotonic() < deadline, "the draft never reached the drafts file"
        time.sleep(0.2)
    page.keyboard.press("Escape")  # as a trainee does it: Kernel > Restart Kernel…, Restart
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Restart Kernel…").first.click()
    page.locator("dialog.jp-Dialog .jp-Dialog-button.jp-mod-accept").first.click()
    notice = page.locator(f"{DESK} .rl-restarted").last
    notice.wait_for(state="visible", timeout=30_000)
    assert "run this cell again" in notice.inner_text()
    desk = page.locator(DESK).last
    desk.screenshot(path=str(ARTIFACTS / "screen-en-restarted-desk.png"))
    icons = desk.evaluate(
        """(root) => [root, ...root.querySelectorAll('.jupyter-widgets-disconnected')]
            .filter((el) => getComputedStyle(el, '::before').content.includes('\\uf127'))
            .length"""
    )
    assert icons == 0
    assert json.loads(drafts.read_text("utf-8"))["shift:768:" + desk_case(page)] == DRAFT


def desk_case(page: Any) -> str:
    card = page.locator(f"{DESK} .rl-card").last
    return str(card.get_attribute("data-case-id"))

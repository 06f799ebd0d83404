"""A throwaway JupyterLab and a headless chromium, shared by tests/test_browser.py and bench/.

Everything Jupyter, IPython and matplotlib write goes to a temporary folder (config, data,
runtime, caches), the server listens on 127.0.0.1 on a free port with a random token, and it is
shut down (kernels included) however the caller exits.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

REPO = Path(__file__).resolve().parent.parent
COURSE = REPO / "course"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HOSTILE_POST = "<img src=x onerror=window.__pwned=1>"
HOSTILE_NAME = "<script>window.__pwned=2</script>"
HOSTILE_REPLY = (
    "Hi, I'm so sorry about the wait <img src=x onerror=window.__pwned=3> "
    "we are checking it now and will update you here. /Anna"
)
HOSTILE_CELL = f"""\
from simulator import generate
from simulator.widgets import exercise, progress

base = generate("train_delay", LOCALE, seed=0)
hostile = base.replace(
    customer=base.customer.replace(name={HOSTILE_NAME!r}),
    post=base.post.replace(text={HOSTILE_POST!r}),
)
warm_up = exercise(hostile)
warm_up"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LabServer:
    url: str
    token: str
    root_dir: Path
    log_path: Path
    process: subprocess.Popen[bytes]

    def lab_url(self, notebook: str) -> str:
        return f"{self.url}lab/tree/{notebook}?token={self.token}"

    def api(self, path: str, method: str = "GET") -> Any:
        request = urllib.request.Request(
            f"{self.url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
            data=b"" if method == "POST" else None,
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def isolated_env(home: Path) -> dict[str, str]:
    """The environment for the server and its kernels: nothing lands in the real home."""
    env = dict(os.environ)
    dirs = {
        "JUPYTER_CONFIG_DIR": home / "jupyter-config",
        "JUPYTER_DATA_DIR": home / "jupyter-data",
        "JUPYTER_RUNTIME_DIR": home / "jupyter-runtime",
        "IPYTHONDIR": home / "ipython",
        "MPLCONFIGDIR": home / "matplotlib",
        "XDG_CACHE_HOME": home / "cache",
        # JupyterLab asks `npm prefix --global` where node is installed: its log goes here
        "npm_config_cache": home / "npm-cache",
    }
    for name, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    # No "get Jupyter news?" toast over the page while the test clicks.
    labconfig = dirs["JUPYTER_CONFIG_DIR"] / "labconfig"
    labconfig.mkdir(exist_ok=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    return env


def copy_course(target: Path, *, hostile: bool = False) -> Path:
    """A copy of course/ to serve; with `hostile`, the warm-up uses a case full of markup."""
    shutil.copytree(COURSE, target, ignore=shutil.ignore_patterns("*.jsonl", ".ipynb_checkpoints"))
    if hostile:
        path = target / "00_welcome.ipynb"
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.get("id") == "warm-up":
                cell.source = HOSTILE_CELL
                break
        else:
            raise AssertionError("00_welcome.ipynb has no cell with id 'warm-up'")
        nbformat.write(notebook, path)
    return target


@contextmanager
def running_lab(root_dir: Path, home: Path, *, timeout_s: float = 90.0) -> Iterator[LabServer]:
    """Start JupyterLab serving `root_dir`; shut it down (and its kernels) on exit."""
    port = free_port()
    token = secrets.token_hex(24)
    env = isolated_env(home)
    command = [
        sys.executable, "-m", "jupyter", "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log_path = home / "jupyterlab.log"
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            command, cwd=root_dir, env=env, stdout=log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    server = LabServer(f"http://127.0.0.1:{port}/", token, root_dir, log_path, process)
    try:
        _wait_until_up(server, timeout_s)
        yield server
    finally:
        _shut_down(server)


def _wait_until_up(server: LabServer, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early:\n{server.log()[-3000:]}")
        try:
            server.api("api/status")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    raise TimeoutError(f"JupyterLab did not answer in {timeout_s:.0f} s:\n{server.log()[-3000:]}")


def _shut_down(server: LabServer) -> None:
    """Ask the server to stop (it stops its kernels), then insist."""
    if server.process.poll() is None:
        try:
            server.api("api/shutdown", method="POST")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            _signal_group(server.process, signal.SIGTERM)
            try:
                server.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _signal_group(server.process, signal.SIGKILL)
                server.process.wait(timeout=10)


def _signal_group(process: subprocess.Popen[bytes], sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


@contextmanager
def chromium_page(home: Path, *, width: int = 1400, height: int = 1100) -> Iterator[Any]:
    """A page in Debian's headless chromium (never a Playwright-downloaded browser); its
    config and cache go under `home`, not the real one."""
    from playwright.sync_api import sync_playwright

    env = dict(os.environ)
    for name, sub in (("HOME", "browser"), ("XDG_CONFIG_HOME", "browser/config"),
                      ("XDG_CACHE_HOME", "browser/cache")):  # fmt: skip
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, env=env
        )
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.set_default_timeout(60_000)
            yield page
        finally:
            browser.close()


def open_notebook(page: Any, server: LabServer, notebook: str, timeout_s: float = 90.0) -> None:
    """Open a notebook and wait until its kernel is started, connected and idle."""
    page.goto(server.lab_url(notebook), wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            kernels = server.api("api/kernels")
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # HTTPError included
            kernels = []  # a kernel still starting can make the listing fail for a moment
        if any(k["execution_state"] == "idle" and k["connections"] > 0 for k in kernels):
            break
        time.sleep(0.25)
    else:
        raise TimeoutError(f"no idle kernel after {timeout_s:.0f} s:\n{server.log()[-3000:]}")
    wait_for_kernel_idle(page)
    page.wait_for_selector(".jp-StatusBar-Widget >> text=/Idle/", timeout=timeout_s * 1000)


def wait_for_kernel_idle(page: Any, timeout_ms: float = 90_000) -> None:
    page.wait_for_selector(
        ".jp-Notebook-ExecutionIndicator[data-status='idle']", state="attached", timeout=timeout_ms
    )


def run_all_cells(page: Any, attempts: int = 3) -> None:
    """Run > Run All Cells from the menu bar, as a trainee would; again if nothing started
    (a click landing while the kernel connection settles can be dropped)."""
    started = """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
        .some((prompt) => prompt.textContent.trim() !== '[ ]:')"""
    for _ in range(attempts):
        page.keyboard.press("Escape")
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        try:
            page.wait_for_function(started, timeout=10_000)
            return
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; try the menu again
            continue
    raise TimeoutError("Run All Cells did not start any cell")


def send_and_time(page: Any, attempt: int) -> float:
    """Click Send and return milliseconds until feedback for `attempt` is in the page.

    Measured inside the page (performance.now() around the click and a MutationObserver), so
    Playwright's own round trips do not count.
    """
    return float(
        page.evaluate(
            """(attempt) => new Promise((resolve, reject) => {
                const selector = `.rl-feedback[data-attempt="${attempt}"]`;
                const button = document.querySelector('button.rl-send');
                if (!button || button.disabled) { reject(new Error('Send is not clickable')); }
                const start = performance.now();
                const done = () => { observer.disconnect(); resolve(performance.now() - start); };
                const observer = new MutationObserver(() => {
                    if (document.querySelector(selector)) { done(); }
                });
                observer.observe(document.body, {childList: true, subtree: true});
                setTimeout(() => {
                    observer.disconnect(); reject(new Error('no feedback'));
                }, 30000);
                button.click();
            })""",
            attempt,
        )
    )

"""Start a real JupyterHub on 127.0.0.1 with the workshop as its service, and drive it over HTTP.

Shared by tests/test_hub.py and `bench/bench_workshop.py --hub`. The hub is the real thing:
configurable-http-proxy from npm in front, a dummy authenticator (one password), the simple
local-process spawner (every user a folder under the hub's own, so nothing lands in a home
folder), and the workshop service declared by the lines `replylab workshop hub-config` prints.
Users log in with the hub's login form and XSRF cookie, as a browser does; code runs in their
kernels over the kernel's websocket, as a notebook cell does.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from simulator.workshop import hub_config

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "replylab-hub-test"
SERVICE = "replylab-workshop"
PROXY_ENV = "REPLYLAB_CHP"


def find_proxy() -> str | None:
    """configurable-http-proxy: $REPLYLAB_CHP, the one .ci/run installs, or on PATH."""
    for candidate in (os.environ.get(PROXY_ENV), REPO / ".ci/node/node_modules/.bin/"
                      "configurable-http-proxy", shutil.which("configurable-http-proxy")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningHub:
    process: subprocess.Popen[bytes]
    url: str
    folder: Path
    service_url: str
    log_path: Path
    sessions: dict[str, requests.Session] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def workshop_url(self) -> str:
        return f"{self.url}/services/{SERVICE}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    # ---- users --------------------------------------------------------------------------

    def login(self, user: str) -> requests.Session:
        """Log in through the hub's form (with its _xsrf), as a browser does."""
        http = requests.Session()
        # the proxy closes idle keep-alive connections after 5 s; a request that races that
        # close is sent again on a new connection, as a browser does
        retry = Retry(total=3, connect=3, read=2, status=0, allowed_methods=None)
        http.mount("http://", HTTPAdapter(max_retries=retry))
        http.get(f"{self.url}/hub/login", timeout=30).raise_for_status()
        xsrf = http.cookies.get("_xsrf") or ""
        response = http.post(f"{self.url}/hub/login", timeout=30, allow_redirects=False,
                             data={"username": user, "password": PASSWORD, "_xsrf": xsrf})
        if response.status_code != 302:
            raise RuntimeError(f"login of {user} failed: HTTP {response.status_code}")
        # the token the hub's own pages use after login (JupyterHub 5 ties it to the session)
        home = http.get(f"{self.url}/hub/home", timeout=30).text
        found = re.search(r'xsrf_token:\s*"([^"]+)"', home)
        http.headers["X-XSRFToken"] = found.group(1) if found else (
            http.cookies.get("_xsrf") or xsrf)
        self.sessions[user] = http
        return http

    def token(self, user: str, scopes: list[str] | None = None) -> str:
        """An API token of the user's, made with their login (as on the hub's token page)."""
        http = self.sessions.get(user) or self.login(user)
        body: dict[str, Any] = {"note": "replylab test", "expires_in": 3600}
        if scopes is not None:
            body["scopes"] = scopes
        response = http.post(f"{self.url}/hub/api/users/{user}/tokens", json=body, timeout=30)
        if response.status_code not in (200, 201):
            raise RuntimeError(f"token for {user}: HTTP {response.status_code} {response.text}")
        token = str(response.json()["token"])
        self.tokens.setdefault(user, token)
        return token

    def start_server(self, user: str, timeout_s: float = 90) -> None:
        token = self.tokens.get(user) or self.token(user)
        headers = {"Authorization": f"token {token}"}
        api = f"{self.url}/hub/api/users/{user}"
        response = requests.post(f"{api}/server", headers=headers, timeout=30)
        if response.status_code not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"starting {user}'s server: HTTP {response.status_code} "
                               f"{response.text}")  # fmt: skip
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            model = requests.get(api, headers=headers, timeout=30).json()
            server = (model.get("servers") or {}).get("", {})
            if server.get("ready"):
                return
            time.sleep(0.2)
        raise TimeoutError(f"{user}'s server did not start in {timeout_s:.0f} s:\n{self.log()}")

    def run_code(self, user: str, code: str, timeout_s: float = 120) -> str:
        """Run `code` in a new kernel of the user's server; its printed output, or the error."""
        import websocket

        token = self.tokens.get(user) or self.token(user)
        headers = {"Authorization": f"token {token}"}
        base = f"{self.url}/user/{user}/api/kernels"
        response = requests.post(base, headers=headers, json={"name": "python3"}, timeout=60)
        response.raise_for_status()
        kernel = response.json()["id"]
        ws_url = base.replace("http://", "ws://") + f"/{kernel}/channels"
        ws = websocket.create_connection(ws_url, header=[f"Authorization: token {token}"],
                                         timeout=timeout_s)  # fmt: skip
        try:
            return _execute(ws, code, timeout_s)
        finally:
            ws.close()
            requests.delete(f"{base}/{kernel}", headers=headers, timeout=30)

    def stop(self, timeout_s: float = 30) -> float:
        """SIGINT, as Ctrl-C: the hub stops its proxy, servers and services. Seconds taken."""
        started = time.monotonic()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        _kill_leftovers(self.folder)
        return time.monotonic() - started


def _execute(ws: Any, code: str, timeout_s: float) -> str:
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
    }))  # fmt: skip
    out: list[str] = []
    error = ""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            out.append(content["text"])
        elif kind == "error":
            error = "\n".join(content.get("traceback", [])) or content.get("evalue", "")
        elif kind == "status" and content.get("execution_state") == "idle":
            if error:
                raise RuntimeError(f"the kernel raised:\n{error}\noutput:\n{''.join(out)}")
            return "".join(out)
    raise TimeoutError("the kernel did not finish in time")


def _kill_leftovers(folder: Path) -> None:
    """Any process still running from the hub's folder (a server or proxy a crash left)."""
    for pid_file in folder.glob("*.pid"):
        try:
            os.kill(int(pid_file.read_text().strip()), signal.SIGKILL)
        except (ValueError, OSError):
            pass


def hub_config_lines(public_url: str, service_url: str, db_url: str,
                     instructors: list[str]) -> str:  # fmt: skip
    args = argparse.Namespace(
        public_url=public_url, name=SERVICE, service_url=service_url, db=db_url,
        instructor_group="instructors", instructor=instructors, external=False,
        python=sys.executable,
    )  # fmt: skip
    return hub_config.render(args)


def start_hub(folder: Path, users: Sequence[str], *, admins: Sequence[str] = (),
              instructors: Sequence[str] = (), db_url: str | None = None,
              extra_config: str = "", timeout_s: float = 90) -> RunningHub:  # fmt: skip
    """A hub on free ports with the workshop service; returns once both answer."""
    proxy = find_proxy()
    if proxy is None:
        raise FileNotFoundError("configurable-http-proxy not found: npm install "
                                "configurable-http-proxy (or set REPLYLAB_CHP)")
    folder.mkdir(parents=True, exist_ok=True)
    port, hub_port, proxy_api, service_port = (free_port() for _ in range(4))
    url = f"http://127.0.0.1:{port}"
    service_url = f"http://127.0.0.1:{service_port}"
    db_url = db_url or f"sqlite:///{folder / 'workshop.sqlite'}"
    root = os.getuid() == 0
    config = f'''c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {str(folder / "proxy.pid")!r}
c.JupyterHub.db_url = {"sqlite:///" + str(folder / "jupyterhub.sqlite")!r}
c.JupyterHub.cookie_secret_file = {str(folder / "jupyterhub_cookie_secret")!r}
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.Authenticator.allowed_users = {set(users) | set(admins) | set(instructors)!r}
c.Authenticator.admin_users = {set(admins)!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(folder / "home" / "{username}")!r}
c.Spawner.cmd = [{str(BIN / "jupyterhub-singleuser")!r}]
c.Spawner.args = {["--allow-root"] if root else []!r}
c.Spawner.start_timeout = 90
c.Spawner.http_timeout = 90
c.Spawner.environment.update({{"PYTHONDONTWRITEBYTECODE": "1",
                              "JUPYTER_CONFIG_PATH": {str(folder / "etc-jupyter")!r}}})
c.JupyterHub.cleanup_servers = True
{hub_config_lines(url, service_url, db_url, list(instructors))}
{extra_config}
'''
    (folder / "etc-jupyter").mkdir(exist_ok=True)
    config_path = folder / "jupyterhub_config.py"
    config_path.write_text(config, encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "NBGRADER", "REPLYLAB", "IPYTHON"))}
    env.update(HOME=str(folder / "hub-home"), PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
               PYTHONPATH=os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p))
    log_path = folder / "jupyterhub.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(config_path)],
                                   cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    hub = RunningHub(process, url, folder, service_url, log_path)
    deadline = time.monotonic() + timeout_s
    for probe in (f"{url}/hub/health", f"{hub.workshop_url}/api/health"):
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the hub exited early:\n{hub.log()}")
            try:
                if requests.get(probe, timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                hub.stop()
                raise TimeoutError(f"the hub did not answer {probe}:\n{hub.log()}")
            time.sleep(0.2)
    return hub

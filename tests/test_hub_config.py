"""`replylab workshop hub-config` and the hub's view of a token, without a running hub.

The generated lines are loaded as JupyterHub loads a config file (traitlets' Python config
loader), once as JupyterHub 6 and once as JupyterHub 5, and must set what a hub needs. The real
hub runs them in tests/test_hub.py.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import types

import pytest
from traitlets.config import PyFileConfigLoader

from simulator.workshop.errors import ApiError
from simulator.workshop.hub_service import HubService

ACCESS = "access:services!service=replylab-workshop"
INSTRUCT = "custom:replylab-workshop:instruct"


def hub_config(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulator.cli", "workshop", "hub-config",
                           *args], capture_output=True, text=True, timeout=60)  # fmt: skip


def load(text: str, tmp_path, version: str, monkeypatch):
    """The config as JupyterHub `version` would see it."""
    import jupyterhub

    monkeypatch.setattr(jupyterhub, "__version__", version)
    path = tmp_path / "jupyterhub_config.py"
    path.write_text("c = get_config()  # noqa\n" + text, encoding="utf-8")
    return PyFileConfigLoader(path.name, path=str(tmp_path)).load_config()


@pytest.fixture(scope="module")
def lines() -> str:
    proc = hub_config("--public-url", "https://hub.example.org", "--instructor", "ines",
                      "--db", "postgresql+psycopg://ws@db/ws")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_service_is_declared_for_the_hub_to_start(lines, tmp_path, monkeypatch):
    config = load(lines, tmp_path, "6.1.1", monkeypatch)
    (service,) = config.JupyterHub.services.get_value([])
    assert service["name"] == "replylab-workshop"
    assert service["url"] == "http://127.0.0.1:8765"
    command = service["command"]
    assert command[1:6] == ["-m", "simulator.cli", "workshop", "serve", "--hub"]
    assert command[command.index("--db") + 1] == "postgresql+psycopg://ws@db/ws"
    assert service["oauth_client_allowed_scopes"] == [INSTRUCT]
    assert service["oauth_no_confirm"] is True


def test_users_and_their_kernels_may_reach_the_service_on_jupyterhub_6(lines, tmp_path,
                                                                       monkeypatch):  # fmt: skip
    config = load(lines, tmp_path, "6.1.1", monkeypatch)
    assert ACCESS in config.JupyterHub.extra_user_scopes.get_value(set())
    assert ACCESS in config.Spawner.server_token_scopes
    assert "access:servers!server" in config.Spawner.server_token_scopes
    env = config.Spawner.environment.get_value({})
    assert env["REPLYLAB_WORKSHOP_URL"] == "https://hub.example.org/services/replylab-workshop/"
    roles = config.JupyterHub.load_roles.get_value([])
    assert all(role["name"] != "user" for role in roles), "JupyterHub 6 keeps its user role"


def test_jupyterhub_5_gets_the_user_role_redefined(lines, tmp_path, monkeypatch):
    config = load(lines, tmp_path, "5.4.3", monkeypatch)
    assert "extra_user_scopes" not in config.JupyterHub
    (user_role,) = [r for r in config.JupyterHub.load_roles.get_value([]) if r["name"] == "user"]
    assert user_role["scopes"] == ["self", ACCESS]


def test_instructors_are_a_group_with_the_custom_scope(lines, tmp_path, monkeypatch):
    config = load(lines, tmp_path, "6.1.1", monkeypatch)
    assert INSTRUCT in config.JupyterHub.custom_scopes.get_value({})
    assert config.JupyterHub.load_groups.get_value({}) == {"instructors": {"users": ["ines"]}}
    (role,) = [r for r in config.JupyterHub.load_roles.get_value([])
               if r["name"] == "replylab-workshop-instructors"]
    assert role["groups"] == ["instructors"] and INSTRUCT in role["scopes"]


def test_an_external_service_takes_its_token_from_the_environment(tmp_path, monkeypatch):
    proc = hub_config("--public-url", "https://hub.example.org", "--external",
                      "--service-url", "http://replylab-workshop.hub.svc:8765")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    monkeypatch.setenv("REPLYLAB_SERVICE_TOKEN", "s3cret")
    config = load(proc.stdout, tmp_path, "6.1.1", monkeypatch)
    (service,) = config.JupyterHub.services.get_value([])
    assert service["api_token"] == "s3cret" and "command" not in service


@pytest.mark.parametrize("args, named", [
    (["--public-url", "hub.example.org"], "--public-url"),
    (["--public-url", "https://hub.example.org", "--name", "Replylab Workshop"], "--name"),
    (["--public-url", "https://hub.example.org", "--service-url", "ftp://x"], "--service-url"),
])  # fmt: skip
def test_bad_options_are_one_line_naming_the_option(args, named):
    proc = hub_config(*args)
    assert proc.returncode == 2
    assert named in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_serve_hub_outside_a_hub_says_what_is_missing(tmp_path):
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("JUPYTERHUB")}
    proc = subprocess.run([sys.executable, "-m", "simulator.cli", "workshop", "serve", "--hub",
                           "--db", f"sqlite:///{tmp_path / 'x.sqlite'}"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.returncode == 2
    assert "JUPYTERHUB_API_TOKEN is not set" in proc.stderr and "Traceback" not in proc.stderr


# ---- the hub's view of a token (HubAuth replaced by a stand-in) ---------------------------

class FakeAuth:
    """What HubAuth answers for a token: the hub's user model, or None."""

    access_scopes = {ACCESS}

    def __init__(self, models: dict[str, dict | None], fail: bool = False) -> None:
        self.models, self.fail = models, fail

    async def user_for_token(self, token: str, sync: bool = True):
        if self.fail:
            raise ConnectionError("hub down")
        return self.models.get(token)

    def check_scopes(self, required, model):
        from jupyterhub.services.auth import check_scopes  # the hub's own rule, filters too

        return check_scopes(required, set(model["scopes"]))


MODELS = {
    "ann": {"kind": "user", "name": "ann", "admin": False, "groups": [], "scopes": [ACCESS]},
    "ines": {"kind": "user", "name": "ines", "groups": [], "scopes": [ACCESS, INSTRUCT]},
    "gus": {"kind": "user", "name": "gus", "groups": ["teachers"], "scopes": [ACCESS]},
    "adam": {"kind": "user", "name": "adam", "admin": True, "scopes": ["access:services"]},
    "narrow": {"kind": "user", "name": "ann", "scopes": ["read:users:name!user=ann"]},
    "svc": {"kind": "service", "name": "cron", "scopes": [ACCESS]},
}


def service(fail: bool = False) -> HubService:
    auth = FakeAuth(MODELS, fail)
    auth.access_scopes = {ACCESS}
    return HubService(auth, "replylab-workshop", "/services/replylab-workshop/",
                      frozenset({"teachers"}))


def status_of(coro) -> int:
    try:
        asyncio.run(coro)
    except ApiError as exc:
        return exc.status
    return 200


def test_who_may_instruct():
    hub = service()
    assert [status_of(hub.instructor_for(t)) for t in ("ines", "gus", "adam", "ann")] == [
        200, 200, 200, 403]


def test_tokens_the_hub_does_not_vouch_for_are_refused_with_a_reason():
    hub = service()
    assert status_of(hub.user_for(None)) == 401
    assert status_of(hub.user_for("unknown")) == 401
    assert status_of(hub.user_for("narrow")) == 403  # no access:services scope
    assert status_of(hub.user_for("svc")) == 403  # a service is not a trainee
    assert status_of(service(fail=True).user_for("ann")) == 502  # the hub is down: retry


def test_a_login_that_did_not_start_in_this_browser_is_refused():
    auth = types.SimpleNamespace()
    hub = HubService(auth, "replylab-workshop", "/services/replylab-workshop/")
    assert status_of(hub.finish_login("code", "state-a", "state-b")) == 403
    assert status_of(hub.finish_login("code", "state-a", "")) == 403


def test_the_lines_add_to_what_the_file_already_sets(tmp_path, monkeypatch):
    """An existing user role (JupyterHub 5) gets the scope, not a second definition; token
    scopes set earlier are kept; no load_groups without --instructor (a hub whose
    authenticator manages groups refuses it)."""
    proc = hub_config("--public-url", "https://hub.example.org")
    assert proc.returncode == 0, proc.stderr
    earlier = (
        'c.JupyterHub.load_roles = [{"name": "user", "scopes": ["self", "read:groups"]}]\n'
        'c.Spawner.server_token_scopes = ["access:servers!server", "read:users:name!user"]\n'
    )
    config = load(earlier + proc.stdout, tmp_path, "5.4.3", monkeypatch)
    users = [r for r in config.JupyterHub.load_roles if r["name"] == "user"]
    assert len(users) == 1 and users[0]["scopes"] == ["self", "read:groups", ACCESS]
    assert config.Spawner.server_token_scopes == [
        "access:servers!server", "read:users:name!user", ACCESS]
    assert "load_groups" not in config.JupyterHub

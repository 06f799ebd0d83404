"""`replylab workshop hub-config`: the lines a hub's `jupyterhub_config.py` needs for the workshop.

What a hub admin would otherwise find out one 403 at a time: the service itself (started by the
hub, or run elsewhere), the scope that lets users reach it, the same scope on the token the hub
gives each server (the kernel sends that token, `Spawner.server_token_scopes`), the address of
the service as the kernels must reach it (they do not know the hub's public URL), and the
instructors (a hub group, named users, and the custom scope that makes them instructors).
JupyterHub 6 adds scopes to every user with `extra_user_scopes`; JupyterHub 5 has no such
setting, so there the `user` role is redefined with its default scope `self` plus the access.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from simulator.workshop.hub_service import DEFAULT_SERVICE, instruct_scope

DEFAULT_GROUP = "instructors"
DEFAULT_SERVICE_URL = "http://127.0.0.1:8765"


def add_parser(wsub: Any) -> None:
    parser = wsub.add_parser(
        "hub-config", help="print the jupyterhub_config.py lines for the workshop service"
    )
    parser.add_argument("--public-url", required=True,
                        help="the hub's address as the users' servers reach it, e.g. "
                             "https://hub.example.org")  # fmt: skip
    parser.add_argument("--name", default=DEFAULT_SERVICE, help="the service's name")
    parser.add_argument("--service-url", default=DEFAULT_SERVICE_URL,
                        help="where the hub's proxy reaches the service")
    parser.add_argument("--db", default=None,
                        help="the workshop's database URL (default: SQLite in the hub's folder)")
    parser.add_argument("--instructor-group", default=DEFAULT_GROUP,
                        help="hub group whose members are instructors (made if missing)")
    parser.add_argument("--instructor", action="append", default=[], metavar="USER",
                        help="a hub user to put in the instructor group (repeat for more)")
    parser.add_argument("--external", action="store_true",
                        help="the service runs elsewhere (its own machine or Deployment): "
                             "declare it with an api_token instead of a command")  # fmt: skip
    parser.add_argument("--python", default=sys.executable,
                        help="the Python that has replylab (for the hub-managed service)")
    parser.set_defaults(run=run)


def _check(args: argparse.Namespace) -> None:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*[a-z0-9]", args.name):
        raise ValueError(f"--name: {args.name!r} must be lower-case letters, digits and dashes")
    for option, url in (("--public-url", args.public_url), ("--service-url", args.service_url)):
        if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", url):
            raise ValueError(f"{option}: {url!r} is not an http(s) address")


def render(args: argparse.Namespace) -> str:
    """The config lines, as Python that appends to what the file already sets."""
    _check(args)
    name = args.name
    access = f"access:services!service={name}"
    instruct = instruct_scope(name)
    service: dict[str, Any] = {
        "name": name,
        "url": args.service_url,
        "oauth_no_confirm": True,
        "oauth_client_allowed_scopes": [instruct],
        "display": True,
    }
    if not args.external:
        command = [args.python, "-m", "simulator.cli", "workshop", "serve", "--hub",
                   "--instructor-group", args.instructor_group]  # fmt: skip
        if args.db:
            command += ["--db", args.db]
        service["command"] = command
    kernel_url = args.public_url.rstrip("/") + f"/services/{name}/"
    token_line = ""
    if args.external:
        token_line = (
            "import os\n"
            "# the same secret goes into the service's JUPYTERHUB_API_TOKEN where it runs\n"
            "_replylab_service['api_token'] = os.environ['REPLYLAB_SERVICE_TOKEN']\n"
        )
    groups = ""
    if args.instructor:  # a hub whose authenticator manages groups refuses load_groups
        groups = (f"c.JupyterHub.load_groups.update({{{args.instructor_group!r}: "
                  f"{{'users': {args.instructor!r}}}}})\n")
    lines = f'''# ---- replylab workshop as a JupyterHub service (replylab workshop hub-config) ----
import jupyterhub as _jupyterhub

_replylab_service = {service!r}
{token_line}c.JupyterHub.services.append(_replylab_service)
c.JupyterHub.custom_scopes.update({{
    {instruct!r}: {{"description": "run replylab workshops: rounds, every reply, the projector"}},
}})
{groups}c.JupyterHub.load_roles.append({{
    "name": "{name}-instructors",
    "scopes": [{instruct!r}, {access!r}],
    "groups": [{args.instructor_group!r}],
}})
# every user may reach the service (without this: 403 on /services/{name}/)
if int(_jupyterhub.__version__.split(".")[0]) >= 6:
    c.JupyterHub.extra_user_scopes.update({{{access!r}}})
else:  # JupyterHub 5: the user role with its default scope, or the one defined above, plus it
    _replylab_roles = c.JupyterHub.load_roles if isinstance(c.JupyterHub.load_roles, list) else []
    _replylab_user = [r for r in _replylab_roles if r.get("name") == "user"]
    if _replylab_user:
        _replylab_user[0].setdefault("scopes", ["self"]).append({access!r})
    else:
        c.JupyterHub.load_roles.append({{"name": "user", "scopes": ["self", {access!r}]}})
# the kernel's token ($JUPYTERHUB_API_TOKEN) may reach the service too: added to the scopes
# set above, or to JupyterHub's default (the server role's)
_replylab_token_scopes = (c.Spawner.server_token_scopes if "server_token_scopes" in c.Spawner
                          else ["access:servers!server", "users:activity!user"])
if callable(_replylab_token_scopes):
    raise ValueError("replylab: Spawner.server_token_scopes is a function here; make it add "
                     "{access!r}")
c.Spawner.server_token_scopes = [*_replylab_token_scopes, {access!r}]
# the kernel does not know the hub's public address: tell it where the workshop is
c.Spawner.environment.update({{"REPLYLAB_WORKSHOP_URL": {kernel_url!r}}})
# ---- end of replylab workshop ----
'''
    return lines


def run(args: argparse.Namespace) -> int:
    print(render(args), end="")
    return 0

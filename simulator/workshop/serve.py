"""`replylab workshop serve`: run a workshop server and print how to join and control it.

    replylab workshop serve [--host 127.0.0.1] [--port 0] [--db URL] [--new] [--rounds FILE]
    replylab workshop serve --hub      (run by JupyterHub as a service: see hub_config.py)

`--port 0` takes a free port; the socket is bound before the server starts, so the printed
address is the real one. uvicorn stops cleanly on SIGINT (Ctrl-C) and SIGTERM: the writer
commits what is queued and the database is closed.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from simulator.workshop.model import Workshop

SHUTDOWN_GRACE_S = 3


def add_parser(sub: Any) -> None:
    """Register `workshop serve` (called by simulator.cli.build_parser)."""
    workshop = sub.add_parser("workshop", help="run an instructor-led workshop")
    wsub = workshop.add_subparsers(dest="workshop_command", required=True)
    serve = wsub.add_parser("serve", help="start the workshop server")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on; 0.0.0.0 for a room of laptops")  # fmt: skip
    serve.add_argument("--port", type=int, default=0, help="port; 0 takes a free one")
    serve.add_argument("--db", default=None,
                       help="database URL (default: replylab_workshop.sqlite here)")  # fmt: skip
    serve.add_argument("--new", action="store_true",
                       help="start a new workshop instead of going on with the last one")
    serve.add_argument("--rounds", type=Path, default=None,
                       help="a YAML file of rounds to run (see docs/workshops.md)")
    serve.add_argument("--json", action="store_true", help="print the addresses as one JSON line")
    serve.add_argument("--hub", action="store_true",
                       help="run as a JupyterHub service: people are known by their hub tokens")
    serve.add_argument("--instructor-group", action="append", default=[], metavar="GROUP",
                       help="with --hub: members of this hub group are instructors")
    serve.set_defaults(run=run)
    from simulator.workshop import hub_config

    hub_config.add_parser(wsub)


def _public_host(host: str) -> str:
    """The address to print: for 0.0.0.0, this machine's address on the room's network."""
    if host not in ("0.0.0.0", "::", ""):
        return f"[{host}]" if ":" in host else host
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))  # no packet is sent: this picks the interface
            return str(probe.getsockname()[0])
    except OSError:
        return socket.gethostname()


def addresses(host: str, port: int, workshop: Workshop, key: str, prefix: str = ""
              ) -> dict[str, str]:  # fmt: skip
    base = f"http://{_public_host(host)}:{port}" + prefix.rstrip("/")
    return {
        "code": workshop.code,
        "trainee_url": base + "/",
        "control_url": f"{base}/control#key={key}",
        "projector_url": f"{base}/projector#key={key}",
        "key": key,
    }


def read_rounds(path: Path) -> list[dict[str, Any]]:
    """A round file: a list of rounds (or `rounds:` holding one), each checked now, so a typo
    stops the command with the file and the round named rather than in front of the room."""
    import yaml

    from simulator.workshop.errors import ApiError
    from simulator.workshop.rounds import validate_round

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise OSError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from None
    if isinstance(data, dict):
        data = data.get("rounds")
    if not isinstance(data, list) or not data:
        raise ValueError(f"{path}: expected a list of rounds (or 'rounds:' with one)")
    specs = []
    for number, spec in enumerate(data, 1):
        if not isinstance(spec, dict):
            raise ValueError(f"{path}: round {number}: expected family, locale, seed, ...")
        unknown = set(spec) - {"family", "locale", "seed", "mode", "timer_s",
                               "minutes_since_post"}  # fmt: skip
        if unknown:
            raise ValueError(f"{path}: round {number}: unknown setting {sorted(unknown)[0]!r}")
        try:
            specs.append(validate_round(spec))
        except ApiError as exc:
            raise ValueError(f"{path}: round {number}: {exc.message}") from None
    return specs


def check_database(url: str) -> str:
    """Open and migrate the database before the server starts, so a wrong URL, a missing
    driver or an unreachable server is one line and exit status 2, not a startup traceback.
    Returns the URL to print, with any password hidden."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    from simulator.workshop import db

    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        raise ValueError(f"--db: not a database URL: {url!r}") from None
    try:
        engine = db.make_engine(url)
        try:
            db.upgrade(engine)
        finally:
            engine.dispose()
    except NoSuchModuleError:
        raise ValueError(f"--db: no driver for {shown} (for PostgreSQL: pip install "
                         "'psycopg[binary]' and use postgresql+psycopg://...)") from None
    except (SQLAlchemyError, ImportError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ValueError(f"--db: cannot open {shown}: {first}") from None
    return shown


def _service_address(host: str, port: int) -> tuple[str, int]:
    """Where to listen as a hub service: JupyterHub's JUPYTERHUB_SERVICE_URL, unless given."""
    import os
    from urllib.parse import urlparse

    if port:
        return host, port
    service_url = os.environ.get("JUPYTERHUB_SERVICE_URL", "")
    parsed = urlparse(service_url)
    if not parsed.port:
        raise ValueError("--hub: give --port, or run it from JupyterHub (which sets "
                         "JUPYTERHUB_SERVICE_URL from the service's url)")  # fmt: skip
    return parsed.hostname or host, parsed.port


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from simulator.workshop import db
    from simulator.workshop.app import create_app

    hub_service = None
    if args.hub:
        from simulator.workshop.hub_service import HubService

        hub_service = HubService.from_environment(tuple(args.instructor_group))
        args.host, args.port = _service_address(args.host, args.port)
    elif args.instructor_group:
        raise ValueError("--instructor-group works only with --hub")
    if not 0 <= args.port <= 65535:
        raise ValueError(f"--port must be 0 to 65535, got {args.port}")
    url = args.db or db.default_url()
    rounds = read_rounds(args.rounds) if args.rounds else None
    shown_url = check_database(url)
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
        sock.listen(2048)  # connections wait in the queue from now on, none is refused
    except OSError as exc:
        sock.close()
        raise OSError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    port = sock.getsockname()[1]

    prefix = hub_service.prefix if hub_service else ""

    def ready(workshop: Workshop, key: str) -> None:
        info = addresses(args.host, port, workshop, key, prefix)
        if args.json:
            print(json.dumps(info), flush=True)
            return
        print(f"replylab workshop on {shown_url}", flush=True)
        if hub_service:  # the hub's log is no place for a key that never expires
            print(f"  on JupyterHub as the service {hub_service.service!r} at {prefix}: "
                  "trainees run workshop.join(); instructors open control and projector "
                  "there and log in with the hub", flush=True)
            return
        print(f"  join code:   {info['code']}", flush=True)
        print(f"  trainees:    {info['trainee_url']}", flush=True)
        print(f"  control:     {info['control_url']}", flush=True)
        print(f"  projector:   {info['projector_url']}", flush=True)
        print("  (keep the key secret; Ctrl-C stops the server)", flush=True)

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    public = f"http://{_public_host(args.host)}:{port}{prefix or '/'}"
    app = create_app(url, fresh=args.new, on_ready=ready, rounds=rounds, public_url=public,
                     hub_service=hub_service)  # fmt: skip
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, lifespan="on",
        timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
    )  # fmt: skip
    server = uvicorn.Server(config)
    stopped_by: list[int] = []
    # uvicorn handles SIGINT/SIGTERM itself (a graceful shutdown), then raises the signal again
    # for the handlers that were there before it; these note it, so the command exits 0.
    previous = {sig: signal.signal(sig, lambda signum, _frame: stopped_by.append(signum))
                for sig in (signal.SIGINT, signal.SIGTERM)}  # fmt: skip
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if server.started else 2

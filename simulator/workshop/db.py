"""The workshop's tables, its engine (SQLite in WAL mode or PostgreSQL by URL) and migrations.

The tables are declared once here for queries; the schema itself is created and changed only by
the alembic revisions in `migrations/`, which the server applies (`upgrade head`) on start, so a
database made by an older replylab is brought up to date rather than recreated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Engine,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
)
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 10_000

metadata = MetaData()

workshops = Table(
    "workshops",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("key_hash", String(64), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("ended_at", Float),
    Column("names_revealed", Boolean, nullable=False, default=False),
    Column("projector", JSON, nullable=False),
    Column("current_round_id", String(32)),
)

trainees = Table(
    "trainees",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("workshop_id", String(32), ForeignKey("workshops.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("joined_at", Float, nullable=False),
    Column("hub_user", String(255)),  # the JupyterHub user, on a hub (revision 0002)
)

rounds = Table(
    "rounds",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("workshop_id", String(32), ForeignKey("workshops.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("family", String(64), nullable=False),
    Column("locale", String(8), nullable=False),
    Column("seed", Integer, nullable=False),
    Column("mode", String(16), nullable=False),
    Column("timer_s", Integer, nullable=False),
    Column("minutes_since_post", Float, nullable=False),
    Column("state", String(16), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("started_at", Float),
    Column("deadline", Float),
    Column("created_at", Float, nullable=False),
)

replies = Table(
    "replies",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("round_id", String(32), ForeignKey("rounds.id"), nullable=False),
    Column("trainee_id", String(32), ForeignKey("trainees.id"), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("client_id", String(64)),
    Column("text", Text, nullable=False),
    Column("received_at", Float, nullable=False),
    Column("latency_s", Float, nullable=False),
    Column("total", Float, nullable=False),
    Column("grade", JSON, nullable=False),
    Column("starred", Boolean, nullable=False, default=False),
    Column("hidden", Boolean, nullable=False, default=False),
    Column("verdict", String(16)),
    Column("verdict_comment", Text),
)


# A crisis drill run live for the room (revision 0003): its clock, each trainee's seat (the
# language their posts come in), their replies and their pinned posts, all graded by the server.
drills = Table(
    "drills",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("workshop_id", String(32), ForeignKey("workshops.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("drill", String(64), nullable=False),
    Column("seed", Integer, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("started_at", Float, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("held", Boolean, nullable=False, default=False),
    Column("held_at", Float),
    Column("offset_s", Float, nullable=False, default=0.0),
    Column("stopped_at", Float),
)

drill_seats = Table(
    "drill_seats",
    metadata,
    Column("drill_id", String(32), ForeignKey("drills.id"), primary_key=True),
    Column("trainee_id", String(32), ForeignKey("trainees.id"), primary_key=True),
    Column("locale", String(8), nullable=False),
    Column("joined_at", Float, nullable=False),
)

drill_replies = Table(
    "drill_replies",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("drill_id", String(32), ForeignKey("drills.id"), nullable=False),
    Column("trainee_id", String(32), ForeignKey("trainees.id"), nullable=False),
    Column("client_id", String(64)),
    Column("case_id", String(128), nullable=False),
    Column("action", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("received_at", Float, nullable=False),
    Column("sim_s", Float, nullable=False),
    Column("latency_s", Float, nullable=False),
    Column("total", Float),
    Column("points", Float, nullable=False),
    Column("grade", JSON),
    Column("action_grade", JSON, nullable=False),
    Column("pasted_from", String(128)),
)

drill_posts = Table(
    "drill_posts",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("drill_id", String(32), ForeignKey("drills.id"), nullable=False),
    Column("trainee_id", String(32), ForeignKey("trainees.id"), nullable=False),
    Column("client_id", String(64)),
    Column("text", Text, nullable=False),
    Column("received_at", Float, nullable=False),
    Column("sim_s", Float, nullable=False),
    Column("total", Float, nullable=False),
    Column("grade", JSON, nullable=False),
)


def default_url(folder: Path | None = None) -> str:
    """SQLite in the current folder: one file per room, kept beside the instructor's notes."""
    return f"sqlite:///{(folder or Path.cwd()) / 'replylab_workshop.sqlite'}"


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, a busy timeout and full sync on every connection.

    WAL lets the pages read while the writer commits; `synchronous=FULL` makes a commit survive
    a crash of the machine, not only of the process, so an acknowledged reply is on disk.
    """
    parsed = make_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision (alembic `upgrade head`) on this engine."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

"""The workshop's pure parts, without a server: codes and secrets, the join rate limit, the
round's state machine, masking and highlighting for the projector, the batching writer."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from simulator.workshop import db, security, stats
from simulator.workshop.errors import ApiError
from simulator.workshop.model import GRACE_S, Reply, Round, Trainee, feedback_visible
from simulator.workshop.rounds import transition as _transition
from simulator.workshop.rounds import validate_round
from simulator.workshop.serve import read_rounds
from simulator.workshop.writer import Writer


def test_join_codes_are_long_unambiguous_and_typed_loosely() -> None:
    codes = {security.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        raw = code.replace("-", "")
        assert len(raw) == 8 and set(raw) <= set(security.CODE_ALPHABET)
        assert not set(raw) & set("01OIL")
        assert security.normalise_code(f" {raw.lower()[:3]} {raw[3:].lower()} ") == code


def test_secrets_are_stored_hashed_and_compared_whole() -> None:
    key = security.new_secret()
    stored = security.digest(key)
    assert key not in stored and len(key) >= 40
    assert security.matches(key, stored)
    assert not security.matches(key[:-1], stored) and not security.matches("", stored)


def test_rate_limit_refills_over_time() -> None:
    limit = security.RateLimit(per_minute=10)
    assert all(limit.allow("a", now=0.0) == 0 for _ in range(10))
    wait = limit.allow("a", now=0.0)
    assert wait == pytest.approx(6.0)
    assert limit.allow("b", now=0.0) == 0, "each address has its own bucket"
    assert limit.allow("a", now=6.1) == 0


def _round(**kw: object) -> Round:
    base = {"id": "r", "number": 1, "family": "praise", "locale": "en", "seed": 3,
            "mode": "same", "timer_s": 60, "minutes_since_post": 5, "created_at": 0.0}
    return Round(**{**base, **kw})  # type: ignore[arg-type]


def test_round_state_machine() -> None:
    rnd = _round()
    with pytest.raises(ApiError, match="not open"):
        _transition(rnd, "lock", 100.0, 60)
    opened = _transition(rnd, "start", 100.0, 60)
    assert opened.state == "open" and opened.deadline == 160.0
    assert opened.accepting(160.0 + GRACE_S) and not opened.accepting(160.0 + GRACE_S + 0.1)
    assert opened.phase(161.0) == "time_up" and opened.latency_s(130.0) == 5 * 60 + 30
    assert _transition(opened, "extend", 150.0, 30).deadline == 190.0
    locked = _transition(opened, "lock", 120.0, 60)
    assert locked.state == "locked" and not locked.accepting(120.5)
    again = _transition(_transition(locked, "reveal", 121.0, 60), "retry", 200.0, 60)
    assert (again.state, again.attempt, again.started_at) == ("open", 2, 200.0)
    with pytest.raises(ApiError, match="unknown action"):
        _transition(rnd, "explode", 0.0, 60)


def test_each_their_own_variant_and_when_feedback_shows() -> None:
    trainee = Trainee("t", 4, "Anna", "h", 0.0)
    assert _round(mode="same").seed_for(trainee) == 3
    assert _round(mode="variant").seed_for(trainee) == 7
    reply = Reply("x", "r", "t", 1, "hi", 0.0, 0.0, 10.0, {})
    assert not feedback_visible(reply, _round(state="open"))
    assert feedback_visible(reply, _round(state="revealed"))
    assert feedback_visible(reply, _round(state="open", attempt=2)), "a second try shows it"


def test_round_settings_are_checked() -> None:
    assert validate_round({"family": "praise"})["timer_s"] == 300
    for bad, error in [({}, "missing_field"), ({"family": "x"}, "unknown_family"),
                       ({"family": "praise", "mode": "all"}, "bad_field"),
                       ({"family": "praise", "seed": True}, "bad_field"),
                       ({"family": "praise", "minutes_since_post": -1}, "bad_field")]:
        with pytest.raises(ApiError) as caught:
            validate_round(bad)
        assert caught.value.code == error and caught.value.status == 400


def test_masking_and_evidence_segments() -> None:
    text = "Call 070-123 45 67 or mail anna.b@example.se, order 12345 is fine"
    masked = stats.mask(text)
    assert "070" not in masked and "example" not in masked and "12345" in masked
    start = text.index("order")
    pieces = stats.segments(text, [[start, start + 5]])
    assert "".join(p["text"] for p in pieces) == masked
    assert [p["text"] for p in pieces if p["mark"]] == ["order"]
    assert stats.segments("<img src=x>", [[0, 4]]) == [
        {"text": "<img", "mark": True}, {"text": " src=x>", "mark": False}]


def test_histogram_bins_include_100() -> None:
    assert stats.histogram([0, 9.9, 10, 99, 100]) == [2, 1, 0, 0, 0, 0, 0, 0, 0, 2]


def test_the_writer_batches_and_fails_only_the_bad_operation(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'w.sqlite'}")
    db.upgrade(engine)
    row = {"code": "C", "key_hash": "k", "created_at": 0.0, "names_revealed": False,
           "projector": {}}

    async def main() -> tuple[list[object], int]:
        writer = Writer(engine)
        writer.start()
        ops = [writer.submit(lambda c, i=i: c.execute(insert(db.workshops).values(
            id=f"w{i}", **{**row, "code": f"C{i}"}))) for i in range(50)]
        first = await asyncio.gather(*ops)
        batches = writer.batches
        ops = [writer.submit(lambda c, i=i: c.execute(insert(db.workshops).values(
            id=f"v{i}", **{**row, "code": f"D{i}"}))) for i in range(5)]
        ops.append(writer.submit(lambda c: c.execute(insert(db.workshops).values(
            id="w1", **row))))  # a duplicate key: this one alone must fail
        results = await asyncio.gather(*ops, return_exceptions=True)
        await writer.stop()
        return [*first, *results], batches

    results, batches = asyncio.run(main())
    assert sum(isinstance(r, Exception) for r in results) == 1
    assert isinstance(results[-1], Exception)
    with engine.connect() as conn:
        assert len(conn.execute(select(db.workshops.c.id)).all()) == 55
    mode = engine.connect().exec_driver_sql("PRAGMA journal_mode").scalar()
    assert mode == "wal"
    engine.dispose()
    assert batches <= 2, "operations queued together are committed together"


def test_round_files_are_checked_before_the_room_sees_them(tmp_path: Path) -> None:
    good = tmp_path / "rounds.yaml"
    good.write_text("rounds:\n  - {family: train_delay, locale: sv, seed: 3, timer_s: 240}\n"
                    "  - {family: praise, mode: variant, minutes_since_post: 45}\n")
    specs = read_rounds(good)
    assert [s["family"] for s in specs] == ["train_delay", "praise"]
    assert specs[1]["locale"] == "en" and specs[1]["minutes_since_post"] == 45.0
    for text, message in [("- {family: nope}", "round 1: unknown family 'nope'"),
                          ("- {family: praise, speed: 3}", "round 1: unknown setting 'speed'"),
                          ("rounds: 3", "expected a list of rounds"),
                          ("- [", "not valid YAML")]:
        bad = tmp_path / "bad.yaml"
        bad.write_text(text)
        with pytest.raises(ValueError, match=message.replace("'", ".")):
            read_rounds(bad)


def test_a_database_of_the_first_schema_is_upgraded_with_its_trainees(tmp_path) -> None:
    """Revision 0002 (trainees known by their hub user) keeps an older room's trainees; the
    later ones (0003: drills) leave them be."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from simulator.workshop import db

    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text("insert into workshops values ('w1', 'AAAA-BBBB', 'h', 1.0, "
                                "null, 0, '{}', null)"))
        connection.execute(text("insert into trainees values ('t1', 'w1', 1, 'Anna', 'th', 2.0)"))
    db.upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(text("select name, hub_user from trainees")).all()
        version = connection.execute(text("select version_num from alembic_version")).scalar()
    engine.dispose()
    assert rows == [("Anna", None)] and version == "0003"

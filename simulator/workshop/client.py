"""The trainee's side of a workshop, from a notebook: join, see the round, send replies.

    from simulator import workshop
    session = workshop.join("K7QX-M2PA", name="Anna")   # url from REPLYLAB_WORKSHOP_URL
    session                                             # the round's case, a reply box, Send

Every reply is first appended to the trainee's own `replylab_workshop.jsonl` in the current
folder, then sent; an acknowledgement is appended when the server has committed it. A reply
without one (the network or the server was down) is sent again, with the same id, on the next
join, Send or "Check for the round", and the server stores it once. The file also keeps the
trainee's token, so joining again after a kernel restart is the same trainee, not a new one.
The widget follows the round when a button is pressed; no thread updates it behind the
trainee's back (ipywidgets are not thread-safe).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

import requests

JOURNAL = "replylab_workshop.jsonl"
TIMEOUT_S = 10.0


class WorkshopError(RuntimeError):
    """The server refused a request; the message is the server's own, naming the problem."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


def _journal_path(folder: Path | None) -> Path:
    return (folder or Path.cwd()) / JOURNAL


def _read_journal(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a crash: the rest of the file is still good
        if isinstance(record, dict):
            records.append(record)
    return records


def _append(path: Path, record: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())


class Session:
    """A trainee in one workshop: their token, their journal, and the server's address."""

    def __init__(self, url: str, code: str, name: str, token: str, trainee: str,
                 journal: Path, http: requests.Session | None = None) -> None:  # fmt: skip
        self.url = url.rstrip("/")
        self.code = code
        self.name = name
        self.token = token
        self.trainee = trainee
        self.journal = journal
        self.http = http or requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        # the widget's language until a round gives its own (the round's locale wins)
        self.locale = os.environ.get("REPLYLAB_LOCALE", "en")
        self._widget: Any = None

    # ---- talking to the server ------------------------------------------------------------

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        response = self.http.request(method, self.url + path, json=body, timeout=TIMEOUT_S)
        try:
            data = response.json()
        except ValueError:
            data = {"message": response.text[:200]}
        if response.status_code >= 400:
            raise WorkshopError(data.get("message") or f"HTTP {response.status_code}",
                                response.status_code)
        return data

    def round(self) -> dict[str, Any] | None:
        """The round now running, as this trainee sees it, or None while waiting."""
        data: dict[str, Any] | None = self._call("GET", "/api/round").get("round")
        return data

    def case(self, rnd: dict[str, Any]) -> Any:
        """The round's case, generated here from (family, locale, seed) as on the server."""
        from simulator.generate import generate

        return generate(rnd["family"], rnd["locale"], int(rnd["seed"]))

    def results(self) -> list[dict[str, Any]]:
        """This trainee's replies, with grades where the instructor has revealed them."""
        return list(self._call("GET", "/api/me/replies")["replies"])

    def summary(self) -> dict[str, Any]:
        """This trainee's workshop so far: each graded round's best try, the best and the
        worst round, and the findings that came back in more than one round."""
        best: dict[str, dict[str, Any]] = {}
        for reply in self.results():
            if reply.get("grade") is None:
                continue
            if reply["round_id"] not in best or reply["total"] >= best[reply["round_id"]]["total"]:
                best[reply["round_id"]] = reply
        recurring: dict[str, int] = {}
        for reply in best.values():
            missed = {f["criterion"] for f in reply["grade"]["findings"]
                      if f["points"] < 0 or (f["max_points"] > 0 and f["points"] < f["max_points"]
                                             / 2)}  # fmt: skip
            for criterion in missed:
                recurring[criterion] = recurring.get(criterion, 0) + 1
        ranked = sorted(best.values(), key=lambda r: r["total"])
        return {
            "rounds": [{"round_id": r["round_id"], "attempt": r["attempt"], "total": r["total"]}
                       for r in best.values()],
            "best": ranked[-1] if ranked else None,
            "worst": ranked[0] if ranked else None,
            "recurring": sorted(((c, n) for c, n in recurring.items() if n > 1),
                                key=lambda cn: (-cn[1], cn[0])),
        }  # fmt: skip

    def send(self, round_id: str, text: str) -> dict[str, Any]:
        """Journal the reply, send it; {"queued": True} if the server could not be reached."""
        self.resend_pending()
        record = {"type": "reply", "url": self.url, "code": self.code, "trainee": self.trainee,
                  "client_id": uuid.uuid4().hex, "round_id": round_id, "text": text,
                  "written_at": time.time()}  # fmt: skip
        _append(self.journal, record)
        return self._deliver(record)

    def _deliver(self, record: dict[str, Any]) -> dict[str, Any]:
        body = {k: record[k] for k in ("round_id", "text", "client_id")}
        try:
            ack = self._call("POST", "/api/replies", body)
        except requests.RequestException:
            return {"queued": True, "client_id": record["client_id"]}
        except WorkshopError as exc:
            if exc.status >= 500:  # not stored this time: kept, and sent again later
                return {"queued": True, "client_id": record["client_id"]}
            # refused for good (too late, too long): written down, not sent again
            _append(self.journal, {"type": "refused", "trainee": self.trainee,
                                   "client_id": record["client_id"], "message": str(exc)})
            raise
        _append(self.journal, {"type": "ack", "trainee": self.trainee,
                               "client_id": record["client_id"], "reply_id": ack["reply_id"]})
        return dict(ack)

    def pending(self) -> list[dict[str, Any]]:
        """Replies in the journal that the server has neither acknowledged nor refused."""
        records = _read_journal(self.journal)
        settled = {r.get("client_id") for r in records if r.get("type") in ("ack", "refused")}
        return [r for r in records if r.get("type") == "reply" and r.get("trainee") ==
                self.trainee and r.get("client_id") not in settled]  # fmt: skip

    def resend_pending(self) -> int:
        """Send again what was not acknowledged; returns how many are now acknowledged."""
        done = 0
        for record in self.pending():
            try:
                result = self._deliver(record)
            except WorkshopError:
                continue
            if result.get("queued"):
                break  # still unreachable: try the rest next time
            done += 1
        return done

    def drill(self, locale: str | None = None) -> Any:
        """The room's crisis drill as this trainee's drill desk (drill_widget.py), on the
        room's clock, with Send and Pin graded by the server."""
        from simulator.workshop.drill_widget import open_drill

        return open_drill(self, locale or self.locale,
                          replies_path=str(self.journal.parent / "replylab_replies.jsonl"))

    # ---- the notebook widget --------------------------------------------------------------

    def widget(self) -> Any:
        from simulator.workshop.widget import WorkshopWidget

        if self._widget is None:
            self._widget = WorkshopWidget(self, locale=self.locale)
        return self._widget

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget())


def join(code: str | None = None, name: str | None = None, url: str | None = None, *,
         folder: Path | None = None, http: requests.Session | None = None,
         locale: str | None = None) -> Session:  # fmt: skip
    """Join the workshop at `url` (default: $REPLYLAB_WORKSHOP_URL) with its join code.

    A trainee who joined before with this name (the token is in the journal) goes on as the
    same trainee, and anything not acknowledged is sent again. On a JupyterHub, `join()` with
    no code and no name: the kernel's hub token says who the trainee is.
    """
    url = (url or os.environ.get("REPLYLAB_WORKSHOP_URL") or "").rstrip("/")
    if not url:
        raise WorkshopError("give the server's address: url=... or REPLYLAB_WORKSHOP_URL")
    journal = _journal_path(folder)
    http = http or requests.Session()
    if code is None and name is None:
        session = _join_on_hub(url, journal, http)
    elif not code or not name:
        raise WorkshopError("give the join code and your name: workshop.join('K7QX-M2PA', "
                            "name='Anna') (on a JupyterHub, workshop.join() needs neither)")
    else:
        session = _join_with_code(url, code, name, journal, http)
    session.resend_pending()
    if locale:
        session.locale = locale
    return session


def _join_on_hub(url: str, journal: Path, http: requests.Session) -> Session:
    """The hub's token is this server's, renewed at each start: it is read from the
    environment each time and never written to the journal."""
    token = os.environ.get("JUPYTERHUB_API_TOKEN", "")
    if not token:
        raise WorkshopError("not on a JupyterHub (no JUPYTERHUB_API_TOKEN): give the join code "
                            "and your name, workshop.join('K7QX-M2PA', name='Anna')")
    try:
        response = http.post(url + "/api/join", json={},
                             headers={"Authorization": f"token {token}"}, timeout=TIMEOUT_S)
    except requests.RequestException as exc:
        raise WorkshopError(f"cannot reach the workshop at {url}: {exc}") from None
    data = _json_of(response)
    if response.status_code >= 400:
        hint = " (the hub's admin needs `replylab workshop hub-config`)" if \
            response.status_code == 403 else ""
        raise WorkshopError((data.get("message") or f"joining failed: HTTP "
                             f"{response.status_code}") + hint, response.status_code)
    if not data.get("hub_user"):
        raise WorkshopError(f"the workshop at {url} does not run on this hub: give its join "
                            "code and your name")
    _append(journal, {"type": "join", "url": url, "hub_user": data["hub_user"],
                      "trainee": data["trainee"], "joined_at": time.time()})  # fmt: skip
    return Session(url, "", data["name"], token, data["trainee"], journal, http)


def _json_of(response: requests.Response) -> dict[str, Any]:
    if not response.headers.get("content-type", "").startswith("application/json"):
        return {}
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _join_with_code(url: str, code: str, name: str, journal: Path,
                    http: requests.Session) -> Session:  # fmt: skip
    for record in reversed(_read_journal(journal)):
        if (record.get("type") == "join" and record.get("url") == url
                and record.get("code") == code and record.get("name") == name):
            session = Session(url, code, name, record["token"], record["trainee"], journal, http)
            try:
                session._call("GET", "/api/me")
            except WorkshopError:
                break  # a token of an earlier workshop on this address: join anew
            except requests.RequestException as exc:
                raise WorkshopError(f"cannot reach the workshop at {url}: {exc}") from None
            return session
    try:
        response = http.post(url + "/api/join", json={"code": code, "name": name},
                             timeout=TIMEOUT_S)  # fmt: skip
    except requests.RequestException as exc:
        raise WorkshopError(f"cannot reach the workshop at {url}: {exc}") from None
    data = _json_of(response)
    if response.status_code != 201:
        raise WorkshopError(data.get("message") or f"joining failed: HTTP {response.status_code}")
    _append(journal, {"type": "join", "url": url, "code": code, "name": name,
                      "trainee": data["trainee"], "token": data["token"],
                      "joined_at": time.time()})  # fmt: skip
    return Session(url, code, name, data["token"], data["trainee"], journal, http)

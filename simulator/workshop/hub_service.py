"""The workshop as a JupyterHub service: who a hub token belongs to, and who may instruct.

On a hub nobody types a name, a code or a key. A trainee's kernel sends the token the hub gave
its server (`JUPYTERHUB_API_TOKEN`); an instructor's browser logs in with the hub's OAuth and
comes back to the control page with the hub's OAuth token in the address's fragment, where the
instructor key goes otherwise. Both are checked with the hub (`HubAuth.user_for_token`, its
answers cached for 60 s) on every request, so a token the hub revokes stops within a minute.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from simulator.workshop.errors import ApiError

log = logging.getLogger("replylab.workshop")

DEFAULT_SERVICE = "replylab-workshop"
STATE_COOKIE = "replylab-workshop-oauth-state"
PAGES = ("control", "projector")


def login_page(page: str) -> str:
    """The page a login goes back to: one of PAGES, the control page for anything else."""
    return page if page in PAGES else "control"


def state_cookie(page: str) -> str:
    """One state cookie per page, so control and projector can log in at the same time."""
    return f"{STATE_COOKIE}-{login_page(page)}"


def instruct_scope(service: str) -> str:
    """The custom scope that makes a hub user an instructor of this workshop service."""
    return f"custom:{service}:instruct"


@dataclass
class HubService:
    """The hub's view of the requests, from the environment JupyterHub gives a service."""

    auth: Any  # jupyterhub.services.auth.HubOAuth
    service: str
    prefix: str
    instructor_groups: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_environment(cls, instructor_groups: tuple[str, ...] = ()) -> HubService:
        """Read what JupyterHub passes a service; a clear error when it is not run by a hub."""
        missing = [name for name in ("JUPYTERHUB_API_TOKEN", "JUPYTERHUB_API_URL",
                                     "JUPYTERHUB_SERVICE_PREFIX") if not os.environ.get(name)]
        if missing:
            raise ValueError(f"--hub: {missing[0]} is not set; JupyterHub sets it when it runs "
                             "the service (see `replylab workshop hub-config`)")  # fmt: skip
        try:
            from jupyterhub.services.auth import HubOAuth
        except ImportError:
            raise ValueError("--hub: JupyterHub is not installed here (pip install jupyterhub)") \
                from None
        service = os.environ.get("JUPYTERHUB_SERVICE_NAME") or DEFAULT_SERVICE
        if not os.environ.get("JUPYTERHUB_CLIENT_ID"):
            os.environ["JUPYTERHUB_CLIENT_ID"] = f"service-{service}"
        auth = HubOAuth(cache_max_age=60)
        prefix = "/" + os.environ["JUPYTERHUB_SERVICE_PREFIX"].strip("/") + "/"
        return cls(auth, service, prefix, frozenset(instructor_groups))

    # ---- tokens ----------------------------------------------------------------------------

    async def user_for(self, token: str | None) -> dict[str, Any]:
        """The hub user whose token this is and who may use this service; 401/403 otherwise."""
        if not token:
            raise ApiError(401, "no_token", "send your hub token (Authorization: token ...); "
                           "from a notebook on the hub, workshop.join() does")  # fmt: skip
        try:
            model = await self.auth.user_for_token(token, sync=False)
        except Exception as exc:  # noqa: BLE001 - tornado's HTTPError or a network error
            log.warning("cannot check a token with the hub: %s", exc)
            raise ApiError(502, "hub_unreachable", "the workshop cannot reach JupyterHub to "
                           "check your token; try again in a moment") from None  # fmt: skip
        if not model:
            raise ApiError(401, "bad_token", "JupyterHub does not know this token")
        if model.get("kind", "user") != "user":
            raise ApiError(403, "not_a_user", "only hub users take part in a workshop")
        if not self.auth.check_scopes(self.auth.access_scopes, model):
            raise ApiError(403, "no_access", f"this token may not use the service "
                           f"'{self.service}' (it needs access:services!service="
                           f"{self.service})")  # fmt: skip
        return dict(model)

    def is_instructor(self, model: dict[str, Any]) -> bool:
        """Hub admins, members of an instructor group, or holders of the instruct scope."""
        if model.get("admin"):
            return True
        if self.instructor_groups & set(model.get("groups") or ()):
            return True
        return instruct_scope(self.service) in set(model.get("scopes") or ())

    async def instructor_for(self, token: str) -> dict[str, Any]:
        model = await self.user_for(token)
        if not self.is_instructor(model):
            raise ApiError(403, "not_instructor", f"{model.get('name')} is not an instructor of "
                           "this workshop")  # fmt: skip
        return model

    # ---- the instructor's browser: OAuth with the hub --------------------------------------

    def login_redirect(self, page: str) -> tuple[str, str]:
        """Where to send the browser to log in with the hub, and the state for its cookie."""
        target = login_page(page)
        extra: dict[str, str] = {}
        state_extra: dict[str, str] = {}
        if hasattr(self.auth, "generate_pkce_code_challenge"):  # JupyterHub 6
            verifier, challenge, method = self.auth.generate_pkce_code_challenge()
            extra = {"code_challenge": challenge, "code_challenge_method": method}
            state_extra = {"code_verifier": verifier}
        state = self.auth.generate_state(self.prefix + target, **state_extra)
        separator = "&" if "?" in self.auth.login_url else "?"
        return self.auth.login_url + separator + urlencode({"state": state, **extra}), state

    def page_of_state(self, state: str) -> str:
        """Which page a login state was made for ("" if the state is not one of ours)."""
        known = getattr(self.auth, "_oauth_states", {}).get(state)
        if not known:
            return ""
        next_url = str(known.get("next_url") or "")
        page = next_url.rsplit("/", 1)[-1]
        return page if page in PAGES and next_url == self.prefix + page else ""

    async def finish_login(self, code: str, state: str, cookie_state: str) -> tuple[str, str]:
        """The page to go to and the hub token to carry, once the hub has sent the browser back
        with a code; 403 if the state is not this browser's or the user may not instruct."""
        page = self.page_of_state(state) if state else ""
        if (not code or not page
                or not secrets.compare_digest(state.encode(), (cookie_state or "").encode())):
            raise ApiError(403, "bad_oauth_state", "this login did not start here, or took over "
                           "10 minutes; open the control page again")  # fmt: skip
        next_url = self.prefix + page
        verifier = self.auth.get_code_verifier(state) if hasattr(
            self.auth, "get_code_verifier") else None
        self.auth.clear_oauth_state(state)
        try:
            if verifier:
                token = await self.auth.token_for_code(code, code_verifier=verifier, sync=False)
            else:
                token = await self.auth.token_for_code(code, sync=False)
        except Exception as exc:  # noqa: BLE001 - the hub refused the code, or is down
            log.warning("the OAuth code was not exchanged: %s", exc)
            if getattr(exc, "status_code", 0) in (500, 502, 503, 504):
                raise ApiError(502, "hub_unreachable", "the workshop cannot reach JupyterHub "
                               "just now; open the control page again in a moment") from None
            raise ApiError(403, "bad_oauth_code", "JupyterHub did not accept this login; open "
                           "the control page again") from None  # fmt: skip
        await self.instructor_for(token)
        return next_url, token

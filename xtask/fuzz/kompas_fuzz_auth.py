"""Logins for `./kompas.sh fuzz`, loaded by schemathesis through SCHEMATHESIS_HOOKS.

Every operation but logout is called with the administrator's token that xtask logged in
for. A logout revokes the token it is sent with, so each logout gets a token of its own,
fresh from POST /api/v1/login, of a second account whose name no answer shows (so the
fuzzer, which reuses values it saw in answers, never throttles it). Without this the first
logout would leave every later request a 401, and the run would test nothing behind the
login.
"""

import json
import os
import urllib.request

import schemathesis

BASE_URL = os.environ["KOMPAS_FUZZ_BASE_URL"]
ADMIN = os.environ["KOMPAS_FUZZ_ADMIN"]
ADMIN_TOKEN = os.environ["KOMPAS_FUZZ_TOKEN"]
LOGOUT_USER = os.environ["KOMPAS_FUZZ_LOGOUT_USER"]
PASSWORD = os.environ["KOMPAS_FUZZ_PASSWORD"]
LOGOUT = "/api/v1/logout"
REVOKE_TOKENS = "/api/v1/admin/users/{username}/revoke-tokens"
# A user of the fuzz server (README's example volunteer) whose tokens may go.
REVOKABLE_USER = "anna"


def log_in(username: str) -> str:
    body = json.dumps({"username": username, "password": PASSWORD}).encode()
    request = urllib.request.Request(
        BASE_URL + "/api/v1/login",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["token"]


def set_bearer(case, token: str) -> None:
    if case.headers is None:
        case.headers = {}
    case.headers["Authorization"] = f"Bearer {token}"


@schemathesis.auth().skip_for(path=LOGOUT)
class Administrator:
    """The token xtask logged in for, for every operation but logout."""

    def get(self, case, context):
        return ADMIN_TOKEN

    def set(self, case, data, context):
        set_bearer(case, data)


@schemathesis.auth(refresh_interval=None).apply_to(path=LOGOUT)
class FreshForLogout:
    """A new token for every logout (`refresh_interval=None`: never cached)."""

    def get(self, case, context):
        return log_in(LOGOUT_USER)

    def set(self, case, data, context):
        set_bearer(case, data)


@schemathesis.hook
def before_call(context, case, kwargs):
    """The fuzzer learns the administrator's name from GET /me and may send it to
    revoke-tokens, which would revoke the token of the rest of the run (every later answer
    a 401, nothing behind the login tested). That one name becomes another user's, so
    revoke-tokens is still called, and answers 200, with a real user."""
    if case.operation.path != REVOKE_TOKENS or not case.path_parameters:
        return
    if str(case.path_parameters.get("username", "")).lower() == ADMIN.lower():
        case.path_parameters["username"] = REVOKABLE_USER

"""Logins for `./kompas.sh fuzz`, loaded by schemathesis through SCHEMATHESIS_HOOKS.

Every operation but logout, sending a self-evaluation and changing the hospice's own
handbook is called with the administrator's token that xtask logged in for; those two are
sent with the token of a manager of the fuzz server's hospice, for that hospice. A logout revokes the token it is sent with, so each logout gets a token of its own,
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
MANAGER = os.environ["KOMPAS_FUZZ_MANAGER"]
HOSPICE = "de-linde"
PASSWORD = os.environ["KOMPAS_FUZZ_PASSWORD"]
LOGOUT = "/api/v1/logout"
SUBMISSIONS = "/api/v1/submissions/{uuid}"
# The hospice's own handbook: only its managers change it.
OVERLAY_WRITES = (
    "/api/v1/organizations/{organization}/overlay/entry",
    "/api/v1/organizations/{organization}/overlay/facts",
)
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


@schemathesis.auth().skip_for(path=LOGOUT).skip_for(path=SUBMISSIONS)
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


@schemathesis.auth().apply_to(path=[SUBMISSIONS, *OVERLAY_WRITES])
class Manager:
    """Only a manager of the hospice may send its self-evaluation or change its handbook:
    with the administrator's token every such request would be a 403, and nothing behind it
    tested."""

    def get(self, case, context):
        return log_in(MANAGER)

    def set(self, case, data, context):
        set_bearer(case, data)


@schemathesis.hook
def before_call(context, case, kwargs):
    """The fuzzer learns the administrator's name from GET /me and may send it to
    revoke-tokens, which would revoke the token of the rest of the run (every later answer
    a 401, nothing behind the login tested). That one name becomes another user's, so
    revoke-tokens is still called, and answers 200, with a real user."""
    if case.operation.path == SUBMISSIONS:
        own_hospice(case)
        return
    if case.operation.path in OVERLAY_WRITES:
        # The manager's own hospice, so the body is what gets fuzzed (who may write is
        # covered by the authorization matrix test).
        case.path_parameters["organization"] = HOSPICE
        return
    if case.operation.path != REVOKE_TOKENS or not case.path_parameters:
        return
    if str(case.path_parameters.get("username", "")).lower() == ADMIN.lower():
        case.path_parameters["username"] = REVOKABLE_USER


def own_hospice(case) -> None:
    """A self-evaluation names its hospice, and the fuzzer would make up a name: every
    answer a 403, its body never read. It names the manager's own hospice, so the body is
    what gets fuzzed (who may send is covered by the authorization matrix test).

    A body the schema allows is still almost never a finished self-evaluation of a
    published checklist (every question answered, every theme's narratives written), so
    every fourth body is made one, from the published checklist: the storing path is
    fuzzed too (new, repeated and conflicting UUIDs), not only the refusals."""
    global SUBMISSION_CALLS
    if not isinstance(case.body, dict):
        return
    SUBMISSION_CALLS += 1
    if SUBMISSION_CALLS % 4 == 1:
        case.body = finished_self_evaluation()
    elif "organization" in case.body:
        case.body["organization"] = HOSPICE


SUBMISSION_CALLS = 0
FINISHED = None


def finished_self_evaluation() -> dict:
    """A complete self-evaluation of the hospice's published self-evaluation checklist."""
    global FINISHED
    if FINISHED is None:
        request = urllib.request.Request(
            f"{BASE_URL}/api/v1/organizations/{HOSPICE}/checklists",
            headers={"Authorization": f"Bearer {log_in(MANAGER)}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            page = json.load(response)
        definition = next(c for c in page["checklists"] if c.get("themes"))
        themes = definition["themes"]
        FINISHED = {
            "organization": HOSPICE,
            "evaluation": {
                "checklist": {"id": definition["id"], "version": definition["version"]},
                "year": 2026,
                "answers": {
                    q["id"]: {"answer": "grotendeels"}
                    for theme in themes
                    for q in theme["questions"]
                },
                "themes": {
                    t["id"]: {"goes_well": "Samen.", "to_improve": "Vastleggen."}
                    for t in themes
                },
                "summary": "Een goed jaar.",
                "actions": [],
            },
        }
    return json.loads(json.dumps(FINISHED))

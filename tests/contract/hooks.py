"""schemathesis hooks for the gateway's contract test.

- Every request carries a real token unless schemathesis sent one of its
  own, so the generated bodies reach the handlers' checks instead of
  stopping at 401: the elder's device token where a route takes one (it
  starts a login, asks for a PIN-reset code), the operator credential on
  operator routes, her session everywhere else. Logout gets a token the
  bank never issued, so the session the other requests use lives on.
- With HAPPYLIFE_CONTRACT_SQLITE (the gateway's SQLite file, one worker):
  the row count of every table before and after each request; a refused
  request (4xx) must leave them as they were (check `refusal_writes_nothing`).
"""

import os
import sqlite3

import schemathesis

DEVICE = os.environ["HAPPYLIFE_DEVICE_TOKEN"]
SESSION = os.environ["HAPPYLIFE_SESSION_TOKEN"]
OPERATOR = os.environ["HAPPYLIFE_OPERATOR_TOKEN"]
# Routes that take the phone's device token (everything else a session).
BY_DEVICE = (
    ("/v1/auth/pin/start", "POST"),
    ("/v1/auth/pin/finish", "POST"),
    ("/v1/auth/pin/register/start", "POST"),
    ("/v1/auth/pin/register/finish", "POST"),
    ("/v1/auth/challenge", "POST"),
    ("/v1/auth/session", "POST"),
    ("/v1/auth/pin-reset", "POST"),
    ("/v1/enrolment/codes", "POST"),
)
SQLITE = os.environ.get("HAPPYLIFE_CONTRACT_SQLITE")
# A refusal that writes on purpose: a wrong invite code is counted against
# the device (committed before the 404), so codes cannot be guessed.
# A warning (409 needs_confirmation) is issued with its ticket, which the
# bank keeps (as a hash) until it is used or lapses.
MEANT = {
    ("POST", "/v1/family/invites/accept", 404): {"family_attempts"},
    ("POST", "/v1/transfers", 409): {"warning_tickets"},
}


def counts():
    db = sqlite3.connect("file:%s?mode=ro" % SQLITE, uri=True)
    try:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'sqlite_sequence'")]
        return {t: db.execute('SELECT count(*) FROM "%s"' % t).fetchone()[0] for t in tables}
    finally:
        db.close()


BEFORE = {}


@schemathesis.hook
def before_call(context, case, kwargs):
    path, method = case.operation.path, case.method.upper()
    headers = case.headers if case.headers is not None else {}
    if not any(k.lower() == "authorization" for k in headers):
        if (path, method) in BY_DEVICE:
            token = DEVICE
        elif path.startswith("/v1/operator/") or path == "/v1/blocklist/entries":
            token = OPERATOR
        elif path == "/v1/auth/logout":
            token = "0" * 64
        else:
            token = SESSION
        headers["Authorization"] = "Bearer " + token
    case.headers = headers
    if SQLITE:
        BEFORE[id(case)] = counts()


@schemathesis.check
def refusal_writes_nothing(ctx, response, case):
    """A request refused with a 4xx left every table as it was."""
    before = BEFORE.pop(id(case), None)
    if before is None or not 400 <= response.status_code < 500:
        return None
    after = counts()
    meant = MEANT.get((case.method.upper(), case.operation.path, response.status_code), set())
    changed = {t: (before.get(t), after.get(t)) for t in set(before) | set(after)
               if before.get(t) != after.get(t) and t not in meant}
    if changed:
        raise AssertionError("refused with %d, yet rows changed: %s" % (response.status_code, changed))
    return None

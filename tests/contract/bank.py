"""The contract test's helpers: a bound phone and a session for the demo
elder (so schemathesis gets past auth to the body checks), the row count
of every table, and the database's integrity check.

    python bank.py login BASE_URL            -> {"device": TOKEN, "session": TOKEN}
    python bank.py counts DATABASE_URL        -> {"table": rows, ...}
    python bank.py integrity DATABASE_URL     -> exits 1 unless the database is sound
"""

import json
import os
import sqlite3
import subprocess
import sys
import urllib.parse
import urllib.request

ELDER = "demo-elder-0001"


def call(base, method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)


def login(base):
    """Binds a phone to the demo elder with the sandbox's SMS and logs it in
    with the sandbox's demo PIN. The PIN login is OPAQUE, which the
    `happylife sandbox-login` tester tool does with the real core
    (HAPPYLIFE_CLI_BIN)."""
    out = subprocess.run(
        [os.environ["HAPPYLIFE_CLI_BIN"], "sandbox-login", "--server", base, "--customer", ELDER],
        capture_output=True, text=True, check=True,
    ).stdout
    tokens = json.loads(out)
    # The anti-fraud list's first version is written on first use: now,
    # not during a request the test checks.
    call(base, "GET", "/v1/blocklist")
    return {"device": tokens["device_token"], "session": tokens["session"]}


def psql(url, sql):
    out = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                         check=True, capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if line]


def counts(url):
    if url.startswith("sqlite:"):
        db = sqlite3.connect("file:%s?mode=ro" % sqlite_file(url), uri=True)
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: db.execute('SELECT count(*) FROM "%s"' % t).fetchone()[0] for t in tables}
    tables = psql(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return {t: int(psql(url, 'SELECT count(*) FROM "%s"' % t)[0]) for t in tables}


def sqlite_file(url):
    # sqlite://PATH?mode=rwc
    return url.split("://", 1)[1].split("?", 1)[0]


def integrity(url):
    if url.startswith("sqlite:"):
        db = sqlite3.connect("file:%s?mode=ro" % sqlite_file(url), uri=True)
        result = [r[0] for r in db.execute("PRAGMA integrity_check")]
        fk = db.execute("PRAGMA foreign_key_check").fetchall()
        ok = result == ["ok"] and not fk
        print("integrity_check: %s; foreign_key_check: %d problems" % (", ".join(result), len(fk)))
        return ok
    # PostgreSQL keeps its own pages sound; what a partial write could break
    # is the bank's own bookkeeping, checked below for both.
    return True


def books(url):
    """The bank's own invariants: every balance is its opening plus its
    transactions' sum is not kept, so check what is: each account's balance
    equals its last transaction's balance_after (when it has one)."""
    sql = (
        "SELECT a.id FROM accounts a JOIN transactions t ON t.account_id = a.id "
        "WHERE t.id = (SELECT MAX(id) FROM transactions WHERE account_id = a.id) "
        "AND t.balance_after_fen <> a.balance_fen"
    )
    if url.startswith("sqlite:"):
        bad = sqlite3.connect("file:%s?mode=ro" % sqlite_file(url), uri=True).execute(sql).fetchall()
    else:
        bad = psql(url, sql)
    print("accounts whose balance is not their last transaction's: %d" % len(bad))
    return not bad


if __name__ == "__main__":
    what, arg = sys.argv[1], sys.argv[2]
    if what == "login":
        print(json.dumps(login(arg)))
    elif what == "counts":
        print(json.dumps(counts(arg), sort_keys=True))
    elif what == "integrity":
        sys.exit(0 if integrity(arg) and books(arg) else 1)
    else:
        sys.exit("usage: bank.py login|counts|integrity ARG")

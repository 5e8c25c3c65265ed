//! The family authorization matrix against the real gateway (SQLite and
//! PostgreSQL), with hand-made HTTP requests: every family role (and the
//! people without an active link) against every family endpoint, for the
//! elder they are linked to and for an elder they are not. Every cell is
//! asserted with the exact HTTP status and error code; a refused request
//! must leave nothing written. All mismatches are collected, so one run
//! reports every bad cell.

use happylife_core::accounts::demo::{DAUGHTER, DEMO_CUSTOMER_ID};
use happylife_server::Running;
use happylife_tests::{backends, gateway};
use reqwest::{Client, Method};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};

fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// The elder nobody in the matrix is linked to.
const FOREIGN_ELDER: &str = "matrix-elder-2";
/// Her debit account.
const FOREIGN_DEBIT: i64 = 20_001;
/// The demo elder's debit account.
const DEBIT: i64 = 1;
/// The demo elder's water bill (unpaid until a cell pays it).
const WATER_BILL: i64 = 7002;
/// Her water account, where the matrix issues a bill for each payment cell.
const WATER_ACCOUNT: i64 = 701;
/// The amount of each bill the matrix issues.
const MATRIX_BILL_FEN: i64 = 4_321;
/// The daily limit the matrix tries to set.
const NEW_LIMIT: i64 = 2_000_000;
/// The amount of every co-sign transfer of the decide cells.
const COSIGN_FEN: i64 = 10_000;
/// A transfer to the guardian's own account above the self-approval limit.
const SELF_FEN: i64 = 600_000;

/// Who calls: the rows of the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Viewer,
    Helper,
    Guardian,
    /// A guardian the elder removed.
    Revoked,
    /// Accepted an invite, the elder has not consented yet.
    Pending,
    /// No link at all.
    Stranger,
}

const MEMBERS: [Who; 6] = [
    Who::Viewer,
    Who::Helper,
    Who::Guardian,
    Who::Revoked,
    Who::Pending,
    Who::Stranger,
];

impl Who {
    fn label(self) -> &'static str {
        match self {
            Who::Viewer => "viewer",
            Who::Helper => "helper",
            Who::Guardian => "guardian",
            Who::Revoked => "revoked",
            Who::Pending => "pending",
            Who::Stranger => "stranger",
        }
    }

    /// The customer behind the row (the guardian is the demo daughter).
    fn customer(self) -> &'static str {
        match self {
            Who::Viewer => "matrix-viewer",
            Who::Helper => "matrix-helper",
            Who::Guardian => DAUGHTER.id,
            Who::Revoked => "matrix-revoked",
            Who::Pending => "matrix-pending",
            Who::Stranger => "matrix-stranger",
        }
    }

    fn index(self) -> usize {
        MEMBERS
            .iter()
            .position(|w| *w == self)
            .expect("a member row")
    }
}

/// Whose data the member asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Own,
    Foreign,
}

impl Target {
    fn elder(self) -> &'static str {
        match self {
            Target::Own => DEMO_CUSTOMER_ID,
            Target::Foreign => FOREIGN_ELDER,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Target::Own => "own elder",
            Target::Foreign => "foreign elder",
        }
    }
}

/// The member endpoints: the columns of the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Endpoint {
    /// ReceiveAlerts, through the change log.
    Alerts,
    Accounts,
    Transactions,
    DailyLimit,
    Decide,
    /// Her unpaid bills (helper, guardian).
    Bills,
    /// Pay one of her bills from her account (helper, guardian).
    PayBill,
}

impl Endpoint {
    fn label(self) -> &'static str {
        match self {
            Endpoint::Alerts => "alerts (sync)",
            Endpoint::Accounts => "GET accounts",
            Endpoint::Transactions => "GET transactions",
            Endpoint::DailyLimit => "POST daily-limit",
            Endpoint::Decide => "POST decide",
            Endpoint::Bills => "GET bills",
            Endpoint::PayBill => "POST bills/{id}/pay",
        }
    }
}

/// What a cell must answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Want {
    /// 200 and the thing done.
    Allowed,
    /// This status and error code, nothing written.
    Refused(u16, &'static str),
    /// A `scam_reported` family alert about the elder arrived.
    Alerted,
    /// No family alert about the elder at all.
    NoAlert,
}

use Want::{Alerted, Allowed, NoAlert};
const NOT_LINKED: Want = Want::Refused(403, "not_linked");
const NOT_PERMITTED: Want = Want::Refused(403, "not_permitted");
const NOT_FOUND: Want = Want::Refused(404, "family_not_found");
const UNAUTHORIZED: Want = Want::Refused(401, "session_required");

/// Rows in [`MEMBERS`] order: viewer, helper, guardian, revoked, pending, stranger.
const OWN_ELDER: [(Endpoint, [Want; 6]); 7] = [
    (
        Endpoint::Alerts,
        [Alerted, Alerted, Alerted, NoAlert, NoAlert, NoAlert],
    ),
    (
        Endpoint::Accounts,
        [
            NOT_PERMITTED,
            Allowed,
            Allowed,
            NOT_LINKED,
            NOT_LINKED,
            NOT_LINKED,
        ],
    ),
    (
        Endpoint::Transactions,
        [
            NOT_PERMITTED,
            Allowed,
            Allowed,
            NOT_LINKED,
            NOT_LINKED,
            NOT_LINKED,
        ],
    ),
    (
        Endpoint::DailyLimit,
        [
            NOT_PERMITTED,
            NOT_PERMITTED,
            Allowed,
            NOT_LINKED,
            NOT_LINKED,
            NOT_LINKED,
        ],
    ),
    (
        Endpoint::Decide,
        [
            NOT_PERMITTED,
            NOT_PERMITTED,
            Allowed,
            NOT_LINKED,
            NOT_LINKED,
            NOT_LINKED,
        ],
    ),
    (
        Endpoint::Bills,
        [
            NOT_PERMITTED,
            Allowed,
            Allowed,
            NOT_LINKED,
            NOT_LINKED,
            NOT_LINKED,
        ],
    ),
    (
        Endpoint::PayBill,
        [
            NOT_PERMITTED,
            Allowed,
            Allowed,
            NOT_LINKED,
            NOT_LINKED,
            NOT_LINKED,
        ],
    ),
];

/// Nobody is linked to the foreign elder: nothing for anyone.
const FOREIGN_ELDER_ROWS: [(Endpoint, [Want; 6]); 7] = [
    (Endpoint::Alerts, [NoAlert; 6]),
    (Endpoint::Accounts, [NOT_LINKED; 6]),
    (Endpoint::Transactions, [NOT_LINKED; 6]),
    (Endpoint::DailyLimit, [NOT_LINKED; 6]),
    (Endpoint::Decide, [NOT_LINKED; 6]),
    (Endpoint::Bills, [NOT_LINKED; 6]),
    (Endpoint::PayBill, [NOT_LINKED; 6]),
];

/// Callers of the elder-only endpoints: the member rows, the foreign elder
/// and the elder herself.
const ELDER_ONLY_CALLERS: usize = MEMBERS.len() + 2;
/// The family endpoints checked without a valid token.
const FAMILY_ENDPOINTS: usize = 13;
/// No token and a token the bank never issued.
const BAD_TOKENS: usize = 2;
/// Every cell of one backend.
const EXPECTED_CELLS: usize = MEMBERS.len() * OWN_ELDER.len() * 2 // member endpoints × own/foreign
    + ELDER_ONLY_CALLERS * 2 // consent, role
    + ELDER_ONLY_CALLERS // confirm
    + FAMILY_ENDPOINTS * BAD_TOKENS;

/// One answer.
struct Reply {
    status: u16,
    body: Value,
}

impl Reply {
    fn code(&self) -> Option<&str> {
        self.body["error"]["code"].as_str()
    }

    /// The status and error code are exactly these (`None`: no error).
    fn is(&self, status: u16, code: Option<&str>) -> Result<(), String> {
        if self.status == status && self.code() == code {
            Ok(())
        } else {
            Err(format!(
                "want {status} {code:?}, got {} {:?} {}",
                self.status,
                self.code(),
                self.body
            ))
        }
    }

    fn wanted(&self, want: Want) -> Result<(), String> {
        match want {
            Want::Allowed => self.is(200, None),
            Want::Refused(status, code) => self.is(status, Some(code)),
            Want::Alerted | Want::NoAlert => Err(format!("{want:?} is not an HTTP answer")),
        }
    }
}

fn ensure(ok: bool, why: impl FnOnce() -> String) -> Result<(), String> {
    if ok { Ok(()) } else { Err(why()) }
}

/// Raw HTTP to the gateway.
struct Api {
    client: Client,
    base: String,
}

static KEYS: AtomicU64 = AtomicU64::new(0);

fn fresh_key() -> String {
    format!("matrix-{}", KEYS.fetch_add(1, Ordering::Relaxed))
}

impl Api {
    fn new(gw: &Running) -> Api {
        Api {
            client: Client::builder().no_proxy().build().expect("http client"),
            base: gw.url(),
        }
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        key: Option<&str>,
    ) -> Reply {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        let resp = req.send().await.expect("the gateway answers");
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.expect("a body");
        Reply {
            status,
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        }
    }

    async fn get(&self, path: &str, token: &str) -> Reply {
        self.send(Method::GET, path, Some(token), None, None).await
    }

    async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(token), Some(&body), None)
            .await
    }

    async fn register(&self, customer: &str) -> String {
        happylife_tests::raw_session(&self.base, customer).await
    }

    /// The whole change log of the token's customer.
    async fn changes(&self, token: &str) -> Vec<Value> {
        let mut after = 0;
        let mut out = Vec::new();
        loop {
            let r = self
                .get(&format!("/v1/changes?after={after}&limit=1000"), token)
                .await;
            assert_eq!(r.status, 200, "changes: {}", r.body);
            out.extend(r.body["changes"].as_array().cloned().unwrap_or_default());
            if !r.body["more"].as_bool().unwrap_or(false) {
                return out;
            }
            after = r.body["next"].as_i64().expect("next cursor");
        }
    }

    /// Invites, accepts and (with `consent`) consents: the link's id.
    async fn link(&self, elder: &str, member: &str, role: &str, consent: bool) -> i64 {
        let r = self
            .post("/v1/family/invites", elder, json!({ "role": role }))
            .await;
        assert_eq!(r.status, 201, "invite: {}", r.body);
        let code = r.body["invite"]["code"].as_str().expect("code").to_string();
        let r = self
            .post("/v1/family/invites/accept", member, json!({ "code": code }))
            .await;
        assert_eq!(r.status, 201, "accept: {}", r.body);
        let id = r.body["link"]["id"].as_i64().expect("link id");
        if consent {
            let r = self
                .post(
                    &format!("/v1/family/links/{id}/consent"),
                    elder,
                    json!({ "approve": true }),
                )
                .await;
            assert_eq!(r.status, 200, "consent: {}", r.body);
            assert_eq!(r.body["link"]["status"], "active");
        }
        id
    }

    async fn scam_report(&self, token: &str) {
        let r = self
            .send(
                Method::POST,
                "/v1/commands",
                Some(token),
                Some(&json!({ "kind": "scam_report" })),
                Some(&fresh_key()),
            )
            .await;
        assert_eq!(r.status, 201, "scam report: {}", r.body);
    }

    /// Sends a transfer that needs a co-sign, acknowledging what the bank
    /// says about it: (approval id, transfer id).
    async fn cosign_transfer(&self, token: &str, mut body: Value) -> (i64, i64) {
        let mut r = self
            .send(
                Method::POST,
                "/v1/transfers",
                Some(token),
                Some(&body),
                Some(&fresh_key()),
            )
            .await;
        if r.status == 409 && r.code() == Some("needs_confirmation") {
            let risk = &r.body["error"]["risk"];
            assert_eq!(risk["decision"], "cosign", "{}", r.body);
            // The bank's ticket for the co-sign (no wait for a co-sign).
            body["acknowledged"] = json!({ "ticket": r.body["error"]["ticket"]["id"] });
            r = self
                .send(
                    Method::POST,
                    "/v1/transfers",
                    Some(token),
                    Some(&body),
                    Some(&fresh_key()),
                )
                .await;
        }
        assert_eq!(r.status, 202, "co-sign transfer: {}", r.body);
        assert_eq!(r.body["transfer"]["status"], "awaiting_cosign");
        (
            r.body["approval"]["id"].as_i64().expect("approval id"),
            r.body["transfer"]["id"].as_i64().expect("transfer id"),
        )
    }
}

async fn db_i64(gw: &Running, sql: &'static str, bind: &str) -> i64 {
    sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_one(&gw.state.db.pool)
        .await
        .expect("query")
}

async fn db_text_by_id(gw: &Running, sql: &'static str, id: i64) -> String {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(&gw.state.db.pool)
        .await
        .expect("query")
}

async fn daily_limit(gw: &Running, elder: &str) -> i64 {
    db_i64(
        gw,
        "SELECT daily_limit_fen FROM customers WHERE id = $1",
        elder,
    )
    .await
}

async fn audit_lines(gw: &Running, elder: &str) -> i64 {
    db_i64(
        gw,
        "SELECT count(*) FROM family_audit WHERE elder_id = $1",
        elder,
    )
    .await
}

async fn transfer_status(gw: &Running, id: i64) -> String {
    db_text_by_id(gw, "SELECT status FROM transfers WHERE id = $1", id).await
}

async fn approval_status(gw: &Running, id: i64) -> String {
    db_text_by_id(gw, "SELECT status FROM approvals WHERE id = $1", id).await
}

async fn link_state(gw: &Running, id: i64) -> (String, String) {
    sqlx::query_as("SELECT status, role FROM family_links WHERE id = $1")
        .bind(id)
        .fetch_one(&gw.state.db.pool)
        .await
        .expect("link")
}

async fn all_changes(gw: &Running) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM changes")
        .fetch_one(&gw.state.db.pool)
        .await
        .expect("count")
}

/// Adds the matrix's customers straight into the bank's database (there is
/// no endpoint that opens a customer).
async fn add_customers(gw: &Running) {
    let pool = &gw.state.db.pool;
    let people = [
        ("matrix-viewer", "周明", "1985-02-03"),
        ("matrix-helper", "吴芳", "1988-07-21"),
        ("matrix-revoked", "郑强", "1979-11-30"),
        ("matrix-pending", "王磊", "1990-04-15"),
        ("matrix-stranger", "陈静", "1983-09-09"),
        (FOREIGN_ELDER, "赵秀英", "1951-05-06"),
    ];
    for (i, (id, name, birth)) in people.into_iter().enumerate() {
        // Each with an ID number and a mobile number, so a phone can be bound.
        let born = chrono::NaiveDate::parse_from_str(birth, "%Y-%m-%d").expect("date");
        let id_number =
            happylife_core::auth::id_number::IdNumber::from_parts("440305", born, 100 + i as u16);
        sqlx::query("INSERT INTO customers (id, name, birth_date, id_number, phone) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(name)
            .bind(birth)
            .bind(id_number.as_str())
            .bind(format!("1370000{i:04}"))
            .execute(pool)
            .await
            .expect("insert customer");
    }
    sqlx::query(
        "INSERT INTO accounts (id, customer_id, kind, number_last4, currency, balance_fen, opened_on, sort_order, details, number) \
         VALUES ($1, $2, 'debit', $3, 'CNY', $4, $5, 0, '{}', $6)",
    )
    .bind(FOREIGN_DEBIT)
    .bind(FOREIGN_ELDER)
    .bind("4321")
    .bind(2_000_000i64)
    .bind("2001-01-01")
    .bind("6222000055554321")
    .execute(pool)
    .await
    .expect("insert account");
}

/// Every token and id the cells need.
struct World<'a> {
    api: Api,
    gw: &'a Running,
    elder: String,
    foreign: String,
    /// In [`MEMBERS`] order.
    members: Vec<String>,
    /// The pending member's link (the subject of consent and role).
    pending_link: i64,
    /// An active link (the viewer's).
    viewer_link: i64,
    grandson_payee: i64,
    daughter_payee: i64,
}

impl World<'_> {
    fn token(&self, who: Who) -> &str {
        &self.members[who.index()]
    }

    fn elder_token(&self, target: Target) -> &str {
        match target {
            Target::Own => &self.elder,
            Target::Foreign => &self.foreign,
        }
    }

    /// A new unpaid water bill of the demo elder, issued by the sandbox.
    async fn issue_bill(&self) -> i64 {
        let r = self
            .api
            .client
            .post(format!(
                "{}/v1/sandbox/bill-accounts/{WATER_ACCOUNT}/bills",
                self.api.base
            ))
            .json(&json!({ "amount_fen": MATRIX_BILL_FEN, "due_on": "2026-12-31" }))
            .send()
            .await
            .expect("the sandbox answers");
        assert_eq!(r.status().as_u16(), 201, "issue a bill");
        let body: Value = r.json().await.expect("a bill");
        body["bill"]["id"].as_i64().expect("bill id")
    }

    /// A fresh co-sign transfer of `target` and its approval.
    async fn approval(&self, target: Target) -> (i64, i64) {
        let body = match target {
            Target::Own => json!({
                "from_account_id": DEBIT, "payee_id": self.grandson_payee, "amount_fen": COSIGN_FEN,
            }),
            Target::Foreign => json!({
                "from_account_id": FOREIGN_DEBIT,
                "payee": { "account": "6222020200112233", "name": "王芳" },
                "amount_fen": COSIGN_FEN,
            }),
        };
        self.api
            .cosign_transfer(self.elder_token(target), body)
            .await
    }
}

async fn set_up(gw: &Running) -> World<'_> {
    add_customers(gw).await;
    let api = Api::new(gw);
    // Every device first, so no `new_device` alert reaches anyone.
    let elder = api.register(DEMO_CUSTOMER_ID).await;
    let foreign = api.register(FOREIGN_ELDER).await;
    let mut members = Vec::new();
    for who in MEMBERS {
        members.push(api.register(who.customer()).await);
    }
    let token = |who: Who| members[who.index()].as_str();
    let viewer_link = api.link(&elder, token(Who::Viewer), "viewer", true).await;
    api.link(&elder, token(Who::Helper), "helper", true).await;
    api.link(&elder, token(Who::Guardian), "guardian", true)
        .await;
    let revoked = api
        .link(&elder, token(Who::Revoked), "guardian", true)
        .await;
    let r = api
        .post(
            &format!("/v1/family/links/{revoked}/remove"),
            &elder,
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "remove: {}", r.body);
    assert_eq!(r.body["link"]["status"], "revoked");
    let pending_link = api.link(&elder, token(Who::Pending), "viewer", false).await;
    // Both elders press 我被骗了: every later transfer needs a co-sign, and
    // the family hears about it.
    api.scam_report(&elder).await;
    api.scam_report(&foreign).await;
    let payee = |changes: &[Value], name: &str| {
        changes
            .iter()
            .find(|c| c["entity"] == "payee" && c["data"]["name"] == name)
            .and_then(|c| c["data"]["id"].as_i64())
            .unwrap_or_else(|| panic!("saved payee {name}"))
    };
    let log = api.changes(&elder).await;
    let grandson_payee = payee(&log, "李小明");
    let daughter_payee = payee(&log, DAUGHTER.name);
    World {
        api,
        gw,
        elder,
        foreign,
        members,
        pending_link,
        viewer_link,
        grandson_payee,
        daughter_payee,
    }
}

/// One member cell.
async fn member_cell(
    w: &World<'_>,
    who: Who,
    target: Target,
    ep: Endpoint,
    want: Want,
) -> Result<(), String> {
    let gw = w.gw;
    let elder = target.elder();
    let token = w.token(who);
    match ep {
        Endpoint::Alerts => {
            let alerts: Vec<Value> = w
                .api
                .changes(token)
                .await
                .into_iter()
                .filter(|c| c["entity"] == "family_alert" && c["data"]["elder_id"] == elder)
                .map(|c| c["data"].clone())
                .collect();
            match want {
                Want::Alerted => {
                    ensure(alerts.iter().any(|a| a["kind"] == "scam_reported"), || {
                        format!("no scam_reported alert among {alerts:?}")
                    })
                }
                Want::NoAlert => ensure(alerts.is_empty(), || {
                    format!("alerts reached someone without an active link: {alerts:?}")
                }),
                _ => Err(format!("{want:?} is not an alert outcome")),
            }
        }
        Endpoint::Accounts | Endpoint::Transactions => {
            let path = if ep == Endpoint::Accounts {
                "accounts"
            } else {
                "transactions"
            };
            let audit = audit_lines(gw, elder).await;
            let r = w
                .api
                .get(&format!("/v1/family/elders/{elder}/{path}"), token)
                .await;
            r.wanted(want)?;
            let written = audit_lines(gw, elder).await - audit;
            if want != Want::Allowed {
                return ensure(written == 0, || {
                    format!("a refused look wrote {written} audit lines")
                });
            }
            ensure(written == 1, || {
                format!("a look must write one audit line, wrote {written}")
            })?;
            if ep == Endpoint::Accounts {
                let rows: Vec<(String, String, i64)> = sqlx::query_as(
                    "SELECT kind, number_last4, balance_fen FROM accounts WHERE customer_id = $1 ORDER BY sort_order, id",
                )
                .bind(elder)
                .fetch_all(&gw.state.db.pool)
                .await
                .expect("accounts");
                let want_list: Vec<Value> = rows
                    .into_iter()
                    .map(|(kind, last4, balance)| {
                        json!({ "kind": kind, "last4": last4, "balance_fen": balance })
                    })
                    .collect();
                let got = r.body["accounts"].as_array().cloned().unwrap_or_default();
                ensure(!got.is_empty() && got == want_list, || {
                    format!("accounts {got:?}, the bank has {want_list:?}")
                })?;
                ensure(got.iter().all(|a| a["balance_fen"].is_i64()), || {
                    "balance_fen must be numbers".into()
                })
            } else {
                let total = db_i64(
                    gw,
                    "SELECT count(*) FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE a.customer_id = $1",
                    elder,
                )
                .await;
                let got = r.body["transactions"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                ensure(got.len() as i64 == total.min(20) && !got.is_empty(), || {
                    format!("{} transactions, the bank has {total}", got.len())
                })?;
                ensure(
                    got.iter()
                        .all(|t| t["amount_fen"].is_i64() && t["posted_at"].is_i64()),
                    || format!("transactions without amount or time: {got:?}"),
                )
            }
        }
        Endpoint::DailyLimit => {
            let before = daily_limit(gw, elder).await;
            let audit = audit_lines(gw, elder).await;
            let r = w
                .api
                .post(
                    &format!("/v1/family/elders/{elder}/daily-limit"),
                    token,
                    json!({ "limit_fen": NEW_LIMIT }),
                )
                .await;
            r.wanted(want)?;
            let after = daily_limit(gw, elder).await;
            let written = audit_lines(gw, elder).await - audit;
            if want == Want::Allowed {
                ensure(r.body["daily_limit_fen"] == NEW_LIMIT, || {
                    format!("answer {}", r.body)
                })?;
                ensure(after == NEW_LIMIT && written == 1, || {
                    format!("limit {after} with {written} audit lines after a 200")
                })
            } else {
                ensure(after == before && written == 0, || {
                    format!(
                        "refused, yet the limit went {before} → {after} with {written} audit lines"
                    )
                })
            }
        }
        Endpoint::Bills => {
            let audit = audit_lines(gw, elder).await;
            let r = w
                .api
                .get(&format!("/v1/family/elders/{elder}/bills"), token)
                .await;
            r.wanted(want)?;
            let written = audit_lines(gw, elder).await - audit;
            if want != Want::Allowed {
                return ensure(written == 0, || {
                    format!("a refused look wrote {written} audit lines")
                });
            }
            ensure(written == 1, || {
                format!("a look must write one audit line, wrote {written}")
            })?;
            let unpaid = db_i64(
                gw,
                "SELECT count(*) FROM bills b JOIN bill_accounts a ON a.id = b.bill_account_id \
                 WHERE a.customer_id = $1 AND b.status = 'unpaid'",
                elder,
            )
            .await;
            let got = r.body["bills"].as_array().cloned().unwrap_or_default();
            ensure(got.len() as i64 == unpaid && unpaid > 0, || {
                format!("{} bills, the bank has {unpaid} unpaid", got.len())
            })?;
            ensure(r.body["from"]["id"] == DEBIT, || {
                format!("paid from {}, want her debit account", r.body["from"])
            })
        }
        Endpoint::PayBill => {
            let bill = w.issue_bill().await;
            let balance = || {
                db_i64(
                    gw,
                    "SELECT balance_fen FROM accounts WHERE id = 1 AND customer_id = $1",
                    DEMO_CUSTOMER_ID,
                )
            };
            let before = balance().await;
            let audit = audit_lines(gw, elder).await;
            let r = w
                .api
                .send(
                    Method::POST,
                    &format!("/v1/family/elders/{elder}/bills/{bill}/pay"),
                    Some(token),
                    Some(&json!({ "from_account_id": DEBIT, "amount_fen": MATRIX_BILL_FEN })),
                    Some(&fresh_key()),
                )
                .await;
            let paid_by: Option<String> =
                sqlx::query_scalar("SELECT paid_by FROM bills WHERE id = $1")
                    .bind(bill)
                    .fetch_one(&gw.state.db.pool)
                    .await
                    .expect("bill");
            let moved = before - balance().await;
            let written = audit_lines(gw, elder).await - audit;
            if want == Want::Allowed {
                r.is(201, None)?;
                ensure(
                    paid_by.as_deref() == Some("family")
                        && moved == MATRIX_BILL_FEN
                        && written == 1,
                    || {
                        format!(
                            "after a 201: paid by {paid_by:?}, {moved} fen moved, {written} audit lines"
                        )
                    },
                )
            } else {
                r.wanted(want)?;
                ensure(paid_by.is_none() && moved == 0 && written == 0, || {
                    format!(
                        "refused, yet paid by {paid_by:?}, {moved} fen moved, {written} audit lines"
                    )
                })
            }
        }
        Endpoint::Decide => {
            let (approval, transfer) = w.approval(target).await;
            let audit = audit_lines(gw, elder).await;
            let r = w
                .api
                .post(
                    &format!("/v1/family/approvals/{approval}/decide"),
                    token,
                    json!({ "approve": true }),
                )
                .await;
            r.wanted(want)?;
            let t = transfer_status(gw, transfer).await;
            let a = approval_status(gw, approval).await;
            let written = audit_lines(gw, elder).await - audit;
            if want == Want::Allowed {
                ensure(r.body["approval"]["status"] == "approved", || {
                    format!("answer {}", r.body)
                })?;
                ensure(t == "completed" && a == "approved" && written == 1, || {
                    format!("after a 200: transfer {t}, approval {a}, {written} audit lines")
                })
            } else {
                ensure(
                    t == "awaiting_cosign" && a == "pending" && written == 0,
                    || format!("refused, yet transfer {t}, approval {a}, {written} audit lines"),
                )
            }
        }
    }
}

/// Collects the cells of one backend.
struct Matrix {
    backend: String,
    cells: usize,
    bad: Vec<String>,
}

impl Matrix {
    fn cell(&mut self, name: String, outcome: Result<(), String>) {
        self.cells += 1;
        if let Err(why) = outcome {
            self.bad.push(format!("[{}] {name}: {why}", self.backend));
        }
    }
}

/// Consent and role change, elder only, on the pending member's link.
async fn elder_only_cells(w: &World<'_>, m: &mut Matrix) {
    let gw = w.gw;
    let link = w.pending_link;
    let mut callers: Vec<(&str, &str, Want)> = MEMBERS
        .iter()
        .map(|who| {
            // The member of the link may not consent for the elder or pick
            // their own role; to anyone else the link does not exist.
            let want = if *who == Who::Pending {
                NOT_PERMITTED
            } else {
                NOT_FOUND
            };
            (who.label(), w.token(*who), want)
        })
        .collect();
    callers.push(("foreign elder", &w.foreign, NOT_FOUND));
    callers.push(("elder", &w.elder, Allowed));
    for (path, body, field, done) in [
        ("consent", json!({ "approve": true }), "status", "active"),
        ("role", json!({ "role": "guardian" }), "role", "guardian"),
    ] {
        for (label, token, want) in &callers {
            let before = link_state(gw, link).await;
            let r = w
                .api
                .post(
                    &format!("/v1/family/links/{link}/{path}"),
                    token,
                    body.clone(),
                )
                .await;
            let after = link_state(gw, link).await;
            let outcome = r.wanted(*want).and_then(|()| {
                if *want == Want::Allowed {
                    let now = if field == "status" {
                        &after.0
                    } else {
                        &after.1
                    };
                    ensure(r.body["link"][field] == done && now == done, || {
                        format!("answer {}, link {after:?}", r.body)
                    })
                } else {
                    ensure(after == before, || {
                        format!("refused, yet the link went {before:?} → {after:?}")
                    })
                }
            });
            m.cell(
                format!("{label} × POST links/{{id}}/{path} (own elder's link)"),
                outcome,
            );
        }
    }
}

/// Confirm: only the elder, on an approval waiting for her.
async fn confirm_cells(w: &World<'_>, m: &mut Matrix) {
    let gw = w.gw;
    let (approval, transfer) = w
        .api
        .cosign_transfer(
            &w.elder,
            json!({ "from_account_id": DEBIT, "payee_id": w.daughter_payee, "amount_fen": SELF_FEN }),
        )
        .await;
    // The guardian (the daughter, whose account this is) approves money to
    // herself above the limit: the elder must confirm.
    let r = w
        .api
        .post(
            &format!("/v1/family/approvals/{approval}/decide"),
            w.token(Who::Guardian),
            json!({ "approve": true }),
        )
        .await;
    assert_eq!(r.status, 200, "guardian decides: {}", r.body);
    assert_eq!(r.body["approval"]["status"], "awaiting_elder", "{}", r.body);
    let mut callers: Vec<(&str, &str, Want)> = MEMBERS
        .iter()
        .map(|who| (who.label(), w.token(*who), NOT_FOUND))
        .collect();
    callers.push(("foreign elder", &w.foreign, NOT_FOUND));
    callers.push(("elder", &w.elder, Allowed));
    for (label, token, want) in callers {
        let r = w
            .api
            .post(
                &format!("/v1/family/approvals/{approval}/confirm"),
                token,
                json!({ "approve": true }),
            )
            .await;
        let t = transfer_status(gw, transfer).await;
        let a = approval_status(gw, approval).await;
        let outcome = r.wanted(want).and_then(|()| {
            if want == Want::Allowed {
                ensure(
                    r.body["approval"]["status"] == "approved"
                        && a == "approved"
                        && t == "completed",
                    || format!("answer {}, approval {a}, transfer {t}", r.body),
                )
            } else {
                ensure(a == "awaiting_elder" && t == "awaiting_cosign", || {
                    format!("refused, yet approval {a}, transfer {t}")
                })
            }
        });
        m.cell(format!("{label} × POST approvals/{{id}}/confirm"), outcome);
    }
}

/// Every family endpoint without a valid token: 401, nothing written.
async fn unauthorized_cells(w: &World<'_>, m: &mut Matrix) {
    let gw = w.gw;
    let link = w.viewer_link;
    let (approval, _) = w.approval(Target::Own).await;
    let elder = DEMO_CUSTOMER_ID;
    let endpoints: [(Method, String, Option<Value>); FAMILY_ENDPOINTS] = [
        (
            Method::POST,
            "/v1/family/invites".into(),
            Some(json!({ "role": "guardian" })),
        ),
        (
            Method::POST,
            "/v1/family/invites/accept".into(),
            Some(json!({ "code": "123456" })),
        ),
        (
            Method::POST,
            format!("/v1/family/links/{link}/consent"),
            Some(json!({ "approve": true })),
        ),
        (
            Method::POST,
            format!("/v1/family/links/{link}/role"),
            Some(json!({ "role": "guardian" })),
        ),
        (
            Method::POST,
            format!("/v1/family/links/{link}/remove"),
            Some(json!({})),
        ),
        (
            Method::GET,
            format!("/v1/family/elders/{elder}/accounts"),
            None,
        ),
        (
            Method::GET,
            format!("/v1/family/elders/{elder}/transactions"),
            None,
        ),
        (
            Method::POST,
            format!("/v1/family/elders/{elder}/daily-limit"),
            Some(json!({ "limit_fen": 30_000 })),
        ),
        (
            Method::GET,
            format!("/v1/family/elders/{elder}/bills"),
            None,
        ),
        (
            Method::GET,
            format!("/v1/family/elders/{elder}/statement?from=2025-01-01&to=2025-12-31"),
            None,
        ),
        (
            Method::POST,
            format!("/v1/family/elders/{elder}/bills/{WATER_BILL}/pay"),
            Some(json!({ "from_account_id": DEBIT, "amount_fen": 1 })),
        ),
        (
            Method::POST,
            format!("/v1/family/approvals/{approval}/decide"),
            Some(json!({ "approve": true })),
        ),
        (
            Method::POST,
            format!("/v1/family/approvals/{approval}/confirm"),
            Some(json!({ "approve": true })),
        ),
    ];
    let bad_tokens: [(&str, Option<&str>); BAD_TOKENS] = [
        ("no token", None),
        ("unknown token", Some("0123456789abcdef0123456789abcdef")),
    ];
    for (method, path, body) in &endpoints {
        for (label, token) in bad_tokens {
            let before = all_changes(gw).await;
            let r = w
                .api
                .send(method.clone(), path, token, body.as_ref(), None)
                .await;
            let written = all_changes(gw).await - before;
            let outcome = r.wanted(UNAUTHORIZED).and_then(|()| {
                ensure(written == 0, || {
                    format!("refused, yet {written} changes were logged")
                })
            });
            m.cell(format!("{label} × {method} {path}"), outcome);
        }
    }
}

#[tokio::test]
async fn every_family_endpoint_refuses_exactly_who_it_must() {
    let mut bad = Vec::new();
    for (url, _keep) in backends().await {
        let backend = url.split(':').next().unwrap_or("?").to_string();
        let gw = gateway(&url, any_port()).await;
        let w = set_up(&gw).await;
        let mut m = Matrix {
            backend,
            cells: 0,
            bad: Vec::new(),
        };
        for (target, table) in [
            (Target::Own, &OWN_ELDER),
            (Target::Foreign, &FOREIGN_ELDER_ROWS),
        ] {
            for (ep, row) in table {
                for (who, want) in MEMBERS.iter().zip(row) {
                    let outcome = member_cell(&w, *who, target, *ep, *want).await;
                    m.cell(
                        format!("{} × {} × {}", who.label(), ep.label(), target.label()),
                        outcome,
                    );
                }
            }
        }
        confirm_cells(&w, &mut m).await;
        unauthorized_cells(&w, &mut m).await;
        // Last: the elder's consent makes the pending member a member.
        elder_only_cells(&w, &mut m).await;
        let n = m.cells;
        println!("[{}]", m.backend);
        println!("family authorization matrix: {n} cells");
        assert_eq!(n, EXPECTED_CELLS, "[{}] cells counted", m.backend);
        bad.extend(m.bad);
        drop(w);
        gw.stop().await;
    }
    assert_eq!(EXPECTED_CELLS, 134);
    assert!(
        bad.is_empty(),
        "{} bad cells:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// Who holds the token of a token-kind cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokenKind {
    /// No `Authorization` at all.
    None,
    /// The elder's phone's device token: it names the phone, proves nobody.
    DeviceOnly,
    /// The elder's live session (a PIN login).
    Live,
    /// A session of the elder that ended 15 minutes without use ago.
    Expired,
    /// Her daughter's live session: another customer.
    OtherCustomer,
}

const TOKEN_KINDS: [TokenKind; 5] = [
    TokenKind::None,
    TokenKind::DeviceOnly,
    TokenKind::Live,
    TokenKind::Expired,
    TokenKind::OtherCustomer,
];

/// One customer route of the token-kind matrix: how it is called (a body
/// the checks refuse where the route writes, so no cell changes anything),
/// and what the elder's live session and her daughter's get.
struct TokenRoute {
    method: Method,
    path: String,
    body: Option<Value>,
    live: (u16, Option<&'static str>),
    other: (u16, Option<&'static str>),
}

fn route(
    method: Method,
    path: impl Into<String>,
    body: Option<Value>,
    live: (u16, Option<&'static str>),
    other: (u16, Option<&'static str>),
) -> TokenRoute {
    TokenRoute {
        method,
        path: path.into(),
        body,
        live,
        other,
    }
}

/// Every route that reads her data or moves money, by every kind of token:
/// none, the device token alone, an expired session and another customer's
/// session are refused with the exact status and code, the live session
/// gets through to the route's own checks, and no cell writes anything
/// (every table's row count is the same after).
#[tokio::test]
async fn every_customer_route_needs_a_live_session_of_its_own_customer() {
    use happylife_core::Clock;
    use happylife_core::accounts::demo::DEMO_PIN;
    use happylife_core::auth::SESSION_TTL_SECS;
    let mut bad = Vec::new();
    let mut cells = 0;
    for (url, _keep) in backends().await {
        let backend = url.split(':').next().unwrap_or("?").to_string();
        let bank_clock = happylife_tests::clock();
        let gw = happylife_tests::gateway_with_clock(&url, any_port(), bank_clock.clone()).await;
        let base = gw.url();
        let api = Api::new(&gw);
        let phone = happylife_tests::raw_phone(&base, DEMO_CUSTOMER_ID).await;
        let live = happylife_tests::raw_login(&base, &phone, DEMO_PIN).await;
        let stale = happylife_tests::raw_login(&base, &phone, DEMO_PIN).await;
        let other = happylife_tests::raw_session(&base, DAUGHTER.id).await;
        let elder = DEMO_CUSTOMER_ID;
        let daughter = DAUGHTER.id;
        let unprocessable = (422, Some("invalid_field"));
        let routes = [
            route(
                Method::GET,
                "/v1/changes?after=0&limit=1",
                None,
                (200, None),
                (200, None),
            ),
            route(
                Method::POST,
                "/v1/commands",
                Some(json!({ "kind": "open_sesame" })),
                (422, Some("unknown_command")),
                (422, Some("unknown_command")),
            ),
            route(
                Method::POST,
                "/v1/transfers",
                Some(json!({})),
                unprocessable,
                unprocessable,
            ),
            route(
                Method::POST,
                "/v1/transfers/check",
                Some(json!({})),
                unprocessable,
                unprocessable,
            ),
            route(
                Method::POST,
                "/v1/transfers/999999/cancel",
                None,
                (404, Some("unknown_transfer")),
                (404, Some("unknown_transfer")),
            ),
            route(
                Method::GET,
                "/v1/transfers/by-key/no-such-key",
                None,
                (404, Some("unknown_transfer")),
                (404, Some("unknown_transfer")),
            ),
            route(
                Method::POST,
                "/v1/bills/999999/pay",
                Some(json!({})),
                unprocessable,
                unprocessable,
            ),
            route(
                Method::POST,
                "/v1/autopay",
                Some(json!({})),
                unprocessable,
                unprocessable,
            ),
            route(
                Method::POST,
                "/v1/wealth/orders",
                Some(json!({})),
                unprocessable,
                unprocessable,
            ),
            route(
                Method::POST,
                "/v1/family/invites",
                Some(json!({ "role": "boss" })),
                unprocessable,
                unprocessable,
            ),
            route(
                Method::POST,
                "/v1/family/invites/accept",
                Some(json!({})),
                (422, Some("invalid_code")),
                (422, Some("invalid_code")),
            ),
            route(
                Method::POST,
                "/v1/family/links/999999/consent",
                Some(json!({})),
                unprocessable,
                unprocessable,
            ),
            route(
                Method::POST,
                "/v1/family/links/999999/role",
                Some(json!({ "role": "boss" })),
                unprocessable,
                unprocessable,
            ),
            route(
                Method::POST,
                "/v1/family/links/999999/remove",
                Some(json!({})),
                (404, Some("family_not_found")),
                (404, Some("family_not_found")),
            ),
            route(
                Method::GET,
                format!("/v1/family/elders/{daughter}/accounts"),
                None,
                (403, Some("not_linked")),
                (403, Some("not_linked")),
            ),
            route(
                Method::GET,
                format!("/v1/family/elders/{elder}/transactions"),
                None,
                (403, Some("not_linked")),
                (403, Some("not_linked")),
            ),
            route(
                Method::GET,
                format!("/v1/family/elders/{daughter}/statement?from=2025-01-01&to=2025-12-31"),
                None,
                (403, Some("not_linked")),
                (403, Some("not_linked")),
            ),
            route(
                Method::GET,
                format!("/v1/family/elders/{daughter}/bills"),
                None,
                (403, Some("not_linked")),
                (403, Some("not_linked")),
            ),
            route(
                Method::POST,
                format!("/v1/family/elders/{daughter}/bills/999999/pay"),
                Some(json!({})),
                (403, Some("not_linked")),
                (403, Some("not_linked")),
            ),
            // Her limit is set by her guardians, not by her or a stranger.
            route(
                Method::POST,
                format!("/v1/family/elders/{elder}/daily-limit"),
                Some(json!({})),
                (403, Some("not_linked")),
                (403, Some("not_linked")),
            ),
            route(
                Method::POST,
                "/v1/family/approvals/999999/decide",
                Some(json!({})),
                unprocessable,
                unprocessable,
            ),
            route(
                Method::POST,
                "/v1/family/approvals/999999/confirm",
                Some(json!({})),
                unprocessable,
                unprocessable,
            ),
            route(
                Method::POST,
                "/v1/auth/biometric-key",
                Some(json!({})),
                unprocessable,
                unprocessable,
            ),
            route(
                Method::POST,
                "/v1/auth/biometric-key/remove",
                None,
                (200, None),
                (200, None),
            ),
            route(
                Method::POST,
                "/v1/auth/voice-key",
                Some(json!({})),
                unprocessable,
                unprocessable,
            ),
            route(
                Method::POST,
                "/v1/auth/voice-key/remove",
                None,
                (200, None),
                (200, None),
            ),
            route(
                Method::GET,
                "/v1/auth/session",
                None,
                (200, None),
                (200, None),
            ),
            route(Method::GET, "/v1/phones", None, (200, None), (200, None)),
            route(Method::GET, "/v1/chat", None, (200, None), (200, None)),
            route(
                Method::POST,
                "/v1/unfreeze",
                Some(json!({})),
                unprocessable,
                unprocessable,
            ),
            route(
                Method::POST,
                "/v1/unfreeze/999999/cancel",
                None,
                (404, Some("unknown_unfreeze")),
                (404, Some("unknown_unfreeze")),
            ),
            route(
                Method::POST,
                "/v1/phones/dev-nobody/remove",
                None,
                (404, Some("unknown_phone")),
                (404, Some("unknown_phone")),
            ),
        ];
        let session_required = (401, Some("session_required"));
        let session_expired = (401, Some("session_expired"));
        let mut m = Matrix {
            backend: backend.clone(),
            cells: 0,
            bad: Vec::new(),
        };
        let cell = async |m: &mut Matrix,
                          kind: TokenKind,
                          token: Option<&str>,
                          r: &TokenRoute,
                          want: (u16, Option<&'static str>)| {
            let before = crate::attacks::row_counts(&gw).await;
            let key = fresh_key();
            let reply = api
                .send(
                    r.method.clone(),
                    &r.path,
                    token,
                    r.body.as_ref(),
                    Some(&key),
                )
                .await;
            let after = crate::attacks::row_counts(&gw).await;
            let outcome = reply.is(want.0, want.1).and_then(|()| {
                ensure(before == after, || {
                    format!("row counts moved: {before:?} -> {after:?}")
                })
            });
            m.cell(format!("{kind:?} × {} {}", r.method, r.path), outcome);
        };
        for r in &routes {
            cell(&mut m, TokenKind::None, None, r, session_required).await;
            cell(
                &mut m,
                TokenKind::DeviceOnly,
                Some(&phone.device_token),
                r,
                session_required,
            )
            .await;
            cell(&mut m, TokenKind::Live, Some(&live), r, r.live).await;
            cell(&mut m, TokenKind::OtherCustomer, Some(&other), r, r.other).await;
        }
        // The stale session has not been used since it opened: 15 minutes
        // on, it is over (the live ones were just used and go on).
        let t0 = happylife_tests::clock().now();
        bank_clock.set(t0 + chrono::Duration::seconds(600));
        for token in [&live, &other] {
            let me = api
                .send(Method::GET, "/v1/auth/session", Some(token), None, None)
                .await;
            assert_eq!(me.status, 200, "{}", me.body);
        }
        bank_clock.set(t0 + chrono::Duration::seconds(SESSION_TTL_SECS));
        for r in &routes {
            cell(&mut m, TokenKind::Expired, Some(&stale), r, session_expired).await;
        }
        // Logout, last: every kind but the live ones refused; a live
        // session ends (the elder's own, and her daughter's own).
        let logout = route(
            Method::POST,
            "/v1/auth/logout",
            None,
            (200, None),
            (200, None),
        );
        cell(&mut m, TokenKind::None, None, &logout, session_required).await;
        cell(
            &mut m,
            TokenKind::DeviceOnly,
            Some(&phone.device_token),
            &logout,
            session_required,
        )
        .await;
        cell(
            &mut m,
            TokenKind::Expired,
            Some(&stale),
            &logout,
            session_expired,
        )
        .await;
        cell(&mut m, TokenKind::Live, Some(&live), &logout, (200, None)).await;
        cell(
            &mut m,
            TokenKind::OtherCustomer,
            Some(&other),
            &logout,
            (200, None),
        )
        .await;
        cell(
            &mut m,
            TokenKind::Live,
            Some(&live),
            &routes[0],
            session_expired,
        )
        .await;
        println!("[{backend}] token-kind matrix: {} cells", m.cells);
        assert_eq!(
            m.cells,
            routes.len() * TOKEN_KINDS.len() + TOKEN_KINDS.len() + 1,
            "[{backend}] cells counted"
        );
        cells = m.cells;
        bad.extend(m.bad);
        gw.stop().await;
    }
    assert_eq!(cells, 166);
    assert!(
        bad.is_empty(),
        "{} bad cells:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

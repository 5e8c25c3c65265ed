//! Family binding at the sandbox bank. Every request is checked here
//! against the link and the role table of `happylife_core::family` (a
//! hidden button is not a permission): no active link → 403 `not_linked`,
//! a role without the permission → 403 `not_permitted`.
//!
//! Elder (the customer behind the token is the elder):
//! - `POST /v1/family/invites` `{role}` → 201 `{invite: {id, code, role, expires_at}}`
//! - `POST /v1/family/links/{id}/consent` `{approve}`; `…/role` `{role}`;
//!   `…/remove` (the member may remove too: leaving)
//! - `POST /v1/family/approvals/{id}/confirm` `{approve}`: a guardian's
//!   approval of money to themselves above the limit
//!
//! Family member:
//! - `POST /v1/family/invites/accept` `{code}` → 201 `{link}` waiting for consent
//! - `GET /v1/family/elders/{elder}/accounts`, `…/transactions` (helper, guardian)
//! - `POST /v1/family/elders/{elder}/daily-limit` `{limit_fen}` (guardian)
//! - `POST /v1/family/approvals/{id}/decide` `{approve}` (guardian)
//!
//! Links, alerts, approvals and audit lines reach devices through the
//! change log (`family_link`, `family_alert`, `approval`, `family_audit`).
//!
//! `routes` has the invite, link and elder-view endpoints, `approvals` the
//! co-sign requests (their life and their two endpoints), `rules` the
//! checks of a request (its fields, the link and role it needs), `store`
//! the links, alerts and audit lines and how each reaches devices. Every
//! body, answer and change is the wire contract's
//! (`happylife_core::bank::wire`).

pub mod approvals;
pub mod routes;
mod rules;
mod store;

pub use approvals::expire_approvals;
pub(crate) use approvals::{close_for_transfer, open_approval};
pub(crate) use rules::{approve_flag, invite_code, limit_field, role_field};
pub(crate) use store::alert;

//! An approval's outcome in words, for the family screens and the
//! elder's transfer list alike.

use crate::state::Tr;
use happylife_core::family::{Approval, ApprovalStatus};

/// What became of an approval, in words (for both sides).
pub fn approval_outcome(
    tr: &Tr,
    a: &Approval,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> String {
    let who = a.decided_by.clone().unwrap_or_default();
    let time = a.decided_at.map(|t| tr.when(t, now)).unwrap_or_default();
    let args = [("who", who.into()), ("time", time.into())];
    match a.status {
        ApprovalStatus::Pending => tr.ta(
            "family-approval-expires",
            &[("time", tr.when(a.expires_at, now).into())],
        ),
        ApprovalStatus::AwaitingElder => tr.ta("family-approval-awaiting-elder", &args),
        ApprovalStatus::Approved if a.decided_by.is_some() => {
            tr.ta("family-approval-approved", &args)
        }
        ApprovalStatus::Approved => tr.t("family-approval-approved-elder"),
        ApprovalStatus::Rejected if a.decided_by.is_some() => {
            tr.ta("family-approval-rejected", &args)
        }
        ApprovalStatus::Rejected => tr.t("family-approval-cancelled"),
        ApprovalStatus::Expired => tr.t("family-approval-expired"),
    }
}

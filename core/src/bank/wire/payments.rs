//! The bodies of payments outside transfers: a bill, an auto-pay
//! agreement, a product order.

use super::{WireError, field, positive_id};
use crate::bills::{self, BillError};
use crate::transfers::request::MAX_AMOUNT_FEN;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `POST /v1/bills/{id}/pay`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayBill {
    /// One of the customer's debit accounts.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub from_account_id: i64,
    /// The bill's amount, as confirmed on the screen.
    pub amount_fen: Option<i64>,
}

impl PayBill {
    /// The payment in `body` (`invalid_field`); an amount that is not a
    /// whole number is as if none were sent.
    pub fn decode(body: &Value) -> Result<PayBill, WireError> {
        Ok(PayBill {
            from_account_id: positive_id(body, "from_account_id")?,
            amount_fen: field(body, "amount_fen"),
        })
    }
}

/// `POST /v1/autopay`: an auto-pay agreement.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutopayRequest {
    /// The utility account (not a credit card).
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub bill_account_id: i64,
    /// One of the customer's debit accounts.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub from_account_id: i64,
    /// Bills up to this many fen are paid (1–500000).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 500_000))]
    pub limit_fen: i64,
}

impl AutopayRequest {
    /// The agreement in `body` (`invalid_field`, or the limit's
    /// [`BillError::LimitOutOfRange`] code).
    pub fn decode(body: &Value) -> Result<AutopayRequest, WireError> {
        let bill_account_id = positive_id(body, "bill_account_id")?;
        let from_account_id = positive_id(body, "from_account_id")?;
        let limit_fen = field::<i64>(body, "limit_fen")
            .ok_or(BillError::LimitOutOfRange)
            .and_then(bills::check_limit)
            .map_err(|e| WireError::new(e.code(), "limit_fen must be from 1 to 500000"))?
            .fen();
        Ok(AutopayRequest {
            bill_account_id,
            from_account_id,
            limit_fen,
        })
    }
}

/// `POST /v1/wealth/orders`: buying a product.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRequest {
    /// The product.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub product_id: i64,
    /// One of the customer's debit accounts.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub from_account_id: i64,
    /// Fen.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10_000_000_000_i64))]
    pub amount_fen: i64,
}

impl OrderRequest {
    /// The order in `body` (`invalid_field`, `invalid_amount`).
    pub fn decode(body: &Value) -> Result<OrderRequest, WireError> {
        let product_id = positive_id(body, "product_id")?;
        let from_account_id = positive_id(body, "from_account_id")?;
        let amount_fen = positive_id(body, "amount_fen")?;
        if amount_fen > MAX_AMOUNT_FEN {
            return Err(WireError::new("invalid_amount", "amount_fen is too large"));
        }
        Ok(OrderRequest {
            product_id,
            from_account_id,
            amount_fen,
        })
    }
}

/// A bill as devices receive it (an answer, and a `bill` change).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bill {
    /// Id.
    pub id: i64,
    /// The utility account.
    pub bill_account_id: i64,
    /// `2026-11`.
    pub period: String,
    /// Fen.
    pub amount_fen: i64,
    /// `2026-11-05`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub issued_on: String,
    /// `2026-11-20`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub due_on: String,
    /// `unpaid` or `paid`.
    pub status: String,
    /// `customer` or `autopay`.
    pub paid_by: Option<String>,
    /// Unix seconds.
    pub paid_at: Option<i64>,
}

/// A bill paid.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillPaid {
    /// The bill.
    pub bill: Bill,
}

/// An auto-pay agreement (an answer, and an `autopay` change).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Autopay {
    /// Id.
    pub id: i64,
    /// The utility account.
    pub bill_account_id: i64,
    /// Paid from.
    pub from_account_id: i64,
    /// Fen.
    pub limit_fen: i64,
    /// `active` or `cancelled`.
    pub status: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// The agreement made.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutopayCreated {
    /// The agreement.
    pub autopay: Autopay,
}

/// A utility account (or the credit card's statement account) that bills
/// come from (a `bill_account` change).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillAccount {
    /// Id.
    pub id: i64,
    /// `water`, `electricity`, `gas`, `phone` or `credit_card`.
    pub kind: String,
    /// Who bills (国家电网...).
    pub provider: String,
    /// The account number's last four characters.
    pub last4: String,
}

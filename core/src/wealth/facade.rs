//! The wealth part of the [`Companion`] facade: the shelf as she may see
//! it, the questionnaire, and buying (live, after the confirmation screen,
//! checked here and again by the bank with the same rule).

use super::{Product, Profile, WealthError, check_purchase, score, store};
use crate::bank::wire::{Command, OrderRequest, wire_body};
use crate::bills::LiveOutcome;
use crate::money::Money;
use crate::store::StoreError;
use crate::{Companion, CompanionError, sync};
use serde_json::Value;

/// A product as the list shows it: whether she may buy it at its minimum,
/// and if not, why (said kindly).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    /// The product.
    pub product: Product,
    /// `Ok` when she may buy it.
    pub verdict: Result<(), WealthError>,
}

impl Companion {
    /// Her age today (0 before the first sync has brought her).
    pub async fn age_today(&self) -> Result<u32, CompanionError> {
        let today = self.now().date_naive();
        Ok(self.customer().await?.map(|c| c.age_on(today)).unwrap_or(0))
    }

    /// What suitability is judged on: her age, the profile that counts (her
    /// newer answers while they wait), and the products offered to her.
    async fn shelf(&self) -> Result<(u32, Option<Profile>, Vec<Product>), CompanionError> {
        let age = self.age_today().await?;
        let (profile, pending) = self.risk_profile().await?;
        let mut conn = self.inner.store.acquire().await?;
        let products = store::products(&mut conn)
            .await?
            .into_iter()
            .filter(|p| p.offered_to(age))
            .collect();
        Ok((age, pending.or(profile), products))
    }

    /// Her risk profile as the bank holds it (when current), and the one her
    /// answers on this phone give while they wait to be sent.
    pub async fn risk_profile(&self) -> Result<(Option<Profile>, Option<Profile>), CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(store::profile(&mut conn, self.now().timestamp()).await?)
    }

    /// The products offered to her (60+ products only from 60), lowest risk
    /// first, each with whether she may buy it.
    pub async fn offers(&self) -> Result<Vec<Offer>, CompanionError> {
        let (age, profile, products) = self.shelf().await?;
        Ok(products
            .into_iter()
            .map(|p| Offer {
                verdict: check_purchase(age, profile, &p, p.min_amount.fen()),
                product: p,
            })
            .collect())
    }

    /// One product offered to her, with whether she may buy it.
    pub async fn offer(&self, product_id: i64) -> Result<Offer, CompanionError> {
        self.offers()
            .await?
            .into_iter()
            .find(|o| o.product.id == product_id)
            .ok_or(CompanionError::Wealth(WealthError::NotAvailable))
    }

    /// What she holds.
    pub async fn holdings(&self) -> Result<Vec<(Product, Money, i64)>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        Ok(store::holdings(&mut conn).await?)
    }

    /// Takes the questionnaire's answers (one option, 1-based, per
    /// question). Kept at once and sent when online; the bank scores them
    /// again itself.
    pub async fn answer_questionnaire(&self, answers: &[u8]) -> Result<Profile, CompanionError> {
        let profile = score(answers).map_err(CompanionError::Wealth)?;
        self.inner.store.ensure_writable()?;
        let now = self.now().timestamp();
        let mut tx = self.inner.store.begin().await?;
        let command = Command::RiskProfile {
            answers: answers.to_vec(),
        };
        let key = sync::outbox::enqueue(&mut tx, &command, now).await?;
        sqlx::query(
            "INSERT INTO risk_profile (id, pending_level, pending_key) VALUES (1, ?, ?) \
             ON CONFLICT(id) DO UPDATE SET pending_level = excluded.pending_level, pending_key = excluded.pending_key",
        )
        .bind(i64::from(profile.number()))
        .bind(&key)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(profile)
    }

    /// Checks a purchase the way the bank will, before the confirmation screen.
    pub async fn check_order(
        &self,
        product_id: i64,
        amount_fen: i64,
    ) -> Result<Product, CompanionError> {
        let (age, profile, products) = self.shelf().await?;
        let product = products
            .into_iter()
            .find(|p| p.id == product_id)
            .ok_or(CompanionError::Wealth(WealthError::NotAvailable))?;
        check_purchase(age, profile, &product, amount_fen).map_err(CompanionError::Wealth)?;
        Ok(product)
    }

    /// Buys a product from a debit account, after the confirmation screen.
    /// Answers waiting to be sent go first, so the bank judges with them.
    pub async fn buy_product(
        &self,
        product_id: i64,
        from_account_id: i64,
        amount_fen: i64,
    ) -> Result<LiveOutcome, CompanionError> {
        self.check_order(product_id, amount_fen).await?;
        if self.risk_profile().await?.1.is_some() {
            match self.sync().await {
                Ok(_) => {}
                Err(CompanionError::Offline | CompanionError::NotConnected) => {
                    return Err(CompanionError::NeedsConnection);
                }
                Err(e) => return Err(e),
            }
        }
        let body = wire_body(&OrderRequest {
            product_id,
            from_account_id,
            amount_fen,
        });
        self.live_request("order", product_id, "/v1/wealth/orders", &body, refused)
            .await
    }
}

fn refused(code: &str, body: &Value) -> CompanionError {
    match code {
        "insufficient_funds" => CompanionError::InsufficientFunds,
        "invalid_account" => CompanionError::AccountNotFound,
        "over_age_cap" => CompanionError::Wealth(WealthError::OverAgeCap),
        "no_risk_profile" => CompanionError::Wealth(WealthError::NoProfile),
        "elder_only_product" => CompanionError::Wealth(WealthError::ElderOnly),
        "product_not_available" => CompanionError::Wealth(WealthError::NotAvailable),
        "below_minimum" => CompanionError::Wealth(WealthError::BelowMinimum {
            min_fen: body["error"]["min_fen"].as_i64().unwrap_or(0),
        }),
        "above_risk_profile" => match body["error"]["profile"].as_i64().and_then(Profile::new) {
            Some(profile) => CompanionError::Wealth(WealthError::AboveProfile { profile }),
            None => CompanionError::Wealth(WealthError::NoProfile),
        },
        other => CompanionError::Refused {
            code: other.to_string(),
        },
    }
}

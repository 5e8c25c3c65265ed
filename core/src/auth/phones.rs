//! Her phones (设置 → 我的手机): the phones bound to her account, as the
//! bank lists them, and removing one (a lost or stolen phone, or one
//! somebody bound "for" her): its device token and every session it has
//! end at the bank at once. Needs a connection and a login.

use crate::sync::gateway::GatewayError;
use crate::{Companion, CompanionError};

/// One of her phones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    /// Its id at the bank.
    pub id: String,
    /// Its name, as given when it was bound.
    pub name: String,
    /// When it was bound (unix seconds).
    pub bound_at: i64,
    /// When it was last used (unix seconds, to within half a minute).
    pub last_used_at: Option<i64>,
    /// The phone in her hand.
    pub this: bool,
}

impl Companion {
    fn phone_error(&self, e: GatewayError) -> CompanionError {
        match e {
            GatewayError::LoginNeeded => CompanionError::LoginNeeded,
            GatewayError::Refused { code, .. } if code == "unknown_phone" => {
                CompanionError::PhoneNotFound
            }
            GatewayError::Refused { code, .. } => CompanionError::Refused { code },
            _ => {
                self.set_connection(crate::Connection::Offline);
                CompanionError::NeedsConnection
            }
        }
    }

    /// The phones bound to her account, the newest first.
    pub async fn phones(&self) -> Result<Vec<Phone>, CompanionError> {
        let (server, token) = self
            .bank_session()
            .await?
            .ok_or(CompanionError::NotConnected)?;
        let v = self
            .gateway(&server)
            .phones(&token)
            .await
            .map_err(|e| self.phone_error(e))?;
        v["phones"]
            .as_array()
            .ok_or(CompanionError::SyncDataNotUnderstood)?
            .iter()
            .map(|p| {
                Some(Phone {
                    id: p["id"].as_str()?.to_string(),
                    name: p["name"].as_str()?.to_string(),
                    bound_at: p["bound_at"].as_i64()?,
                    last_used_at: p["last_used_at"].as_i64(),
                    this: p["this"].as_bool()?,
                })
            })
            .collect::<Option<Vec<_>>>()
            .ok_or(CompanionError::SyncDataNotUnderstood)
    }

    /// Removes one of her phones at the bank. Removing this one logs it
    /// out (it would have to be bound again).
    pub async fn remove_phone(&self, id: &str) -> Result<(), CompanionError> {
        let (server, token) = self
            .bank_session()
            .await?
            .ok_or(CompanionError::NotConnected)?;
        self.gateway(&server)
            .remove_phone(&token, id)
            .await
            .map_err(|e| self.phone_error(e))?;
        if self.device_id().await?.as_deref() == Some(id) {
            self.forget_session();
        }
        tracing::info!("a phone was removed from her account");
        Ok(())
    }
}

//! The settings part of the [`Companion`] facade: the settings in memory,
//! saving each change in order (and queueing it for the bank), the layout,
//! and the 幸福生活 offer at login.

use super::{Settings, TextScale};
use crate::bank::wire::Command;
use crate::store::{self, StoreError};
use crate::{Companion, CompanionError, Language, META_DEVICE, settings, sync};

/// Meta key: her answer to the 幸福生活 offer (`yes`/`no`), once asked.
const META_ELDER_OFFERED: &str = "elder_mode_offered";

impl Companion {
    /// The current settings.
    pub fn settings(&self) -> Settings {
        *self
            .inner
            .settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
    }

    fn update_settings(&self, f: impl FnOnce(&mut Settings)) {
        f(&mut self
            .inner
            .settings
            .write()
            .unwrap_or_else(|e| e.into_inner()));
    }

    /// Saves a setting and, when this device is connected to a bank,
    /// queues it for the bank in the same transaction. The change holds in
    /// memory even when it cannot be saved (read-only), and the error says so.
    async fn change_setting(&self, change: settings::Change) -> Result<(), CompanionError> {
        self.update_settings(|s| change.apply_to(s));
        self.save_setting(change).await
    }

    /// Saves a change already made in memory. Changes are saved in the order
    /// they were made (the queue is joined before anything awaits): three
    /// quick taps on 放大 end at 130 %, never at whichever write got the
    /// database last.
    async fn save_setting(&self, change: settings::Change) -> Result<(), CompanionError> {
        let _in_order = self.inner.settings_lock.lock().await;
        self.inner.store.ensure_writable()?;
        let now = self.now().timestamp();
        let mut tx = self.inner.store.begin().await?;
        settings::put(&mut tx, self.inner.clock.as_ref(), change).await?;
        if store::meta_in(&mut tx, META_DEVICE).await?.is_some() {
            sync::outbox::enqueue(&mut tx, &Command::from(change), now).await?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// One step bigger (or smaller) than the text size right now. Each tap
    /// steps from the size the tap before it left, however fast they come.
    pub async fn step_text_scale(&self, bigger: bool) -> Result<TextScale, CompanionError> {
        let to = {
            let mut s = self
                .inner
                .settings
                .write()
                .unwrap_or_else(|e| e.into_inner());
            let now = s.text_scale;
            s.text_scale = if bigger { now.bigger() } else { now.smaller() }.unwrap_or(now);
            s.text_scale
        };
        self.save_setting(settings::Change::TextScale(to)).await?;
        Ok(to)
    }

    /// Turns high contrast the other way from how it is right now.
    pub async fn toggle_high_contrast(&self) -> Result<bool, CompanionError> {
        let on = {
            let mut s = self
                .inner
                .settings
                .write()
                .unwrap_or_else(|e| e.into_inner());
            s.high_contrast = !s.high_contrast;
            s.high_contrast
        };
        self.save_setting(settings::Change::HighContrast(on))
            .await?;
        Ok(on)
    }

    /// Changes the language. In a read-only store the change holds for this
    /// run and the error says it was not saved.
    pub async fn set_language(&self, language: Language) -> Result<(), CompanionError> {
        self.change_setting(settings::Change::Language(language))
            .await
    }

    /// Changes the language by tag (`zh-HK`, `en`...).
    pub async fn set_language_tag(&self, tag: &str) -> Result<Language, CompanionError> {
        let lang = Language::negotiate(tag).ok_or(CompanionError::UnknownLanguage)?;
        self.set_language(lang).await?;
        Ok(lang)
    }

    /// Changes the text size (percent, 100–200).
    pub async fn set_text_scale(&self, percent: i64) -> Result<TextScale, CompanionError> {
        let scale = u16::try_from(percent)
            .ok()
            .and_then(|p| TextScale::new(p).ok())
            .ok_or(CompanionError::TextScaleOutOfRange { value: percent })?;
        self.change_setting(settings::Change::TextScale(scale))
            .await?;
        Ok(scale)
    }

    /// Turns the high-contrast theme on or off.
    pub async fn set_high_contrast(&self, on: bool) -> Result<(), CompanionError> {
        self.change_setting(settings::Change::HighContrast(on))
            .await
    }

    /// 说慢一点 / 大声一点: the voice one step slower (`louder`: false) or
    /// louder, kept on this phone. `Ok(false)`: it is already the slowest
    /// or the loudest.
    pub async fn speak_differently(&self, louder: bool) -> Result<bool, CompanionError> {
        let now = self.settings().speech;
        let Some(to) = (if louder { now.louder() } else { now.slower() }) else {
            return Ok(false);
        };
        self.update_settings(|s| s.speech = to);
        self.save_phone_setting(settings::KEY_SPEECH, &to.row())
            .await?;
        Ok(true)
    }

    /// Switches between the 幸福生活 and the standard layout (kept on this
    /// phone only).
    pub async fn set_layout(&self, layout: settings::Layout) -> Result<(), CompanionError> {
        self.update_settings(|s| s.layout = layout);
        self.save_phone_setting(settings::KEY_LAYOUT, layout.code())
            .await
    }

    /// Keeps a setting that belongs to this phone only (never sent to the
    /// bank): its row in `settings`, last writer wins.
    async fn save_phone_setting(&self, key: &str, value: &str) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        sqlx::query(
            "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) \
             ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(key)
        .bind(value)
        .bind(self.now().timestamp())
        .execute(self.inner.store.pool())
        .await
        .map_err(StoreError::from)?;
        Ok(())
    }

    /// Whether to offer the 幸福生活 layout at this login: she is 55 or
    /// older, on the standard layout, and has not been asked before.
    pub async fn elder_mode_offer(&self) -> Result<bool, CompanionError> {
        let today = self.now().date_naive();
        let age = self.customer().await?.map(|c| c.age_on(today));
        let offered = self.inner.store.meta(META_ELDER_OFFERED).await?.is_some();
        Ok(settings::should_offer_elder_mode(
            self.settings().layout,
            age,
            offered,
        ))
    }

    /// Her answer to the offer: never asked again; yes switches the layout.
    pub async fn answer_elder_mode_offer(&self, accept: bool) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        let mut conn = self.inner.store.acquire().await?;
        store::set_meta(
            &mut conn,
            META_ELDER_OFFERED,
            if accept { "yes" } else { "no" },
        )
        .await?;
        drop(conn);
        if accept {
            self.set_layout(settings::Layout::Elder).await?;
        }
        Ok(())
    }
}

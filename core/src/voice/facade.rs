//! The voice part of the [`Companion`] facade: one turn of the assistant,
//! matched against her saved payees and her family.

use crate::i18n::Language;
use crate::money::Money;
use crate::transfers::Payee;
use crate::voice::assistant::*;
use crate::voice::intent::{Intent, IntentKind, LockKind, Missing, SettingChange};
use crate::{Companion, CompanionError};

impl Companion {
    /// Understands what she said (in the app's language) and says what
    /// comes next.
    pub async fn understand(&self, text: &str) -> Result<Understanding, CompanionError> {
        if text.chars().count() > super::intent::MAX_TEXT_CHARS {
            return Err(CompanionError::VoiceText(
                super::intent::InputError::TooLong,
            ));
        }
        let lang = self.settings().language;
        let i18n = self.i18n();
        let intent = super::intent::parse(text, lang);
        let tr = |id: &str| i18n.tr(lang, id);
        let mut u = Understanding {
            intent: intent.clone(),
            payee: None,
            member_name: None,
            member_phone: None,
            asks: false,
            needs_yes: false,
            say: String::new(),
        };
        if intent.kind == IntentKind::Unknown {
            u.asks = true;
            u.say = tr("voice-ask-unknown");
            return Ok(u);
        }
        if let Some(missing) = intent.missing() {
            u.asks = true;
            u.say = tr(missing.question_id());
            if missing == Missing::Amount
                && let Some(p) = self.payee_for(&intent).await?
            {
                u.payee = Some(p);
            }
            return Ok(u);
        }
        if intent.unsure() {
            u.asks = true;
            u.needs_yes = true;
            u.say = i18n.tr_args(
                lang,
                "voice-unsure",
                &[("what", tr(&action_id(intent.kind)).into())],
            );
            return Ok(u);
        }
        let amount = |fen: i64| Money::cny(fen).format_grouped();
        u.say = match intent.kind {
            IntentKind::Transfer => {
                let said = intent.slots.payee.clone().unwrap_or_default();
                let payees = self.payees().await?;
                let found = match_payees(&said, &payees);
                match found.as_slice() {
                    [one] => {
                        u.payee = Some(one.clone());
                        u.needs_yes = true;
                        let who = match &one.relationship {
                            Some(r) if lang != Language::En => format!("{r} {}", one.name),
                            _ => one.name.clone(),
                        };
                        i18n.tr_args(
                            lang,
                            "voice-readback-transfer",
                            &[
                                ("payee", who.into()),
                                (
                                    "amount",
                                    amount(intent.slots.amount_fen.unwrap_or(0)).into(),
                                ),
                            ],
                        )
                    }
                    [] => {
                        u.asks = true;
                        i18n.tr_args(lang, "voice-payee-not-found", &[("payee", said.into())])
                    }
                    many => {
                        u.asks = true;
                        let names: Vec<String> = many.iter().map(|p| p.name.clone()).collect();
                        i18n.tr_args(
                            lang,
                            "voice-payee-which",
                            &[("names", names.join(&tr("list-separator")).into())],
                        )
                    }
                }
            }
            IntentKind::PayBill => {
                u.needs_yes = true;
                let kind = intent.slots.bill_kind.map(|b| b.code()).unwrap_or("water");
                let bill = tr(&format!("voice-bill-{kind}"));
                match intent.slots.amount_fen {
                    Some(fen) => i18n.tr_args(
                        lang,
                        "voice-readback-bill-amount",
                        &[("bill", bill.into()), ("amount", amount(fen).into())],
                    ),
                    None => i18n.tr_args(lang, "voice-readback-bill", &[("bill", bill.into())]),
                }
            }
            IntentKind::LockCard => {
                u.needs_yes = true;
                let kind = intent.slots.lock_kind.unwrap_or(LockKind::All).code();
                tr(&format!("voice-readback-lock-{kind}"))
            }
            IntentKind::CallFamily => {
                let said = intent.slots.member.clone().unwrap_or_default();
                let (name, phone) = self.family_to_call(&said).await?;
                u.member_name = name;
                u.member_phone = phone;
                let member = u.member_name.clone().unwrap_or(said);
                if u.member_phone.is_some() {
                    // The call button is the yes: she presses it herself.
                    i18n.tr_args(lang, "voice-call-ready", &[("member", member.into())])
                } else {
                    u.needs_yes = true;
                    i18n.tr_args(lang, "voice-readback-call", &[("member", member.into())])
                }
            }
            // The lock and the direction in words: turning one off opens
            // the card guard, where she turns it off herself.
            IntentKind::UnlockCard => {
                u.needs_yes = true;
                let kind = intent.slots.lock_kind.unwrap_or(LockKind::All).code();
                tr(&format!("voice-readback-unlock-{kind}"))
            }
            IntentKind::ReportFraud => {
                u.needs_yes = true;
                tr("voice-readback-report-fraud")
            }
            IntentKind::CheckCardLocks => self.locks_said(lang).await?,
            IntentKind::ChangeSetting => {
                let change = intent.slots.setting.unwrap_or(SettingChange::TextBigger);
                let done = if self.setting_can_change(change) {
                    ""
                } else {
                    "-already"
                };
                tr(&format!(
                    "voice-setting-{}{done}",
                    change.code().replace('_', "-")
                ))
            }
            other => tr(&format!("voice-doing-{}", other.code().replace('_', "-"))),
        };
        Ok(u)
    }

    /// Her answer to a question the assistant asked ("要转给谁？" → "女儿"):
    /// read together with what she said first, unless the answer is a new
    /// wish of its own.
    pub async fn understand_reply(
        &self,
        first: &str,
        reply: &str,
    ) -> Result<Understanding, CompanionError> {
        let alone = super::intent::parse(reply, self.settings().language);
        let first_kind = super::intent::parse(first, self.settings().language).kind;
        let new_wish = alone.kind != IntentKind::Unknown
            && alone.kind != first_kind
            && alone.missing().is_none()
            && !alone.unsure();
        if new_wish {
            return self.understand(reply).await;
        }
        self.understand(&format!("{first}，{reply}")).await
    }

    /// Which of her cards' locks are on, in one sentence.
    async fn locks_said(&self, lang: Language) -> Result<String, CompanionError> {
        let i18n = self.i18n();
        let cards = self.cards().await?;
        let on: Vec<String> = crate::cards::Lock::ALL
            .iter()
            .filter(|l| {
                cards
                    .iter()
                    .any(|c| c.lock_status(**l) != crate::cards::LockStatus::Off)
            })
            .map(|l| i18n.tr(lang, &format!("voice-lock-name-{}", l.code())))
            .collect();
        Ok(if on.is_empty() {
            i18n.tr(lang, "voice-locks-none")
        } else {
            i18n.tr_args(
                lang,
                "voice-locks-on",
                &[("locks", on.join(&i18n.tr(lang, "list-separator")).into())],
            )
        })
    }

    /// Whether a setting said by voice would change anything (the text
    /// may already be at its largest, the voice at its slowest…).
    fn setting_can_change(&self, change: SettingChange) -> bool {
        let s = self.settings();
        match change {
            SettingChange::TextBigger => s.text_scale.bigger().is_some(),
            SettingChange::TextSmaller => s.text_scale.smaller().is_some(),
            SettingChange::HighContrastOn => !s.high_contrast,
            SettingChange::HighContrastOff => s.high_contrast,
            SettingChange::LanguageZhCn => s.language != Language::ZhCn,
            SettingChange::LanguageZhTw => s.language != Language::ZhTw,
            SettingChange::LanguageEn => s.language != Language::En,
            SettingChange::SpeakSlower => s.speech.slower().is_some(),
            SettingChange::SpeakLouder => s.speech.louder().is_some(),
        }
    }

    /// A setting she said, done at once (it moves no money).
    pub async fn change_setting_by_voice(
        &self,
        change: SettingChange,
    ) -> Result<(), CompanionError> {
        if !self.setting_can_change(change) {
            return Ok(());
        }
        match change {
            SettingChange::TextBigger => self.step_text_scale(true).await.map(|_| ()),
            SettingChange::TextSmaller => self.step_text_scale(false).await.map(|_| ()),
            SettingChange::HighContrastOn => self.set_high_contrast(true).await,
            SettingChange::HighContrastOff => self.set_high_contrast(false).await,
            SettingChange::LanguageZhCn => self.set_language(Language::ZhCn).await,
            SettingChange::LanguageZhTw => self.set_language(Language::ZhTw).await,
            SettingChange::LanguageEn => self.set_language(Language::En).await,
            SettingChange::SpeakSlower => self.speak_differently(false).await.map(|_| ()),
            SettingChange::SpeakLouder => self.speak_differently(true).await.map(|_| ()),
        }
    }

    /// After her 对 to "锁上境外使用，对吗？": that lock (every lock, for
    /// the whole card) on every card of hers. The safe direction: kept
    /// and sent with the next sync when offline. Frozen cards are left as
    /// they are. Returns how many locks were turned on.
    pub async fn lock_by_voice(&self, kind: LockKind) -> Result<usize, CompanionError> {
        use crate::cards::Lock;
        let locks: &[Lock] = match kind {
            LockKind::All => &Lock::ALL,
            LockKind::Overseas => &[Lock::Overseas],
            LockKind::Online => &[Lock::Online],
            LockKind::Night => &[Lock::Night],
            LockKind::Region => &[Lock::Region],
        };
        let mut turned = 0;
        for card in self.cards().await? {
            if card.state.frozen || card.freeze_queued {
                continue;
            }
            for &lock in locks {
                if card.lock_status(lock) == crate::cards::LockStatus::Off {
                    self.lock_card(card.id(), lock).await?;
                    turned += 1;
                }
            }
        }
        Ok(turned)
    }

    async fn payee_for(&self, intent: &Intent) -> Result<Option<Payee>, CompanionError> {
        let Some(said) = &intent.slots.payee else {
            return Ok(None);
        };
        let found = match_payees(said, &self.payees().await?);
        Ok((found.len() == 1).then(|| found[0].clone()))
    }
}

impl Companion {
    /// The linked family member (or elder) she means by `said` (a name, or
    /// a relationship her saved payees carry: 女儿 → 李娜), with their
    /// number from the bank. One family member and a word like 家人: them.
    async fn family_to_call(
        &self,
        said: &str,
    ) -> Result<(Option<String>, Option<String>), CompanionError> {
        let s = simplified_person(said);
        let mut people: Vec<(String, Option<String>)> = self
            .family_members()
            .await?
            .into_iter()
            .filter(|l| l.status == crate::family::LinkStatus::Active)
            .map(|l| (l.member_name, l.member_phone))
            .collect();
        people.extend(
            self.cared_for()
                .await?
                .into_iter()
                .filter(|l| l.status == crate::family::LinkStatus::Active)
                .map(|l| (l.elder_name, l.elder_phone)),
        );
        let by_name = |name: &str| {
            if name.is_empty() {
                return None;
            }
            people
                .iter()
                .find(|(n, _)| n == name || (name.chars().count() >= 2 && n.contains(name)))
                .cloned()
        };
        let mut found = by_name(said).or_else(|| by_name(&s));
        if found.is_none() {
            // 女儿: the saved payee with that relationship, if she is linked.
            found = super::assistant::match_payees(said, &self.payees().await?)
                .into_iter()
                .filter(|p| p.relationship.as_deref() == Some(s.as_str()))
                .find_map(|p| people.iter().find(|(n, _)| *n == p.name).cloned());
        }
        if found.is_none() && people.len() == 1 && GENERIC_FAMILY.contains(&s.as_str()) {
            found = people.first().cloned();
        }
        Ok(match found {
            Some((name, phone)) => (Some(name), phone),
            None => (None, None),
        })
    }
}

/// Words that mean "my family" without saying who.
const GENERIC_FAMILY: &[&str] = &["家人", "家里人", "孩子", "family", "my family"];

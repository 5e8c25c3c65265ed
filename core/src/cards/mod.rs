//! 智能安全卫士 (card guard): per card, four locks the elder can turn on in
//! one tap — region, overseas, night, online payments — and the bank's
//! freeze after "我被骗了". The rule that decides whether a card may be used
//! ([`authorize`]) lives here, once: the sandbox bank calls it for every
//! simulated ATM, POS or online authorisation.
//!
//! Direction decides what may wait (DESIGN.md, offline-first): turning a
//! lock **on** is safe, so it is queued in the outbox when offline and shown
//! at once as "等待联网后生效"; turning a lock **off** needs a live
//! connection and goes to the bank directly, after anything queued.

mod facade;
pub mod store;
pub mod unfreeze;

use crate::accounts::MaskedNumber;
use chrono::{DateTime, FixedOffset, Timelike};

/// A card as the elder sees it: the bank's state and what is still queued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    /// The account the card draws on.
    pub account_id: i64,
    /// Debit or credit.
    pub kind: CardKind,
    /// `**** 1234`.
    pub number: MaskedNumber,
    /// As the bank holds it.
    pub state: CardState,
    /// Locks turned on here and not yet confirmed by the bank.
    pub queued: Locks,
    /// A scam report waiting to be sent (it freezes every card).
    pub freeze_queued: bool,
}

/// Where one lock stands, in the words a screen uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockStatus {
    /// Off.
    Off,
    /// On here, waiting to reach the bank (等待联网后生效).
    Waiting,
    /// On at the bank.
    On,
}

impl Card {
    /// The card id.
    pub fn id(&self) -> i64 {
        self.state.id
    }

    /// Where `lock` stands.
    pub fn lock_status(&self, lock: Lock) -> LockStatus {
        if self.state.locks.get(lock) {
            LockStatus::On
        } else if self.queued.get(lock) || self.freeze_queued {
            LockStatus::Waiting
        } else {
            LockStatus::Off
        }
    }
}

/// One of the four locks.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(rename_all = "snake_case")
)]
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Lock {
    /// Usable only in the card's home region (province).
    Region,
    /// Not usable outside the Chinese mainland.
    Overseas,
    /// Not usable at night (22:00–06:00 by default).
    Night,
    /// No online or app payments.
    Online,
}

impl Lock {
    /// Every lock, in screen order.
    pub const ALL: [Lock; 4] = [Lock::Overseas, Lock::Online, Lock::Night, Lock::Region];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Lock::Region => "region",
            Lock::Overseas => "overseas",
            Lock::Night => "night",
            Lock::Online => "online",
        }
    }

    /// Parses [`Lock::code`].
    pub fn from_code(code: &str) -> Option<Lock> {
        Lock::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// Which locks are on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Locks {
    /// Home region only.
    pub region: bool,
    /// No use abroad.
    pub overseas: bool,
    /// No use at night.
    pub night: bool,
    /// No online payments.
    pub online: bool,
}

impl Locks {
    /// Is `lock` on?
    pub fn get(&self, lock: Lock) -> bool {
        match lock {
            Lock::Region => self.region,
            Lock::Overseas => self.overseas,
            Lock::Night => self.night,
            Lock::Online => self.online,
        }
    }

    /// Turns `lock` on or off.
    pub fn set(&mut self, lock: Lock, on: bool) {
        match lock {
            Lock::Region => self.region = on,
            Lock::Overseas => self.overseas = on,
            Lock::Night => self.night = on,
            Lock::Online => self.online = on,
        }
    }

    /// Every lock on.
    pub const ALL_ON: Locks = Locks {
        region: true,
        overseas: true,
        night: true,
        online: true,
    };
}

/// Debit or credit card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardKind {
    /// 借记卡
    Debit,
    /// 信用卡
    Credit,
}

impl CardKind {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            CardKind::Debit => "debit",
            CardKind::Credit => "credit",
        }
    }

    /// Parses [`CardKind::code`].
    pub fn from_code(code: &str) -> Option<CardKind> {
        match code {
            "debit" => Some(CardKind::Debit),
            "credit" => Some(CardKind::Credit),
            _ => None,
        }
    }
}

/// The night window, minutes after midnight in China time: 22:00–06:00.
pub const NIGHT_FROM_MIN: u16 = 22 * 60;
/// End of the night window.
pub const NIGHT_TO_MIN: u16 = 6 * 60;

/// A card as the bank holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardState {
    /// Card id.
    pub id: i64,
    /// Locks on at the bank.
    pub locks: Locks,
    /// Frozen after a scam report: every use is declined until the bank
    /// unfreezes it with the elder in person.
    pub frozen: bool,
    /// Home region (GB/T 2260 province code, e.g. `310000` 上海).
    pub home_region: String,
    /// Night window start, minutes after midnight.
    pub night_from: u16,
    /// Night window end.
    pub night_to: u16,
}

/// How a card is being used.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(rename_all = "snake_case")
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Cash machine.
    Atm,
    /// Shop terminal.
    Pos,
    /// Online or in-app payment.
    Online,
}

impl Channel {
    /// Stable code: `atm`, `pos`, `online`.
    pub fn code(self) -> &'static str {
        match self {
            Channel::Atm => "atm",
            Channel::Pos => "pos",
            Channel::Online => "online",
        }
    }

    /// Parses `atm`, `pos`, `online`.
    pub fn from_code(code: &str) -> Option<Channel> {
        match code {
            "atm" => Some(Channel::Atm),
            "pos" => Some(Channel::Pos),
            "online" => Some(Channel::Online),
            _ => None,
        }
    }
}

/// One authorisation request from the card network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    /// ATM, POS or online.
    pub channel: Channel,
    /// ISO 3166 alpha-2 country (`CN` is the mainland).
    pub country: String,
    /// Province code where the terminal is (ATM/POS in China).
    pub region: Option<String>,
    /// When.
    pub at: DateTime<FixedOffset>,
}

/// Why a card use is declined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decline {
    /// Frozen after a scam report.
    Frozen,
    /// Online payments are locked.
    OnlineLocked,
    /// Use abroad is locked.
    OverseasLocked,
    /// Use outside the home region is locked.
    RegionLocked,
    /// Use at night is locked.
    NightLocked,
}

impl Decline {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Decline::Frozen => "card_frozen",
            Decline::OnlineLocked => "online_locked",
            Decline::OverseasLocked => "overseas_locked",
            Decline::RegionLocked => "region_locked",
            Decline::NightLocked => "night_locked",
        }
    }
}

fn in_window(minute: u16, from: u16, to: u16) -> bool {
    if from <= to {
        (from..to).contains(&minute)
    } else {
        minute >= from || minute < to
    }
}

/// May this card be used for this request? The first lock that applies is
/// the answer.
pub fn authorize(card: &CardState, request: &Authorization) -> Result<(), Decline> {
    if card.frozen {
        return Err(Decline::Frozen);
    }
    if card.locks.online && request.channel == Channel::Online {
        return Err(Decline::OnlineLocked);
    }
    let abroad = !request.country.eq_ignore_ascii_case("CN");
    if card.locks.overseas && abroad {
        return Err(Decline::OverseasLocked);
    }
    if card.locks.region
        && request.channel != Channel::Online
        && (abroad || request.region.as_deref() != Some(card.home_region.as_str()))
    {
        return Err(Decline::RegionLocked);
    }
    let local = request.at.with_timezone(&crate::clock::china_offset());
    let minute = (local.hour() * 60 + local.minute()) as u16;
    if card.locks.night && in_window(minute, card.night_from, card.night_to) {
        return Err(Decline::NightLocked);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> CardState {
        CardState {
            id: 1,
            locks: Locks::default(),
            frozen: false,
            home_region: "310000".into(),
            night_from: NIGHT_FROM_MIN,
            night_to: NIGHT_TO_MIN,
        }
    }

    fn req(channel: Channel, country: &str, region: Option<&str>, at: &str) -> Authorization {
        Authorization {
            channel,
            country: country.into(),
            region: region.map(String::from),
            at: DateTime::parse_from_rfc3339(at).unwrap(),
        }
    }

    const NOON: &str = "2026-11-25T12:00:00+08:00";

    #[test]
    fn an_unlocked_card_works_everywhere() {
        for r in [
            req(Channel::Atm, "CN", Some("310000"), NOON),
            req(Channel::Pos, "JP", None, NOON),
            req(Channel::Online, "CN", None, "2026-11-25T23:30:00+08:00"),
        ] {
            assert_eq!(authorize(&card(), &r), Ok(()));
        }
    }

    #[test]
    fn each_lock_declines_only_its_own_case() {
        let mut c = card();
        c.locks.overseas = true;
        assert_eq!(
            authorize(&c, &req(Channel::Pos, "JP", None, NOON)),
            Err(Decline::OverseasLocked)
        );
        assert_eq!(
            authorize(&c, &req(Channel::Pos, "cn", Some("440000"), NOON)),
            Ok(())
        );

        let mut c = card();
        c.locks.online = true;
        assert_eq!(
            authorize(&c, &req(Channel::Online, "CN", None, NOON)),
            Err(Decline::OnlineLocked)
        );
        assert_eq!(
            authorize(&c, &req(Channel::Atm, "CN", Some("310000"), NOON)),
            Ok(())
        );

        let mut c = card();
        c.locks.region = true;
        assert_eq!(
            authorize(&c, &req(Channel::Atm, "CN", Some("440000"), NOON)),
            Err(Decline::RegionLocked)
        );
        assert_eq!(
            authorize(&c, &req(Channel::Atm, "CN", None, NOON)),
            Err(Decline::RegionLocked)
        );
        assert_eq!(
            authorize(&c, &req(Channel::Atm, "CN", Some("310000"), NOON)),
            Ok(())
        );
        assert_eq!(
            authorize(&c, &req(Channel::Online, "CN", None, NOON)),
            Ok(())
        );
    }

    #[test]
    fn the_night_lock_follows_china_time_across_midnight() {
        let mut c = card();
        c.locks.night = true;
        for (at, declined) in [
            ("2026-11-25T21:59:00+08:00", false),
            ("2026-11-25T22:00:00+08:00", true),
            ("2026-11-26T03:00:00+08:00", true),
            ("2026-11-26T05:59:00+08:00", true),
            ("2026-11-26T06:00:00+08:00", false),
            // 15:00 UTC is 23:00 in Beijing.
            ("2026-11-25T15:00:00+00:00", true),
        ] {
            let got = authorize(&c, &req(Channel::Pos, "CN", Some("310000"), at));
            assert_eq!(got.is_err(), declined, "{at}");
        }
    }

    #[test]
    fn a_frozen_card_is_declined_first() {
        let mut c = card();
        c.frozen = true;
        assert_eq!(
            authorize(&c, &req(Channel::Atm, "CN", Some("310000"), NOON)),
            Err(Decline::Frozen)
        );
    }

    #[test]
    fn codes_round_trip() {
        for l in Lock::ALL {
            assert_eq!(Lock::from_code(l.code()), Some(l));
        }
        assert_eq!(Lock::from_code("all"), None);
        assert_eq!(CardKind::from_code("debit"), Some(CardKind::Debit));
        assert_eq!(Channel::from_code("ATM"), None);
        for c in [Channel::Atm, Channel::Pos, Channel::Online] {
            assert_eq!(Channel::from_code(c.code()), Some(c));
            // The card network's body names a channel by its code.
            assert_eq!(serde_json::to_value(c).unwrap(), c.code());
        }
    }
}

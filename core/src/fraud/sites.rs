//! The real sites: which bodies a scam message pretends to be (banks,
//! payment apps, carriers, couriers, government) and the domains and
//! service numbers that really are theirs.
//!
//! A link whose host carries a body's name, number or a near spelling of
//! it (`icbc-verify.top`, `lcbc.cn`, `95588-jf.xyz`, `www.gov.cn.tax.top`,
//! a Cyrillic `аlipay.com`) but is not one of that body's registered
//! domains is a lookalike. Real subdomains of real domains are the body's.
//!
//! The table is shipped and updated like the scam list: a copy is built in
//! (`real_sites.json`, trusted because it is compiled in) and the bank
//! publishes newer versions as a signed file, checked with the same list
//! key before a byte of it is read:
//!
//! ```text
//! "HLRS" | format u8 = 1 | JSON of the table (UTF-8) | signature [u8; 64]
//! ```
//!
//! The bodies' names are in the table (in zh-CN, zh-TW and en), because
//! the bank can add a body without an app update; the sentences around
//! them are in `locales/`.

use super::FraudError;
use crate::i18n::Language;
use aho_corasick::{AhoCorasick, MatchKind};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

const MAGIC: &[u8; 4] = b"HLRS";
const FORMAT: u8 = 1;
const SIG_LEN: usize = 64;
/// Largest table a phone reads (the built-in one is about 12 KB).
pub const MAX_TABLE_BYTES: usize = 512 * 1024;
/// Most bodies a table may name.
const MAX_BODIES: usize = 2_000;

/// The built-in table's JSON.
pub const BUILT_IN_JSON: &str = include_str!("real_sites.json");

/// What kind of body: the sentence names it in words either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// A bank.
    Bank,
    /// A payment app.
    Payment,
    /// A mobile carrier.
    Carrier,
    /// A courier or a shop that delivers.
    Courier,
    /// A government body.
    Government,
    /// An insurer.
    Insurer,
}

/// A body's name in each language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Names {
    /// 简体中文.
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
    /// 繁體中文.
    #[serde(rename = "zh-TW")]
    pub zh_tw: String,
    /// English.
    pub en: String,
}

/// One body a message may pretend to be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    /// Stable code (`icbc`).
    pub code: String,
    /// Bank, payment app, carrier, courier or government.
    pub kind: BodyKind,
    /// Its name in words.
    pub name: Names,
    /// Its registered domains; the first is the one the sentence gives.
    pub domains: Vec<String>,
    /// What in a host means "this body": its short names, pinyin, service
    /// number, or Chinese name (an internationalised host).
    pub marks: Vec<String>,
    /// Its real service numbers (95588): calling them is not a warning sign.
    pub numbers: Vec<String>,
    /// How a message names it in words (工商银行, 工行, ICBC).
    pub aliases: Vec<String>,
}

impl Body {
    /// Its name in `lang`.
    pub fn name(&self, lang: Language) -> &str {
        match lang {
            Language::ZhCn => &self.name.zh_cn,
            Language::ZhTw => &self.name.zh_tw,
            Language::En => &self.name.en,
        }
    }

    /// The domain the warning gives ("工商银行的网址是 icbc.com.cn").
    pub fn main_domain(&self) -> &str {
        &self.domains[0]
    }

    /// Is `host` (lower case, no trailing dot) one of its domains or a subdomain of one?
    fn owns(&self, host: &str) -> bool {
        self.domains.iter().any(|d| {
            host == d
                || host
                    .strip_suffix(d.as_str())
                    .is_some_and(|rest| rest.ends_with('.'))
        })
    }
}

#[derive(Deserialize, Serialize)]
struct TableJson {
    version: u64,
    published_at: i64,
    bodies: Vec<Body>,
}

struct Mark {
    body: usize,
    /// The mark as [`skeleton`] spells it.
    skeleton: String,
    /// A mark with a dot (`gov.cn`) matches a run of labels.
    dotted: bool,
}

/// The table of real sites, ready to answer.
pub struct Sites {
    /// The bank's version (1 is the built-in table).
    pub version: u64,
    /// When the bank published it (unix seconds).
    pub published_at: i64,
    bodies: Vec<Body>,
    marks: Vec<Mark>,
    aliases: AhoCorasick,
    alias_body: Vec<usize>,
    numbers: HashMap<String, usize>,
}

impl std::fmt::Debug for Sites {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sites")
            .field("version", &self.version)
            .field("bodies", &self.bodies.len())
            .finish()
    }
}

static BUILT_IN: LazyLock<Sites> =
    LazyLock::new(|| Sites::from_json(BUILT_IN_JSON.as_bytes()).expect("built-in real sites"));

impl Sites {
    /// The table compiled into the app.
    pub fn built_in() -> &'static Sites {
        &BUILT_IN
    }

    /// Reads a table from its JSON, checking every field.
    pub fn from_json(json: &[u8]) -> Result<Sites, FraudError> {
        if json.len() > MAX_TABLE_BYTES {
            return Err(FraudError::BadFormat("real-site table too large"));
        }
        let table: TableJson = serde_json::from_slice(json)
            .map_err(|_| FraudError::BadFormat("real-site table is not the expected JSON"))?;
        if table.bodies.is_empty() || table.bodies.len() > MAX_BODIES {
            return Err(FraudError::BadFormat("real-site table has no bodies"));
        }
        let mut seen = std::collections::HashSet::new();
        let mut marks = Vec::new();
        let mut aliases = Vec::new();
        let mut alias_body = Vec::new();
        let mut numbers = HashMap::new();
        for (i, body) in table.bodies.iter().enumerate() {
            let domain_ok = |d: &String| {
                d.contains('.')
                    && d.len() <= 253
                    && d.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.".contains(&b))
                    && !d.split('.').any(str::is_empty)
            };
            if body.code.is_empty()
                || !seen.insert(body.code.clone())
                || body.domains.is_empty()
                || !body.domains.iter().all(domain_ok)
                || body.name.zh_cn.is_empty()
                || body.name.zh_tw.is_empty()
                || body.name.en.is_empty()
            {
                return Err(FraudError::BadFormat("real-site table has a bad body"));
            }
            for m in &body.marks {
                let s = skeleton(m);
                if s.chars().count() < 2 {
                    return Err(FraudError::BadFormat("real-site mark too short"));
                }
                marks.push(Mark {
                    body: i,
                    dotted: m.contains('.'),
                    skeleton: s,
                });
            }
            for a in &body.aliases {
                let a = message_text(a);
                if !a.trim().is_empty() {
                    aliases.push(a.trim().to_string());
                    alias_body.push(i);
                }
            }
            for n in &body.numbers {
                if !n.bytes().all(|b| b.is_ascii_digit()) || n.is_empty() {
                    return Err(FraudError::BadFormat("real-site number is not digits"));
                }
                numbers.insert(n.clone(), i);
                // A service number in a host (95588-jf.xyz) names its body too.
                if n.len() >= 5 && !body.marks.contains(n) {
                    marks.push(Mark {
                        body: i,
                        dotted: false,
                        skeleton: skeleton(n),
                    });
                }
            }
        }
        let aliases_ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&aliases)
            .map_err(|_| FraudError::BadFormat("real-site aliases"))?;
        Ok(Sites {
            version: table.version,
            published_at: table.published_at,
            bodies: table.bodies,
            marks,
            aliases: aliases_ac,
            alias_body,
            numbers,
        })
    }

    /// Checks the bank's signature, then reads the table.
    pub fn decode(bytes: &[u8], key: &VerifyingKey) -> Result<Sites, FraudError> {
        if bytes.len() < MAGIC.len() + 1 + SIG_LEN || bytes.len() > MAX_TABLE_BYTES {
            return Err(FraudError::BadFormat("real-site file has the wrong size"));
        }
        let (body, sig) = bytes.split_at(bytes.len() - SIG_LEN);
        let sig = Signature::from_slice(sig).map_err(|_| FraudError::BadSignature)?;
        key.verify(body, &sig)
            .map_err(|_| FraudError::BadSignature)?;
        if &body[..4] != MAGIC || body[4] != FORMAT {
            return Err(FraudError::BadFormat("not a real-site file"));
        }
        Sites::from_json(&body[5..])
    }

    /// Signs a table's JSON as the bank publishes it.
    pub fn encode(json: &[u8], key: &SigningKey) -> Vec<u8> {
        let mut out = Vec::with_capacity(json.len() + 5 + SIG_LEN);
        out.extend_from_slice(MAGIC);
        out.push(FORMAT);
        out.extend_from_slice(json);
        let sig = key.sign(&out);
        out.extend_from_slice(&sig.to_bytes());
        out
    }

    /// The built-in table with another version and date (and, for tests
    /// and a sandbox, extra bodies): the JSON a bank would publish.
    pub fn json_with(version: u64, published_at: i64, extra: &[Body]) -> Vec<u8> {
        let mut table: TableJson =
            serde_json::from_str(BUILT_IN_JSON).expect("built-in real sites");
        table.version = version;
        table.published_at = published_at;
        table.bodies.extend(extra.iter().cloned());
        serde_json::to_vec(&table).expect("table to JSON")
    }

    /// Every body, in the table's order.
    pub fn bodies(&self) -> &[Body] {
        &self.bodies
    }

    /// The body that owns `host` (a real domain or a real subdomain).
    pub fn owner(&self, host: &str) -> Option<&Body> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.bodies.iter().find(|b| b.owns(&host))
    }

    /// Whether `host` is a known real site: a body's domain, or a domain
    /// under a government-only suffix (`.gov`, `gov.uk`, `gov.tw`: nobody
    /// else can register there).
    pub fn official(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.owner(&host).is_some() || government_only(&host)
    }

    /// The body a host pretends to be, when it is not that body's.
    pub fn impersonated(&self, host: &str) -> Option<&Body> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if self.official(&host) {
            return None;
        }
        // An internationalised host is read as the letters it shows.
        let (unicode, _) = idna::domain_to_unicode(&host);
        let suffix_len = psl::suffix(host.as_bytes()).map_or(0, |s| s.as_bytes().len());
        let labels_end = host.len().saturating_sub(suffix_len);
        // The labels in front of the public suffix (`www.gov.cn.tax` of `www.gov.cn.tax.top`).
        let head = host[..labels_end].trim_end_matches('.');
        let head_labels: Vec<&str> = head.split('.').filter(|l| !l.is_empty()).collect();
        let shown_labels: Vec<String> = unicode
            .split('.')
            .take(head_labels.len())
            .map(skeleton)
            .collect();
        let head_skeleton = format!(".{}.", shown_labels.join("."));
        for mark in &self.marks {
            let m = mark.skeleton.as_str();
            let hit = if mark.dotted {
                head_skeleton.contains(&format!(".{m}."))
                    || head_skeleton.contains(&format!("-{m}."))
            } else {
                shown_labels.iter().any(|label| label_carries(label, m))
            };
            if hit {
                return Some(&self.bodies[mark.body]);
            }
        }
        // "gov" as a word of a host outside the government's suffixes
        // (`mvdis-gov.top`, `gov-refund.com`, `gov.uk-tax.cc`).
        if shown_labels
            .iter()
            .any(|label| label.split('-').any(|word| word == "gov"))
        {
            return self.bodies.iter().find(|b| b.code == "gov");
        }
        None
    }

    /// The bodies a message names in words, in the order it names them.
    pub fn named_in(&self, text: &MessageText) -> Vec<&Body> {
        let mut out: Vec<&Body> = Vec::new();
        for m in self.aliases.find_iter(text.spaced.as_str()) {
            let alias = &text.spaced[m.start()..m.end()];
            let ascii = alias.is_ascii();
            let before = text.spaced[..m.start()].chars().next_back();
            let after = text.spaced[m.end()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if ascii && (word(before) || word(after)) {
                continue;
            }
            let body = &self.bodies[self.alias_body[m.pattern().as_usize()]];
            if !out.iter().any(|b| b.code == body.code) {
                out.push(body);
            }
        }
        out
    }

    /// The body whose service number this is (95588), if any.
    pub fn number_owner(&self, digits: &str) -> Option<&Body> {
        self.numbers.get(digits).map(|&i| &self.bodies[i])
    }
}

/// A host under a suffix only a government may register in
/// (`irs.gov`, `www.gov.uk`, `www.bli.gov.tw`, `beijing.gov.cn`).
fn government_only(host: &str) -> bool {
    let Some(suffix) = psl::suffix(host.as_bytes()) else {
        return false;
    };
    let suffix = suffix.as_bytes();
    (suffix == b"gov" || suffix.starts_with(b"gov.")) && host.len() > suffix.len() + 1
}

/// Endings of web addresses that a fake one puts in front of its own
/// domain, so that it starts like a real one (`usps.com-track.top`,
/// `sf-express.com.kdfix.cc`).
const ENDINGS: &[&str] = &[
    "com", "cn", "net", "org", "gov", "hk", "tw", "uk", "us", "sg", "mo",
];

/// The domain a host really belongs to, when it is dressed as another
/// site: a web-address ending as one of its words before its own domain
/// (`kdfix.cc` of `sf-express.com.kdfix.cc`; `hk-redelivery.com` of
/// `hongkongpost.hk-redelivery.com`).
pub fn disguised(host: &str) -> Option<String> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let domain = psl::domain_str(&host)?;
    let front = host[..host.len() - domain.len()].trim_end_matches('.');
    let front: Vec<&str> = front.split('.').filter(|l| !l.is_empty()).collect();
    let own = domain.split('.').next().unwrap_or_default();
    // A whole label after a name (`.com.` of `sf-express.com.kdfix.cc`) ...
    let ending_label = front.iter().skip(1).any(|l| ENDINGS.contains(l));
    // ... or the domain's own label starting with one (`com-aqyz` of
    // `ccb.com-aqyz.top`), after a real name (not `www.`).
    let ending_word = own
        .split_once('-')
        .is_some_and(|(first, _)| ENDINGS.contains(&first))
        && front
            .last()
            .is_some_and(|l| l.len() >= 3 && !matches!(*l, "www" | "wap" | "web"));
    (ending_label || ending_word).then(|| domain.to_string())
}

/// Where the bank's newer table is kept on the device (its JSON, checked
/// when it arrived).
const META_SITES: &str = "real_sites_json";

/// The table on the device: the bank's newer one if a sync brought one,
/// else the built-in one. A stored table that no longer reads is dropped
/// for the built-in one (and fetched again at the next sync).
pub async fn load(store: &crate::store::Store) -> std::sync::Arc<Sites> {
    let stored = match store.meta(META_SITES).await {
        Ok(Some(json)) => match Sites::from_json(json.as_bytes()) {
            Ok(s) if s.version > Sites::built_in().version => Some(s),
            Ok(_) => None,
            Err(e) => {
                tracing::warn!(error = %e, "stored real-site table unreadable; using the built-in one");
                None
            }
        },
        Ok(None) => None,
        Err(e) => {
            tracing::warn!(error = %e, "real-site table not read; using the built-in one");
            None
        }
    };
    std::sync::Arc::new(stored.unwrap_or_else(|| {
        Sites::from_json(BUILT_IN_JSON.as_bytes()).expect("built-in real sites")
    }))
}

/// Keeps a table the bank signed (already checked) for the next start.
pub async fn save(store: &crate::store::Store, bytes: &[u8]) -> Result<(), FraudError> {
    // `decode` read the JSON between the header and the signature.
    let json = std::str::from_utf8(&bytes[5..bytes.len() - SIG_LEN])
        .map_err(|_| FraudError::BadFormat("real-site table is not UTF-8"))?;
    store.ensure_writable()?;
    let mut tx = store.begin().await?;
    crate::store::set_meta(&mut tx, META_SITES, json).await?;
    tx.commit().await?;
    Ok(())
}

/// Short words a scam site puts beside a short mark (`ccbvip`, `sfpay`).
const FILLERS: &[&str] = &[
    "vip", "cn", "kf", "pay", "app", "bank", "jf", "web", "wap", "online", "secure", "verify",
    "login", "service", "help", "card", "m", "my", "e", "net", "com", "hk", "zx", "tk", "gw",
];

/// Does one host label (as [`skeleton`] spells it) carry the mark?
fn label_carries(label: &str, mark: &str) -> bool {
    let parts: Vec<&str> = label.split(['-', '_']).filter(|p| !p.is_empty()).collect();
    if parts.contains(&mark) {
        return true;
    }
    let joined: String = parts.concat();
    let long = mark.chars().count() >= 4;
    if long && joined.contains(mark) {
        return true;
    }
    if !long {
        // A short mark (ccb, boc, sf) only as a word of its own, or beside a filler.
        return parts.iter().any(|p| {
            p.strip_prefix(mark)
                .or_else(|| p.strip_suffix(mark))
                .is_some_and(|rest| {
                    FILLERS.contains(&rest)
                        || rest.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty()
                })
        });
    }
    // A near spelling of a longer name: one letter changed, added, dropped or swapped.
    mark.len() >= 5
        && mark.bytes().all(|b| b.is_ascii_alphabetic())
        && parts
            .iter()
            .any(|p| p.len().abs_diff(mark.len()) <= 1 && strsim::damerau_levenshtein(p, mark) == 1)
}

/// A label as it looks: accents dropped, letters from other scripts that
/// look Latin made Latin, and the usual stand-ins (`1`, `l` and `i`; `0` and
/// `o`; `rn` and `m`; `vv` and `w`) made one letter.
pub fn skeleton(text: &str) -> String {
    let plain: String = text
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'а' | 'α' => 'a',
            'в' | 'β' => 'b',
            'с' | 'ϲ' => 'c',
            'ԁ' => 'd',
            'е' | 'ε' | 'ё' => 'e',
            'ɡ' => 'g',
            'һ' => 'h',
            'і' | 'ι' | 'ı' | 'ӏ' | '1' | 'l' | '|' | '!' => 'i',
            'ј' => 'j',
            'к' | 'κ' => 'k',
            'м' => 'm',
            'п' => 'n',
            'о' | 'ο' | 'σ' | '0' => 'o',
            'р' | 'ρ' => 'p',
            'ԛ' => 'q',
            'ѕ' => 's',
            'т' | 'τ' => 't',
            'υ' | 'ս' => 'u',
            'ν' => 'v',
            'ԝ' | 'ω' => 'w',
            'х' | 'χ' => 'x',
            'у' | 'γ' => 'y',
            other => other,
        })
        .collect();
    plain.replace("rn", "m").replace("vv", "w")
}

/// A message made ready for the rules: NFKC, traditional made simplified,
/// lower case, and every run of spaces and punctuation taken out between
/// Chinese characters and made one space between Latin words
/// ("安 全-账 户" reads 安全账户, "Safe  Account!" reads "safe account").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageText {
    /// The text for word rules.
    pub spaced: String,
}

/// Builds a [`MessageText`].
pub fn message_text(text: &str) -> String {
    // 帐 is the older spelling of 账 (帐户, 帐号), still common.
    let simplified = fast2s::convert(&text.nfkc().collect::<String>())
        .to_lowercase()
        .replace('帐', "账");
    let mut out = String::with_capacity(simplified.len());
    let mut gap = false;
    for c in simplified.chars() {
        if c.is_alphanumeric() {
            if gap
                && c.is_ascii_alphanumeric()
                && out
                    .chars()
                    .next_back()
                    .is_some_and(|p| p.is_ascii_alphanumeric())
            {
                out.push(' ');
            }
            out.push(c);
            gap = false;
        } else {
            gap = true;
        }
    }
    out
}

impl MessageText {
    /// Reads `text`.
    pub fn new(text: &str) -> MessageText {
        MessageText {
            spaced: message_text(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake(host: &str) -> Option<String> {
        Sites::built_in().impersonated(host).map(|b| b.code.clone())
    }

    #[test]
    fn lookalikes_name_the_body_they_pretend_to_be() {
        for (host, body) in [
            ("icbc-verify.top", "icbc"),
            ("lcbc.cn", "icbc"),
            ("1cbc-cn.com", "icbc"),
            ("www.icbc.com.cn.secure-login.top", "icbc"),
            ("ccb-vip.cc", "ccb"),
            ("ccbvip.cc", "ccb"),
            ("boc.cn-secure.net", "boc"),
            ("95588-jf.xyz", "icbc"),
            ("10086jf.cn", "china_mobile"),
            ("www.gov.cn.tax-refund.top", "gov"),
            ("alipay-kefu.vip", "alipay"),
            ("alipey.com", "alipay"),
            ("sf-express-pay.com", "sf_express"),
            ("12306-refund.cc", "railway"),
            ("chinatax-tuishui.com", "tax"),
            // Cyrillic а in alipay, as the phone's address bar shows it.
            ("xn--lipay-3ve.com", "alipay"),
            // "gov" as a word of a host the government does not own.
            ("mvdis-gov.top", "gov"),
            ("irs-gov-refund.com", "gov"),
            ("gov.uk-tax.cc", "gov"),
            // Taiwan's, Hong Kong's and the insurers' names too.
            ("hsbc-hk-secure.com", "hsbc_hk"),
            ("hongkongpost-fee.cc", "hongkong_post"),
            ("ctbc-verify.top", "ctbc"),
            ("chinalife-lipei.vip", "china_life"),
        ] {
            assert_eq!(fake(host).as_deref(), Some(body), "{host}");
        }
    }

    #[test]
    fn real_sites_and_their_subdomains_and_strangers_are_not_lookalikes() {
        for host in [
            "icbc.com.cn",
            "mybank.icbc.com.cn",
            "m.icbc.com.cn",
            "www.ccb.com",
            "www.boc.cn",
            "www.12306.cn",
            "www.chinatax.gov.cn",
            "etax.chinatax.gov.cn",
            "www.gov.cn",
            "beijing.gov.cn",
            "www.sf-express.com",
            "weixin.qq.com",
            "www.baidu.com",
            "bocai.com",
            "example.org",
            "meituan.com",
            "github.com",
            // Government-only suffixes elsewhere: only a government has them.
            "www.irs.gov",
            "www.gov.uk",
            "www.bli.gov.tw",
            "www.gov.hk",
            "governor.com",
            "www.hsbc.com.hk",
            "www.post.gov.tw",
            "www.bot.com.tw",
            "www.e-chinalife.com",
            "robot.com",
        ] {
            assert_eq!(fake(host), None, "{host}");
        }
        let sites = Sites::built_in();
        for host in ["irs.gov", "www.gov.uk", "tax.nat.gov.tw", "icbc.com.cn"] {
            assert!(sites.official(host), "{host}");
        }
        for host in ["gov.top", "irs-gov.com", "icbc-verify.top", "gov", "gov.uk"] {
            assert!(!sites.official(host), "{host}");
        }
    }

    #[test]
    fn an_address_dressed_as_another_says_whose_it_really_is() {
        for (host, domain) in [
            ("usps.com-trackhelp.top", "com-trackhelp.top"),
            ("sf-express.com.kdfix.cc", "kdfix.cc"),
            ("hongkongpost.hk-redelivery.com", "hk-redelivery.com"),
            ("www.royalmail.co.uk.parcel-fee.info", "parcel-fee.info"),
        ] {
            assert_eq!(disguised(host).as_deref(), Some(domain), "{host}");
        }
        for host in [
            "www.usps.com",
            "hk-express.com",
            "www.hk-express.com",
            "icbc.com.cn",
            "mail.example.org",
            "com.example.org",
        ] {
            assert_eq!(disguised(host), None, "{host}");
        }
    }

    #[test]
    fn a_signed_table_is_read_and_a_changed_one_refused() {
        let key = super::super::wire::test_signing_key();
        let json = Sites::json_with(7, 1_767_225_600, &[]);
        let file = Sites::encode(&json, &key);
        let sites = Sites::decode(&file, &key.verifying_key()).expect("signed table");
        assert_eq!(sites.version, 7);
        let mut changed = file.clone();
        changed[10] ^= 1;
        assert_eq!(
            Sites::decode(&changed, &key.verifying_key()).err(),
            Some(FraudError::BadSignature)
        );
        let other = SigningKey::from_bytes(&[9; 32]);
        assert_eq!(
            Sites::decode(&file, &other.verifying_key()).err(),
            Some(FraudError::BadSignature)
        );
        let unsigned_junk = Sites::encode(b"{\"version\":1}", &key);
        assert!(matches!(
            Sites::decode(&unsigned_junk, &key.verifying_key()),
            Err(FraudError::BadFormat(_))
        ));
    }

    #[test]
    fn messages_name_bodies_in_words_in_every_script() {
        let sites = Sites::built_in();
        let codes = |t: &str| {
            sites
                .named_in(&MessageText::new(t))
                .iter()
                .map(|b| b.code.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(codes("【工商银行】您的账户"), ["icbc"]);
        assert_eq!(codes("【工商銀行】您的帳戶"), ["icbc"]);
        assert_eq!(codes("[Bank of China] your account"), ["boc"]);
        // A short English name inside another word is not a name.
        assert!(codes("problems with the system").is_empty());
    }
}

//! Turning what an elder types, pastes or scans into the one spelling the
//! blocklist uses. `+86 138-0013-8000`, `0086 13800138000` and
//! `１３８００１３８０００` are the same phone; `HTTPS://Login.ICBC-safe.com./x`
//! and `icbc-safe.com` are the same site; `6222 0212 3456 7890` is one
//! account number.
//!
//! Rules, in order:
//! - Unicode NFKC first (full-width digits and letters from Chinese input
//!   methods become ASCII), then trim.
//! - Phone: drop spaces, `-`, `.`, `(`, `)`, a `tel:` prefix and the China
//!   country code (`+86`, `0086`, `86` before an 11-digit mobile). Mobiles are
//!   11 digits starting `1[3-9]`; landlines start with `0` (area code);
//!   `400`/`800` service numbers have 10 digits; `95xxx`/`96xxx` short bank
//!   and hotline numbers; other `+country` numbers keep their `+`.
//! - Account: 12 to 25 digits once spaces and dashes are gone.
//! - URL: anything with a scheme, a `www.` start, or a dotted host with a
//!   known public suffix. The key is the registrable domain (the public
//!   suffix list decides: `a.b.example.com.cn` → `example.com.cn`), lower
//!   case, without trailing dots, internationalised names in punycode.
//!   IP addresses stay as they are.
//! - QR or pasted text: a URL, `tel:`, phone or account inside the text is
//!   found and normalised; `WIFI:`/`BEGIN:VCARD` payloads are read for
//!   their phone numbers and links.

use regex::Regex;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// What a piece of text turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A phone number (mobile, landline, service number).
    Phone,
    /// A bank account or card number.
    Account,
    /// A web address; the key is its registrable domain.
    Url,
    /// Nothing we can check.
    Unknown,
}

impl Kind {
    /// Stable code, used in JSON and in the hash key.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Phone => "phone",
            Kind::Account => "account",
            Kind::Url => "url",
            Kind::Unknown => "unknown",
        }
    }

    /// Parses [`Kind::code`].
    pub fn from_code(code: &str) -> Option<Kind> {
        Some(match code {
            "phone" => Kind::Phone,
            "account" => Kind::Account,
            "url" => Kind::Url,
            "unknown" => Kind::Unknown,
            _ => return None,
        })
    }
}

/// One checkable item in its canonical spelling.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Normalized {
    /// Phone, account or URL.
    pub kind: Kind,
    /// The canonical spelling (digits, `+digits`, or a registrable domain).
    pub value: String,
    /// For a URL: the full host, when it differs from the registrable domain
    /// (a list may name one subdomain of a shared host).
    pub host: Option<String>,
}

impl Normalized {
    fn new(kind: Kind, value: impl Into<String>) -> Normalized {
        Normalized {
            kind,
            value: value.into(),
            host: None,
        }
    }

    /// The keys to look up, most specific first.
    pub fn keys(&self) -> Vec<u64> {
        let mut keys = Vec::with_capacity(2);
        if let Some(host) = &self.host {
            keys.push(super::key(self.kind, host));
        }
        keys.push(super::key(self.kind, &self.value));
        keys
    }
}

/// Longest text we look at; anything longer is cut (a QR code holds at most
/// ~7,000 characters; an SMS far less).
pub const MAX_INPUT_CHARS: usize = 8_000;

/// The text as the normalisers read it: NFKC (full-width → ASCII), cut at
/// [`MAX_INPUT_CHARS`], trimmed.
pub fn prepared(text: &str) -> String {
    prepare(text)
}

fn prepare(text: &str) -> String {
    spoken_digits(
        text.chars()
            .take(MAX_INPUT_CHARS)
            .nfkc()
            .collect::<String>()
            .trim(),
    )
}

/// A number said digit by digit and written down in words by a recogniser
/// (幺三八幺二三四五六七八) as the digits it is: runs of five or more digit
/// words, so 一二三 in a sentence stays words.
fn spoken_digits(text: &str) -> String {
    const WORDS: [char; 12] = [
        '零', '〇', '幺', '一', '二', '三', '四', '五', '六', '七', '八', '九',
    ];
    const DIGITS: [char; 12] = ['0', '0', '1', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| WORDS.contains(c)).count();
        if run >= 5 {
            for c in &chars[i..i + run] {
                let at = WORDS.iter().position(|w| w == c).unwrap_or(0);
                out.push(DIGITS[at]);
            }
            i += run;
        } else {
            out.extend(&chars[i..i + run.max(1)]);
            i += run.max(1);
        }
    }
    out
}

/// Normalises one item the user typed or pasted: the whole text is taken as
/// one phone, account or URL. Falls back to [`extract`] for longer text and
/// returns the first item found, or `None`.
pub fn normalize(text: &str) -> Option<Normalized> {
    let text = prepare(text);
    if text.is_empty() {
        return None;
    }
    whole(&text).or_else(|| extract_prepared(&text).into_iter().next())
}

/// The whole text as one number, account or site, or `None` (a message,
/// or nothing checkable).
pub fn whole_item(text: &str) -> Option<Normalized> {
    let text = prepare(text);
    if text.is_empty() {
        return None;
    }
    whole(&text)
}

/// The whole (prepared) text as one item.
fn whole(text: &str) -> Option<Normalized> {
    if let Some(rest) = strip_prefix_ci(text, "tel:") {
        return phone(rest);
    }
    if let Some(p) = phone(text) {
        return Some(p);
    }
    if let Some(a) = account(text) {
        return Some(a);
    }
    // A sentence is not one web address, even with no spaces in it
    // (Chinese has none): its punctuation never appears in a host.
    if text
        .chars()
        .any(|c| c.is_whitespace() || ",\"'。【】、！？；《》“”".contains(c))
    {
        return None;
    }
    url(text)
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Characters people put inside numbers.
fn is_number_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}' | '\t')
}

/// A phone number, or `None`.
pub fn phone(text: &str) -> Option<Normalized> {
    let trimmed = text.trim();
    let plus = trimmed.starts_with('+');
    let body = if plus { &trimmed[1..] } else { trimmed };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || is_number_separator(c))
    {
        return None;
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    let national = if plus {
        match digits.strip_prefix("86") {
            Some(rest) => national_with_trunk(rest),
            None => {
                return (7..=15)
                    .contains(&digits.len())
                    .then(|| Normalized::new(Kind::Phone, format!("+{digits}")));
            }
        }
    } else if let Some(rest) = digits.strip_prefix("0086") {
        national_with_trunk(rest)
    } else if digits.len() == 13 && digits.starts_with("861") {
        digits[2..].to_string()
    } else {
        digits
    };
    is_china_phone(&national).then(|| Normalized::new(Kind::Phone, national))
}

/// After `+86`, landlines lose their leading `0` (`+86 10 …` is `010 …`).
fn national_with_trunk(rest: &str) -> String {
    let mobile = rest.starts_with('1') && rest.len() == 11;
    let keeps_prefix = rest.starts_with('0') || rest.starts_with("400") || rest.starts_with("800");
    if mobile || keeps_prefix {
        rest.to_string()
    } else {
        format!("0{rest}")
    }
}

fn is_china_phone(d: &str) -> bool {
    let b = d.as_bytes();
    match d.len() {
        // 1[3-9]x xxxx xxxx
        11 if b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) => true,
        // 0 + area code (2–3 digits) + 7–8 digits
        10..=12 if b[0] == b'0' && b[1] != b'0' => true,
        // 400 / 800 service numbers
        10 if d.starts_with("400") || d.starts_with("800") => true,
        // 95xxx / 96xxx bank and hotline numbers (95588, 96110)
        5 | 6 if d.starts_with("95") || d.starts_with("96") => true,
        _ => false,
    }
}

/// A bank account or card number, or `None`.
pub fn account(text: &str) -> Option<Normalized> {
    let t = text.trim();
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-'))
    {
        return None;
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    ((12..=25).contains(&digits.len()) && !is_china_phone(&digits))
        .then(|| Normalized::new(Kind::Account, digits))
}

/// A web address reduced to its registrable domain, or `None`.
pub fn url(text: &str) -> Option<Normalized> {
    let t = text
        .trim()
        .trim_end_matches(['，', '。', ',', ')', '）', '>', '"', '\'']);
    if t.is_empty() || t.len() > 2_048 {
        return None;
    }
    // The host is read as a web address's host whatever the scheme:
    // `weixin://`, `xttp://` and other unknown schemes keep an opaque host
    // (no IPv4, no punycode), which would give the same site another key.
    let (has_scheme, candidate) = match t.split_once("://") {
        Some((_, rest)) => (true, format!("http://{rest}")),
        None => (false, format!("http://{t}")),
    };
    let parsed = url::Url::parse(&candidate).ok()?;
    match parsed.host()? {
        // `3.5` or `12345` parse as IPv4 addresses; without a scheme only a
        // written-out dotted quad is taken for one.
        url::Host::Ipv4(_) if !has_scheme && !is_dotted_quad(t) => None,
        url::Host::Ipv4(ip) => Some(Normalized::new(Kind::Url, ip.to_string())),
        url::Host::Ipv6(ip) => Some(Normalized::new(Kind::Url, ip.to_string())),
        url::Host::Domain(domain) => {
            let host = domain.trim_end_matches('.').to_ascii_lowercase();
            // Letters, digits, `-` and `_` in labels that are not empty: the
            // url crate lets `(`, `)`, `!`… into a host, and such a key
            // would not come back from the site's own address.
            let label_char = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
            // No top-level domain is a number: `192.168..` is a broken
            // address, not the site `192.168` (which reads as an IPv4).
            let numeric_tld = host
                .rsplit('.')
                .next()
                .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()));
            if !host.contains('.')
                || host.split('.').any(str::is_empty)
                || !host.bytes().all(|b| b == b'.' || label_char(b))
                || numeric_tld
            {
                return None;
            }
            let registrable = psl::domain_str(&host);
            // Without a scheme we ask for a real public suffix, so `3.5` or
            // `hello.world123` are not taken for sites.
            if !has_scheme && !t.starts_with("www.") {
                let suffix = psl::suffix(host.as_bytes())?;
                if !suffix.is_known() {
                    return None;
                }
            }
            let value = registrable.unwrap_or(&host).to_string();
            let host = (host != value).then_some(host);
            Some(Normalized {
                kind: Kind::Url,
                value,
                host,
            })
        }
    }
}

fn is_dotted_quad(text: &str) -> bool {
    let host = text.split(['/', ':', '?', '#']).next().unwrap_or("");
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

static URL_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (
        (?: [a-z][a-z0-9+.\-]{1,20}://[^\s<>\x22'，。、）]+ )     # with a scheme
      | (?: www\.[^\s<>\x22'，。、）]+ )                          # www.
      | (?: (?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,24}|中国|中國|公司|网络|網絡|香港|台湾|台灣)
            (?:/[^\s<>\x22'，。、）]*)? )                          # host.tld/… (ASCII labels)
        )
        (?:[^a-z0-9_.\-]|$)
        ",
    )
    .expect("URL pattern")
});

static NUMBER_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:tel:)?\+?[0-9](?:[0-9 \-().]{3,30}[0-9])?").expect("number pattern")
});

/// Every checkable item inside a longer text (an SMS, a QR payload), in the
/// order they appear, without repeats.
pub fn extract(text: &str) -> Vec<Normalized> {
    extract_prepared(&prepare(text))
}

fn extract_prepared(text: &str) -> Vec<Normalized> {
    let mut found: Vec<(usize, Normalized)> = Vec::new();
    let mut url_spans: Vec<(usize, usize)> = Vec::new();
    for caps in URL_IN_TEXT.captures_iter(text) {
        let Some(m) = caps.get(1) else { continue };
        if let Some(n) = url(m.as_str()) {
            url_spans.push((m.start(), m.end()));
            found.push((m.start(), n));
        }
    }
    for m in NUMBER_IN_TEXT.find_iter(text) {
        if url_spans.iter().any(|&(s, e)| m.start() < e && s < m.end()) {
            continue;
        }
        let s = m.as_str();
        let s = strip_prefix_ci(s, "tel:").unwrap_or(s);
        if let Some(n) = phone(s).or_else(|| account(s)) {
            found.push((m.start(), n));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    let mut out: Vec<Normalized> = Vec::new();
    for (_, n) in found {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Option<(Kind, String)> {
        normalize(text).map(|n| (n.kind, n.value))
    }

    #[test]
    fn a_number_said_in_digit_words_is_the_number() {
        assert_eq!(
            n("幺三八幺二三四五六七八"),
            Some((Kind::Phone, "13812345678".into()))
        );
        assert_eq!(n("幺三八幺二三四五六七八"), n("138 1234 5678"));
        let found = extract("这个号码一三九零零零零一一一一是不是骗子");
        assert_eq!(found.first().map(|f| f.value.as_str()), Some("13900001111"));
        // A few digit words in a sentence stay words.
        assert_eq!(spoken_digits("一二三木头人"), "一二三木头人");
    }

    fn p(v: &str) -> Option<(Kind, String)> {
        Some((Kind::Phone, v.to_string()))
    }

    fn d(v: &str) -> Option<(Kind, String)> {
        Some((Kind::Url, v.to_string()))
    }

    #[test]
    fn mobiles_in_every_spelling_are_one_number() {
        for text in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 138 0013 8000",
            "+86-13800138000",
            "0086 13800138000",
            "8613800138000",
            "(+86) 138.0013.8000",
            "tel:+8613800138000",
            "１３８００１３８０００",
            "  13800138000\n",
        ] {
            assert_eq!(n(text), p("13800138000"), "{text:?}");
        }
    }

    #[test]
    fn landlines_and_service_numbers() {
        assert_eq!(n("010-12345678"), p("01012345678"));
        assert_eq!(n("+86 10 1234 5678"), p("01012345678"));
        assert_eq!(n("(0755) 8888 9999"), p("075588889999"));
        assert_eq!(n("400-800-9555"), p("4008009555"));
        assert_eq!(n("96110"), p("96110"));
        assert_eq!(n("95588"), p("95588"));
        assert_eq!(n("+1 415 555 0100"), p("+14155550100"));
        assert_eq!(n("+44 20 7946 0958"), p("+442079460958"));
    }

    #[test]
    fn short_or_odd_numbers_are_not_phones() {
        assert_eq!(n("12345"), None);
        assert_eq!(n("1380013800"), None, "10 digits starting with 1");
        assert_eq!(n("12800138000"), None, "no mobile starts with 12");
        assert_eq!(n("110"), None);
    }

    #[test]
    fn account_numbers_lose_their_spaces() {
        let a = |v: &str| Some((Kind::Account, v.to_string()));
        assert_eq!(n("6222 0212 3456 7890"), a("6222021234567890"));
        assert_eq!(n("6222-0212-3456-7890-123"), a("6222021234567890123"));
        assert_eq!(n("６２２２０２１２３４５６７８９０"), a("6222021234567890"));
        assert_eq!(n("622202123456"), a("622202123456"));
        assert_eq!(n("62220212345"), None, "11 digits, not a mobile, too short");
    }

    #[test]
    fn urls_reduce_to_the_registrable_domain() {
        for text in [
            "icbc-safe.com",
            "ICBC-SAFE.COM",
            "http://icbc-safe.com",
            "https://Login.ICBC-safe.com./verify?id=1",
            "HTTPS://a.b.c.icbc-safe.com:8443/x#y",
            "www.icbc-safe.com",
            "icbc-safe.com/path，",
        ] {
            assert_eq!(n(text), d("icbc-safe.com"), "{text:?}");
        }
        assert_eq!(n("https://pay.example.com.cn/a"), d("example.com.cn"));
        assert_eq!(n("http://user.github.io/"), d("user.github.io"));
        assert_eq!(n("http://192.168.1.10:8080/login"), d("192.168.1.10"));
        assert_eq!(n("192.168.1.10/login"), d("192.168.1.10"));
    }

    #[test]
    fn any_scheme_gives_the_same_site() {
        // Found by the normalize fuzz target: with a scheme the url crate
        // does not know, the host was opaque, and `192.168.1.10` became the
        // "domain" `1.10`.
        assert_eq!(n("xttp://192.168.1.10:8080/login"), d("192.168.1.10"));
        assert_eq!(n("weixin://Login.ICBC-safe.com/x"), d("icbc-safe.com"));
        assert_eq!(
            normalize("alipays://银行.中国/pay"),
            normalize("https://银行.中国/pay")
        );
        // Also found by it: hosts the url crate takes but no site has.
        assert_eq!(n("HTTPS://Login.ICBC-safe.com)./verify"), None);
        assert_eq!(n("w://.-2."), None);
        assert_eq!(n("http://a..b.com/"), None);
        assert_eq!(n("h}tp://192.168..."), None);
        assert_eq!(n("http://192.168.1.10./x"), d("192.168.1.10"));
    }

    #[test]
    fn internationalised_names_become_punycode() {
        assert_eq!(
            n("http://工商银行.中国/"),
            d("xn--czr93rq40bruk.xn--fiqs8s")
        );
        assert_eq!(n("工商银行.中国"), n("http://工商银行.中国"));
        assert_eq!(n("HTTP://工商银行.中国./a"), n("http://工商银行.中国"));
    }

    #[test]
    fn a_subdomain_keeps_its_host_for_lookup() {
        let x = normalize("https://evil.sites.example.com/").unwrap();
        assert_eq!(x.value, "example.com");
        assert_eq!(x.host.as_deref(), Some("evil.sites.example.com"));
        assert_eq!(x.keys().len(), 2);
    }

    #[test]
    fn numbers_and_words_are_not_sites() {
        assert_eq!(n("3.5"), None);
        assert_eq!(n("hello.world123"), None);
        assert_eq!(n("安全账户"), None);
        assert_eq!(n(""), None);
        assert_eq!(n("   "), None);
    }

    #[test]
    fn text_and_qr_payloads_give_what_they_contain() {
        let sms = "【工行】您的账户异常，请点击 http://icbc-vip.cc/x 或致电 400-123-4567 办理";
        let items = extract(sms);
        assert_eq!(
            items
                .iter()
                .map(|i| (i.kind, i.value.as_str()))
                .collect::<Vec<_>>(),
            vec![(Kind::Url, "icbc-vip.cc"), (Kind::Phone, "4001234567")]
        );
        assert_eq!(n("tel:138-0013-8000"), p("13800138000"));
        assert_eq!(
            n("BEGIN:VCARD\nVERSION:3.0\nFN:客服\nTEL:+86 138 0013 8000\nEND:VCARD"),
            p("13800138000")
        );
        assert_eq!(
            n("wxp://f2f0abc"),
            None,
            "a pay code with no host has nothing to check"
        );
        assert_eq!(n("https://qr.alipay.com/fkx12345"), d("alipay.com"));
        assert_eq!(
            n("请转到 6222 0212 3456 7890 户名张三"),
            Some((Kind::Account, "6222021234567890".into()))
        );
    }

    #[test]
    fn very_long_input_is_cut_not_refused() {
        let long = format!("{} 13800138000", "字".repeat(20_000));
        assert_eq!(normalize(&long), None, "the phone is past the cut");
        let long = format!("13800138000 {}", "字".repeat(20_000));
        assert_eq!(n(&long), p("13800138000"));
    }

    mod fuzz {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2_000))]

            /// Any text at all: an answer, never a panic; and the canonical
            /// spelling is a fixed point.
            #[test]
            fn any_text_is_answered_and_canonical_is_stable(text in "\\PC{0,80}") {
                if let Some(n) = normalize(&text) {
                    let again = normalize(&n.value).expect("canonical form normalises");
                    prop_assert_eq!((again.kind, again.value), (n.kind, n.value.clone()));
                }
                let _ = extract(&text);
            }

            /// A mobile written with any mix of separators and prefixes is one number.
            #[test]
            fn every_spelling_of_a_mobile_is_the_same(
                second in 3u8..=9,
                rest in "[0-9]{9}",
                prefix in prop::sample::select(vec!["", "+86", "+86 ", "0086", "86", "tel:", "tel:+86"]),
                seps in prop::collection::vec(prop::sample::select(vec!["", " ", "-", "."]), 11),
                full_width in any::<bool>(),
            ) {
                let digits = format!("1{second}{rest}");
                let mut text = prefix.to_string();
                for (d, sep) in digits.chars().zip(&seps) {
                    text.push_str(sep);
                    text.push(if full_width { char::from_u32(d as u32 - '0' as u32 + 0xFF10).unwrap() } else { d });
                }
                let n = normalize(&text).expect("a phone");
                prop_assert_eq!(n.kind, Kind::Phone);
                prop_assert_eq!(n.value, digits);
            }

            /// A domain keeps its key whatever the case, scheme, path or trailing dot.
            #[test]
            fn every_spelling_of_a_site_is_the_same(
                label in "zq[a-z0-9]{1,9}",
                sub in prop::option::of("[a-z]{1,6}"),
                tld in prop::sample::select(vec!["com", "cn", "com.cn", "top", "cc"]),
                scheme in prop::sample::select(vec!["", "http://", "HTTPS://", "https://"]),
                upper in any::<bool>(),
                dot in any::<bool>(),
                path in "(/[a-z0-9]{0,6}){0,2}",
            ) {
                let host = match &sub { Some(s) => format!("{s}.{label}.{tld}"), None => format!("{label}.{tld}") };
                let mut text = format!("{scheme}{host}{}{path}", if dot { "." } else { "" });
                if upper { text = text.to_uppercase(); }
                let n = normalize(&text).expect("a site");
                prop_assert_eq!(n.kind, Kind::Url);
                prop_assert_eq!(n.value, format!("{label}.{tld}"));
            }
        }
    }
}

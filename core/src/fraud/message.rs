//! Scam messages the list does not know yet: a pasted SMS or chat message
//! is read for lookalike sites and for the scripts police and banks warn
//! about, and gets one answer:
//!
//! - `listed`: a number, account or site in it is on the scam list;
//! - `suspicious`: signals, each with a plain sentence, and the scam they
//!   point to when one fits;
//! - `clear`: nothing found. The sentence never says a message is safe.
//!
//! The rules read the text once through one automaton of words (with
//! traditional characters made simplified first) and look at the links and
//! numbers [`super::normalize::extract`] finds in it. A bank's ordinary
//! notice (a balance change, a one-time code that says never to share it, a
//! bill) names no script and links only to the bank's own site: it stays
//! clear.

use super::sites::{MessageText, Sites};
use super::{Kind, Lookup, Normalized, ScamCategory};
use crate::i18n::{I18n, Language};
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// The one answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Something in it is on the scam list.
    Listed,
    /// It reads like a scam.
    Suspicious,
    /// Nothing found (which is not the same as safe).
    Clear,
}

impl Verdict {
    /// `listed`, `suspicious` or `clear`.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Listed => "listed",
            Verdict::Suspicious => "suspicious",
            Verdict::Clear => "clear",
        }
    }
}

/// Why a message looks like a scam: each has a plain sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Signal {
    /// A link's host carries a body's name but is not its site.
    LookalikeSite {
        /// The body it pretends to be (a code of the real-site table).
        body: String,
        /// The fake host.
        host: String,
    },
    /// The message speaks as a body, but its link is not that body's site.
    NotTheirSite {
        /// The body it names.
        body: String,
        /// The link's host.
        host: String,
    },
    /// Words only scams use (安全账户, 公检法, 刷单), or scam words with a
    /// way to reach the scammer.
    ScamWords {
        /// The scam those words belong to.
        category: ScamCategory,
        /// The first such word, as written in the table.
        word: &'static str,
    },
    /// A link dressed as another site: a web-address ending in front of
    /// its own domain (`usps.com-track.top` belongs to `com-track.top`).
    DisguisedSite {
        /// The link's host.
        host: String,
        /// The domain it really belongs to.
        domain: String,
    },
    /// "Your account is abnormal / will be frozen" with a link or a number.
    AccountThreat,
    /// Points, a subsidy, a tax refund or a claim, behind a link.
    RewardLink,
    /// A pension check or a social-security card "upgrade" asking for an
    /// ID number, a card number or a code.
    IdentityRequest,
    /// A "child" or "grandchild" with a new number (or in trouble) asking for money.
    RelativeNewNumber,
    /// Someone ("customer service") asking for the verification code.
    CodeRequest,
    /// Money first (a fee, a deposit, a tax) before a loan, a prize or a parcel.
    FeeFirst {
        /// The scam the fee is for.
        category: ScamCategory,
    },
    /// Guaranteed, high or daily returns.
    PromisedReturns {
        /// The scam the promise belongs to.
        category: ScamCategory,
    },
    /// A link to a site nobody knows, asking for details or money.
    LinkAsks,
    /// A membership or insurance "will charge you" unless "customer
    /// service" helps you cancel it.
    CancelCharge,
    /// No rule fired, but the message reads very much like the reported
    /// scams the model learned from ([`super::model`]).
    ReadsLike {
        /// The scam it reads most like.
        category: ScamCategory,
    },
}

impl Signal {
    /// Stable code (JSON).
    pub fn code(&self) -> &'static str {
        match self {
            Signal::LookalikeSite { .. } => "lookalike_site",
            Signal::NotTheirSite { .. } => "not_their_site",
            Signal::DisguisedSite { .. } => "disguised_site",
            Signal::ScamWords { .. } => "scam_words",
            Signal::AccountThreat => "account_threat",
            Signal::RewardLink => "reward_link",
            Signal::IdentityRequest => "identity_request",
            Signal::RelativeNewNumber => "relative_new_number",
            Signal::CodeRequest => "code_request",
            Signal::FeeFirst { .. } => "fee_first",
            Signal::PromisedReturns { .. } => "promised_returns",
            Signal::LinkAsks => "link_asks",
            Signal::CancelCharge => "cancel_charge",
            Signal::ReadsLike { .. } => "reads_like",
        }
    }

    /// The scam this signal points to.
    pub fn category(&self) -> ScamCategory {
        match self {
            Signal::ScamWords { category, .. }
            | Signal::ReadsLike { category }
            | Signal::FeeFirst { category }
            | Signal::PromisedReturns { category } => *category,
            Signal::RelativeNewNumber => ScamCategory::RelativeImpersonation,
            Signal::CodeRequest | Signal::CancelCharge => ScamCategory::ServiceRefund,
            Signal::LookalikeSite { .. }
            | Signal::NotTheirSite { .. }
            | Signal::DisguisedSite { .. }
            | Signal::AccountThreat
            | Signal::RewardLink
            | Signal::IdentityRequest
            | Signal::LinkAsks => ScamCategory::Phishing,
        }
    }

    /// The body a site signal names, from `sites`.
    pub fn body<'s>(&self, sites: &'s Sites) -> Option<&'s super::sites::Body> {
        match self {
            Signal::LookalikeSite { body, .. } | Signal::NotTheirSite { body, .. } => {
                sites.bodies().iter().find(|b| &b.code == body)
            }
            _ => None,
        }
    }

    /// The plain sentence, in `lang`.
    pub fn sentence(&self, i18n: &I18n, lang: Language, sites: &Sites) -> String {
        let id = format!("signal-{}", self.code().replace('_', "-"));
        match self {
            Signal::LookalikeSite { host, .. } | Signal::NotTheirSite { host, .. } => {
                let (name, domain) = self
                    .body(sites)
                    .map(|b| (b.name(lang).to_string(), b.main_domain().to_string()))
                    .unwrap_or_default();
                i18n.tr_args(
                    lang,
                    &id,
                    &[
                        ("body", name.into()),
                        ("domain", domain.into()),
                        ("host", host.clone().into()),
                    ],
                )
            }
            Signal::DisguisedSite { host, domain } => i18n.tr_args(
                lang,
                &id,
                &[
                    ("host", host.clone().into()),
                    ("domain", domain.clone().into()),
                ],
            ),
            Signal::ReadsLike { category } => i18n.tr_args(
                lang,
                &id,
                &[("scam", i18n.tr(lang, &category.name_id()).into())],
            ),
            Signal::ScamWords { category, word } => i18n.tr_args(
                lang,
                &id,
                &[
                    ("word", (*word).into()),
                    ("scam", i18n.tr(lang, &category.name_id()).into()),
                ],
            ),
            _ => i18n.tr(lang, &id),
        }
    }
}

/// What a message check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageCheck {
    /// The list lookup of the numbers, accounts and sites in it.
    pub lookup: Lookup,
    /// Listed, suspicious or clear.
    pub verdict: Verdict,
    /// Why it looks like a scam (empty when clear).
    pub signals: Vec<Signal>,
    /// The scam it is listed for or reads like, when one fits.
    pub category: Option<ScamCategory>,
    /// The whole text was one number, account or site (not a message).
    pub bare_item: bool,
}

/// What a word tells the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Concept {
    /// A scam word of the risk check (certain or not).
    Scam(usize),
    /// The account is abnormal, frozen, suspended, overdue.
    Threat,
    /// Points, subsidies, refunds, claims, prizes.
    Reward,
    /// Pension, social security, medical insurance.
    IdentityTopic,
    /// ID number, card number, password, code.
    IdentityAsk,
    /// Mum, dad, grandma, "it's me".
    Relative,
    /// A new number, a lost or broken phone.
    NewNumber,
    /// Arrested, in hospital, an accident, "don't tell".
    Trouble,
    /// Send money, transfer, lend.
    MoneyAsk,
    /// The verification code.
    Code,
    /// Send it to me, tell me, read it out.
    CodeAsk,
    /// Never share, beware, we will never ask (an honest reminder).
    Warning,
    /// Add me on WeChat, download, join the group, scan.
    Contact,
    /// Police or screen-sharing words only scams use.
    PoliceOrScreen(ScamCategory),
    /// A promise of returns, with money or a way to reach the sender.
    Promise(ScamCategory),
    /// A promise no honest seller makes.
    StrongPromise(ScamCategory),
    /// Someone else's account to pay into.
    ThirdParty,
    /// Free health checks, eggs, talks.
    ElderBait,
    /// A membership or insurance that will charge.
    Subscription,
    /// Cancel.
    Cancel,
    /// Customer service, a person to call.
    Agent,
    /// A fee or deposit to pay first.
    Fee,
    /// What the fee is said to be for.
    Benefit(ScamCategory),
    /// Give details.
    Give,
    /// Pay.
    Pay,
}

const THREAT: &[&str] = &[
    "limited",
    "limitation",
    "航班取消",
    "因机械故障取消",
    "航班因",
    "flight cancelled",
    "flight has been cancelled",
    "未激活",
    "尚未激活",
    "影响通行",
    "地址不详",
    "无法派送",
    "滞留",
    "停发",
    "on hold",
    "suspicious",
    "incomplete",
    "unpaid",
    "final notice",
    "charge of",
    "placed on your account",
    "异常",
    "冻结",
    "停用",
    "逾期",
    "注销",
    "失效",
    "暂停",
    "限制",
    "封号",
    "封停",
    "作废",
    "清零",
    "过期",
    "违规",
    "锁定",
    "停机",
    "扣除",
    "降级",
    "扣费",
    "扣款",
    "自动续费",
    "abnormal",
    "unusual activity",
    "frozen",
    "freez",
    "suspend",
    "locked",
    "restricted",
    "expir",
    "deactivat",
    "overdue",
    "blocked",
    "unauthori",
    "cancelled",
    "terminated",
    "disabled",
    "invalid",
];
const REWARD: &[&str] = &[
    "积分",
    "兑换",
    "补贴",
    "领取",
    "退税",
    "理赔",
    "赔付",
    "退款",
    "返现",
    "奖励",
    "福利",
    "礼品",
    "中奖",
    "补偿",
    "退费",
    "抽奖",
    "红包",
    "赔偿",
    "返还",
    "退还",
    "point",
    "redeem",
    "subsidy",
    "claim",
    "refund",
    "rebate",
    "reward",
    "compensat",
    "cashback",
    "cash back",
    "bonus",
    "gift",
    "prize",
    "you won",
    "you have won",
    "winner",
];
const IDENTITY_TOPIC: &[&str] = &[
    "养老金",
    "资格认证",
    "社保卡",
    "医保卡",
    "社保",
    "医保",
    "退休金",
    "养老保险",
    "高龄补贴",
    "生存认证",
    "pension",
    "social security",
    "medical insurance",
    "health insurance",
    "retirement",
    "qualification",
    "eligibility",
];
const IDENTITY_ASK: &[&str] = &[
    "身份证号",
    "身份证",
    "银行卡号",
    "卡号",
    "密码",
    "验证码",
    "有效期",
    "安全码",
    "cvv",
    "人脸",
    "id number",
    "id card",
    "card number",
    "password",
    "pin",
    "verification code",
    "security code",
    "expiry",
    "date of birth",
    "bank details",
    "account details",
];
/// Only scams speak like this, whoever claims to speak: the police words
/// the risk check does not have, and a stranger asking to see the screen.
const POLICE_OR_SCREEN: &[(&str, ScamCategory)] = &[
    ("柜员问你", ScamCategory::PoliceImpersonation),
    ("别说是我们", ScamCategory::PoliceImpersonation),
    ("案子就破不了", ScamCategory::PoliceImpersonation),
    ("卸载", ScamCategory::PoliceImpersonation),
    ("开免提", ScamCategory::PoliceImpersonation),
    ("转接", ScamCategory::PoliceImpersonation),
    ("keep this secret", ScamCategory::PoliceImpersonation),
    ("dont talk to anyone", ScamCategory::PoliceImpersonation),
    ("don t talk to anyone", ScamCategory::PoliceImpersonation),
    ("transferring u to", ScamCategory::PoliceImpersonation),
    ("transferring you to", ScamCategory::PoliceImpersonation),
    ("drug money", ScamCategory::PoliceImpersonation),
    ("jiebei", ScamCategory::ServiceRefund),
    ("连本带息", ScamCategory::ServiceRefund),
    ("退款系统", ScamCategory::ServiceRefund),
    ("再转一笔", ScamCategory::ServiceRefund),
    ("学生贷款", ScamCategory::ServiceRefund),
    ("student loan", ScamCategory::ServiceRefund),
    ("操作失误", ScamCategory::ServiceRefund),
    ("数据被冻结", ScamCategory::ServiceRefund),
    ("卡单", ScamCategory::ServiceRefund),
    ("清查账户", ScamCategory::PoliceImpersonation),
    ("核查账户", ScamCategory::PoliceImpersonation),
    ("查出了", ScamCategory::PoliceImpersonation),
    ("护照", ScamCategory::PoliceImpersonation),
    ("如实说明", ScamCategory::PoliceImpersonation),
    ("embassy", ScamCategory::PoliceImpersonation),
    ("大使馆", ScamCategory::PoliceImpersonation),
    ("领事馆", ScamCategory::PoliceImpersonation),
    ("press 1", ScamCategory::PoliceImpersonation),
    ("按1", ScamCategory::PoliceImpersonation),
    ("public security bureau", ScamCategory::PoliceImpersonation),
    ("校园贷", ScamCategory::ServiceRefund),
    ("student loan account", ScamCategory::ServiceRefund),
    ("影响征信", ScamCategory::ServiceRefund),
    ("影响您的征信", ScamCategory::ServiceRefund),
    ("affect your credit", ScamCategory::ServiceRefund),
    (
        "credit record will be affected",
        ScamCategory::ServiceRefund,
    ),
    ("anydesk", ScamCategory::ServiceRefund),
    ("teamviewer", ScamCategory::ServiceRefund),
    ("向日葵", ScamCategory::ServiceRefund),
    ("备用金", ScamCategory::ServiceRefund),
    ("借呗", ScamCategory::ServiceRefund),
    ("微粒贷", ScamCategory::ServiceRefund),
    ("总资产", ScamCategory::ServiceRefund),
    ("按提示操作", ScamCategory::ServiceRefund),
    ("按我说的", ScamCategory::ServiceRefund),
    ("按我的指示", ScamCategory::ServiceRefund),
    ("手机银行上操作", ScamCategory::ServiceRefund),
    ("验证还款能力", ScamCategory::LoanFee),
    ("信用分", ScamCategory::LoanFee),
    ("刷流水", ScamCategory::LoanFee),
    ("洗钱", ScamCategory::PoliceImpersonation),
    ("通缉", ScamCategory::PoliceImpersonation),
    ("逮捕令", ScamCategory::PoliceImpersonation),
    ("拘捕", ScamCategory::PoliceImpersonation),
    ("监管账户", ScamCategory::PoliceImpersonation),
    ("妨碍办案", ScamCategory::PoliceImpersonation),
    ("刑侦", ScamCategory::PoliceImpersonation),
    ("检察官", ScamCategory::PoliceImpersonation),
    ("传票", ScamCategory::PoliceImpersonation),
    ("涉案", ScamCategory::PoliceImpersonation),
    ("案件", ScamCategory::PoliceImpersonation),
    ("保密", ScamCategory::PoliceImpersonation),
    ("laundering", ScamCategory::PoliceImpersonation),
    ("arrest warrant", ScamCategory::PoliceImpersonation),
    ("warrant", ScamCategory::PoliceImpersonation),
    ("prosecutor", ScamCategory::PoliceImpersonation),
    ("procuratorate", ScamCategory::PoliceImpersonation),
    ("supervision account", ScamCategory::PoliceImpersonation),
    ("designated account", ScamCategory::PoliceImpersonation),
    ("interrogation", ScamCategory::PoliceImpersonation),
    ("case officer", ScamCategory::PoliceImpersonation),
    ("confidential", ScamCategory::PoliceImpersonation),
    ("警官证", ScamCategory::PoliceImpersonation),
    ("国家机密", ScamCategory::PoliceImpersonation),
    ("笔录", ScamCategory::PoliceImpersonation),
    ("开个房间", ScamCategory::PoliceImpersonation),
    ("经侦", ScamCategory::PoliceImpersonation),
    ("共享屏幕", ScamCategory::ServiceRefund),
    ("屏幕共享", ScamCategory::ServiceRefund),
    ("腾讯会议", ScamCategory::ServiceRefund),
    ("会议软件", ScamCategory::ServiceRefund),
    ("远程协助", ScamCategory::ServiceRefund),
    ("share your screen", ScamCategory::ServiceRefund),
    ("screen sharing", ScamCategory::ServiceRefund),
    ("tencent meeting", ScamCategory::ServiceRefund),
    ("meeting app", ScamCategory::ServiceRefund),
    ("remote access", ScamCategory::ServiceRefund),
    ("专案组", ScamCategory::PoliceImpersonation),
    ("上门封存", ScamCategory::PoliceImpersonation),
    ("买成金条", ScamCategory::PoliceImpersonation),
    ("tell no one", ScamCategory::PoliceImpersonation),
    ("for safekeeping", ScamCategory::PoliceImpersonation),
    ("buy gold", ScamCategory::PoliceImpersonation),
    ("oil rig", ScamCategory::Romance),
];

/// A promise of returns no honest investment makes.
const PROMISE: &[(&str, ScamCategory)] = &[
    ("年化收益", ScamCategory::Investment),
    ("任务", ScamCategory::OrderBrushing),
    ("好评", ScamCategory::OrderBrushing),
    ("接单", ScamCategory::OrderBrushing),
    ("评论员", ScamCategory::OrderBrushing),
    ("返还加佣金", ScamCategory::OrderBrushing),
    ("a day", ScamCategory::OrderBrushing),
    ("per day", ScamCategory::OrderBrushing),
    ("tasks", ScamCategory::OrderBrushing),
    ("task", ScamCategory::OrderBrushing),
    ("writing reviews", ScamCategory::OrderBrushing),
    ("rating products", ScamCategory::OrderBrushing),
    ("like youtube", ScamCategory::OrderBrushing),
    ("part time", ScamCategory::OrderBrushing),
    ("remote job", ScamCategory::OrderBrushing),
    ("利润很高", ScamCategory::Romance),
    ("一起投", ScamCategory::Romance),
    ("年回报", ScamCategory::Investment),
    ("返息", ScamCategory::ElderCare),
    ("分红", ScamCategory::Investment),
    ("每月返", ScamCategory::ElderCare),
    ("每天返", ScamCategory::OrderBrushing),
    ("日返", ScamCategory::OrderBrushing),
    ("日赚", ScamCategory::OrderBrushing),
    ("日结", ScamCategory::OrderBrushing),
    ("一单一结", ScamCategory::OrderBrushing),
    ("佣金", ScamCategory::OrderBrushing),
    ("点赞", ScamCategory::OrderBrushing),
    ("垫付", ScamCategory::OrderBrushing),
    ("上市后", ScamCategory::Investment),
    ("涨10倍", ScamCategory::Investment),
    ("还本", ScamCategory::ElderCare),
    ("养老公寓", ScamCategory::ElderCare),
    ("养老基地", ScamCategory::ElderCare),
    ("疗程", ScamCategory::ElderCare),
    ("专家推荐", ScamCategory::ElderCare),
    ("联单", ScamCategory::OrderBrushing),
    ("做单", ScamCategory::OrderBrushing),
    ("小任务", ScamCategory::OrderBrushing),
    ("月收益", ScamCategory::Investment),
    ("内参", ScamCategory::Investment),
    ("返利", ScamCategory::OrderBrushing),
    ("daily return", ScamCategory::OrderBrushing),
    ("a day liking", ScamCategory::OrderBrushing),
    ("interest every", ScamCategory::ElderCare),
    ("commission", ScamCategory::OrderBrushing),
    ("will rise", ScamCategory::Investment),
];

/// Money first, then the loan, the prize, the parcel: what it is paid for.
const FEE: &[&str] = &[
    "解冻金",
    "包装费",
    "报名费",
    "关税",
    "sign up fee",
    "刷个流水",
    "流水不够",
    "会员费",
    "信用分",
    "刷流水",
    "验证还款能力",
    "邮费",
    "保价费",
    "prepayment",
    "advance the",
    "usdt",
    "processing fee",
    "手续费",
    "保证金",
    "工本费",
    "服务费",
    "清关费",
    "运费",
    "保险费",
    "个人所得税",
    "税费",
    "定金",
    "会员费",
    "解冻费",
    "罚款",
    "利息",
    "激活费",
    "认证费",
    "押金",
    "充值",
    "追加",
    "入会",
    "公证费",
    "保释金",
    "fee",
    "deposit",
    "tax",
    "clearance",
    "top up",
    "customs",
    "upfront",
    "membership",
    "shipping",
    "handling",
    "代理费",
    "行政费",
    "材料包",
    "领材料",
    "appraisal",
];
const BENEFIT: &[(&str, ScamCategory)] = &[
    ("二等奖", ScamCategory::Lottery),
    ("刮刮卡", ScamCategory::Lottery),
    ("礼物", ScamCategory::Romance),
    ("gift", ScamCategory::Romance),
    ("tour", ScamCategory::ElderCare),
    ("借款", ScamCategory::LoanFee),
    ("审批", ScamCategory::LoanFee),
    ("补贴", ScamCategory::ElderCare),
    ("一等奖", ScamCategory::Lottery),
    ("抽奖", ScamCategory::Lottery),
    ("行李", ScamCategory::Romance),
    ("积蓄", ScamCategory::Romance),
    ("savings", ScamCategory::Romance),
    ("winnings", ScamCategory::Lottery),
    ("放款", ScamCategory::LoanFee),
    ("下款", ScamCategory::LoanFee),
    ("贷款", ScamCategory::LoanFee),
    ("额度", ScamCategory::LoanFee),
    ("征信", ScamCategory::LoanFee),
    ("中奖", ScamCategory::Lottery),
    ("领奖", ScamCategory::Lottery),
    ("奖金", ScamCategory::Lottery),
    ("获得", ScamCategory::Lottery),
    ("幸运", ScamCategory::Lottery),
    ("发货", ScamCategory::Lottery),
    ("放行", ScamCategory::Romance),
    ("包裹", ScamCategory::Romance),
    ("海关", ScamCategory::Romance),
    ("黄金", ScamCategory::Romance),
    ("送货", ScamCategory::ElderCare),
    ("放人", ScamCategory::RelativeImpersonation),
    ("提现", ScamCategory::OrderBrushing),
    ("返利", ScamCategory::OrderBrushing),
    ("收益", ScamCategory::Investment),
    ("loan", ScamCategory::LoanFee),
    ("credit", ScamCategory::LoanFee),
    ("approved", ScamCategory::LoanFee),
    ("won", ScamCategory::Lottery),
    ("winning", ScamCategory::Lottery),
    ("prize", ScamCategory::Lottery),
    ("claim", ScamCategory::Lottery),
    ("release", ScamCategory::LoanFee),
    ("package", ScamCategory::Romance),
    ("parcel", ScamCategory::Romance),
    ("box", ScamCategory::Romance),
    ("withdraw", ScamCategory::OrderBrushing),
    ("unlock", ScamCategory::OrderBrushing),
    ("追回", ScamCategory::ElderCare),
    ("在家就能做", ScamCategory::OrderBrushing),
    ("手工活", ScamCategory::OrderBrushing),
    ("外发", ScamCategory::OrderBrushing),
    ("家庭代工", ScamCategory::OrderBrushing),
    ("在家组装", ScamCategory::OrderBrushing),
    ("日领", ScamCategory::OrderBrushing),
    ("日结", ScamCategory::OrderBrushing),
    ("可借", ScamCategory::LoanFee),
    ("批核", ScamCategory::LoanFee),
    ("auction", ScamCategory::ElderCare),
    ("lend me", ScamCategory::Romance),
];

/// Promises no honest seller makes: enough on their own.
const STRONG_PROMISE: &[(&str, ScamCategory)] = &[
    ("外汇平台", ScamCategory::Romance),
    ("数字藏品", ScamCategory::Investment),
    ("区块链", ScamCategory::Investment),
    ("养老币", ScamCategory::ElderCare),
    ("内部认购", ScamCategory::Investment),
    ("央行内部", ScamCategory::Investment),
    ("必涨", ScamCategory::Investment),
    ("入金", ScamCategory::Investment),
    ("窗口期", ScamCategory::Investment),
    ("会员能跟", ScamCategory::Investment),
    ("核心群", ScamCategory::Investment),
    ("升级vip", ScamCategory::Investment),
    ("连单", ScamCategory::OrderBrushing),
    ("治高血压", ScamCategory::ElderCare),
    ("治糖尿病", ScamCategory::ElderCare),
    ("神药", ScamCategory::ElderCare),
    ("秘方", ScamCategory::ElderCare),
    ("胜似药", ScamCategory::ElderCare),
    ("领导人都在吃", ScamCategory::ElderCare),
    ("银行卡拍照", ScamCategory::ElderCare),
    ("拍照发我", ScamCategory::ElderCare),
    ("photo of ur id", ScamCategory::ElderCare),
    ("photo of your id", ScamCategory::ElderCare),
    ("保健品基地", ScamCategory::ElderCare),
    ("参观保健品", ScamCategory::ElderCare),
    ("health products factory", ScamCategory::ElderCare),
    ("锁定床位", ScamCategory::ElderCare),
    ("预付卡", ScamCategory::ElderCare),
    ("state backed", ScamCategory::ElderCare),
    ("领奖专员", ScamCategory::Lottery),
    ("like tiktok", ScamCategory::OrderBrushing),
    ("paid daily", ScamCategory::OrderBrushing),
    ("work from home", ScamCategory::OrderBrushing),
    ("刷销量", ScamCategory::OrderBrushing),
    ("提升销量", ScamCategory::OrderBrushing),
    ("不用收货", ScamCategory::OrderBrushing),
    ("做任务", ScamCategory::OrderBrushing),
    ("点赞任务", ScamCategory::OrderBrushing),
    ("复购任务", ScamCategory::OrderBrushing),
    ("联单", ScamCategory::OrderBrushing),
    ("小任务", ScamCategory::OrderBrushing),
    ("领佣金", ScamCategory::OrderBrushing),
    ("高佣金", ScamCategory::OrderBrushing),
    ("combination task", ScamCategory::OrderBrushing),
    ("unlock your commission", ScamCategory::OrderBrushing),
    ("征信修复", ScamCategory::LoanFee),
    ("修复征信", ScamCategory::LoanFee),
    ("包过", ScamCategory::LoanFee),
    ("保证成功", ScamCategory::LoanFee),
    ("稳赚", ScamCategory::Investment),
    ("保本", ScamCategory::Investment),
    ("保息", ScamCategory::Investment),
    ("不赔", ScamCategory::Investment),
    ("不亏", ScamCategory::Investment),
    ("不会亏", ScamCategory::Investment),
    ("亏了算我", ScamCategory::Investment),
    ("零风险", ScamCategory::Investment),
    ("无风险", ScamCategory::Investment),
    ("翻倍", ScamCategory::Investment),
    ("翻了倍", ScamCategory::Investment),
    ("原始股", ScamCategory::Investment),
    ("内幕", ScamCategory::Investment),
    ("内部消息", ScamCategory::Investment),
    ("牛股", ScamCategory::Investment),
    ("涨停", ScamCategory::Investment),
    ("保证收益", ScamCategory::Investment),
    ("保证不亏", ScamCategory::Investment),
    ("收益稳定", ScamCategory::Investment),
    ("提现秒到", ScamCategory::Investment),
    ("全额补偿", ScamCategory::Investment),
    ("体验金", ScamCategory::Investment),
    ("带单", ScamCategory::Investment),
    ("荐股", ScamCategory::Investment),
    ("导师", ScamCategory::Investment),
    ("政府背书", ScamCategory::ElderCare),
    ("国家背书", ScamCategory::ElderCare),
    ("政府担保", ScamCategory::ElderCare),
    ("以房养老", ScamCategory::ElderCare),
    ("高额利息", ScamCategory::ElderCare),
    ("高额回报", ScamCategory::ElderCare),
    ("高额返利", ScamCategory::ElderCare),
    ("能治", ScamCategory::ElderCare),
    ("治好", ScamCategory::ElderCare),
    ("包治", ScamCategory::ElderCare),
    ("根治", ScamCategory::ElderCare),
    ("特效药", ScamCategory::ElderCare),
    ("不用吃药", ScamCategory::ElderCare),
    ("量子", ScamCategory::ElderCare),
    ("能量水", ScamCategory::ElderCare),
    ("软化血管", ScamCategory::ElderCare),
    ("guaranteed", ScamCategory::Investment),
    ("no risk", ScamCategory::Investment),
    ("zero risk", ScamCategory::Investment),
    ("risk free", ScamCategory::Investment),
    ("no losses", ScamCategory::Investment),
    ("double your", ScamCategory::Investment),
    ("pre ipo", ScamCategory::Investment),
    ("insider", ScamCategory::Investment),
    ("for sure", ScamCategory::Investment),
    ("backed by the government", ScamCategory::ElderCare),
    ("cures", ScamCategory::ElderCare),
    ("cure diabetes", ScamCategory::ElderCare),
    ("cure high", ScamCategory::ElderCare),
    ("loophole", ScamCategory::Romance),
    ("漏洞", ScamCategory::Romance),
    ("干细胞", ScamCategory::ElderCare),
    ("回春", ScamCategory::ElderCare),
    ("包治百病", ScamCategory::ElderCare),
    ("磁疗", ScamCategory::ElderCare),
];

/// Money to go to someone else's account (a "lawyer", a "colleague").
const THIRD_PARTY: &[&str] = &[
    "老师账户",
    "老师的账户",
    "refund account",
    "这个账户",
    "这个卡",
    "同事账户",
    "同事的账户",
    "同学账户",
    "老师的卡",
    "律师",
    "给我朋友",
    "转给客户",
    "中介的账户",
    "指定账户",
    "以下账户",
    "该账户",
    "this account",
    "colleague s account",
    "teacher s card",
    "friend s account",
    "the lawyer",
    "my friend",
];

/// Free health checks, eggs and talks: how elder-care scams start.
const ELDER_BAIT: &[&str] = &[
    "免费体检",
    "送鸡蛋",
    "领鸡蛋",
    "讲座",
    "养生",
    "免费旅游",
    "把脉",
    "free health check",
    "free eggs",
    "seminar",
    "米面油",
    "送米送油",
    "老专家",
];

/// A membership or insurance that "will charge you" ...
const SUBSCRIPTION: &[&str] = &[
    "百万保障",
    "百万医疗",
    "会员",
    "月付",
    "自动扣款",
    "自动扣费",
    "自动续费",
    "代扣",
    "auto renew",
    "membership",
    "subscription",
    "试用期",
    "invoice",
];

/// ... unless you cancel it ...
const CANCEL: &[&str] = &["关闭", "取消", "退订", "注销", "cancel"];

/// ... with the help of "customer service".
const AGENT: &[&str] = &[
    "客服", "人工", "协助", "致电", "联系", "call", "agent", "desk",
];

const RELATIVE: &[&str] = &[
    "网上认识",
    "认识这么久",
    "聊了这么久",
    "sis",
    "dating",
    "met online",
    "舅",
    "叔",
    "外公",
    "老同学",
    "同学",
    "老乡",
    "老朋友",
    "old classmate",
    "old friend",
    "honey",
    "领导",
    "老板",
    "亲爱的",
    "宝贝",
    "darling",
    "my dear",
    "sweetheart",
    "爸",
    "妈",
    "爷爷",
    "奶奶",
    "阿嬷",
    "阿嫲",
    "阿公",
    "外婆",
    "外公",
    "姥姥",
    "姥爷",
    "舅舅",
    "姑姑",
    "是我",
    "我是你",
    "孙子",
    "孙女",
    "外孙",
    "儿子",
    "女儿",
    "mom",
    "mum",
    "dad",
    "grandma",
    "grandpa",
    "granny",
    "nana",
    "it s me",
    "its me",
    "it is me",
    "your son",
    "your daughter",
    "your grandson",
    "your granddaughter",
    "grandson",
    "granddaughter",
    "auntie",
    "uncle",
];
const NEW_NUMBER: &[&str] = &[
    "换了个微信",
    "换了微信",
    "被盗了",
    "qq刚换",
    "changed my wechat",
    "got hacked",
    "用我弟",
    "的号跟你说",
    "用别人的号",
    "换手机号",
    "新微信",
    "new wechat",
    "手机被偷",
    "借别人的手机",
    "换号",
    "新号",
    "换了号",
    "换了个号",
    "换手机号",
    "新手机号",
    "这是我的新",
    "这个是我新",
    "手机掉",
    "手机坏",
    "手机丢",
    "手机被偷",
    "手机摔",
    "手机没电",
    "手机进水",
    "同学的手机",
    "朋友的手机",
    "别人的手机",
    "借的手机",
    "同事的手机",
    "室友的手机",
    "存一下",
    "存下",
    "new number",
    "new phone",
    "lost my phone",
    "broke my phone",
    "phone broke",
    "broken phone",
    "phone is broken",
    "dropped my phone",
    "friend s phone",
    "friends phone",
    "borrowed phone",
    "borrowing",
    "phone was stolen",
    "save this number",
    "phone died",
    "猜猜我是谁",
    "猜猜我系边个",
];
const TROUBLE: &[&str] = &[
    "交不上",
    "不敢跟",
    "别跟我妈说",
    "学校",
    "拘留",
    "催得紧",
    "医院",
    "送医",
    "突发",
    "先别给",
    "别给妈说",
    "有急事",
    "在开会",
    "不方便接电话",
    "项目款",
    "合同后补",
    "会后补",
    "后面补",
    "出事",
    "拘留",
    "派出所",
    "住院",
    "撞了",
    "撞人",
    "打架",
    "急需",
    "急用",
    "救急",
    "别告诉",
    "不要告诉",
    "保释",
    "手术",
    "医药费",
    "赔钱",
    "被抓",
    "trouble",
    "arrested",
    "hospital",
    "accident",
    "bail",
    "don t tell",
    "dont tell",
    "do not tell",
    "urgent",
    "emergency",
    "police station",
    "jail",
    "出了点事",
    "别跟",
    "先别说",
    "嗓子",
    "听不出",
    "新微信",
    "学费",
    "中介",
    "签证",
    "同事账户",
    "同事的账户",
    "同学账户",
    "老师的卡",
    "这个账户",
    "这个卡",
    "new wechat",
    "settle",
    "hurt someone",
    "colleague s account",
    "teacher s card",
    "this account",
    "friend s account",
    "voice sounds",
    "周转",
];
const MONEY_ASK: &[&str] = &[
    "转了没有",
    "你转了没",
    "再不交",
    "帮我交",
    "帮我先交",
    "帮我转",
    "pay u back",
    "pay you back",
    "垫上",
    "帮我垫",
    "一起投",
    "把钱给",
    "转18万",
    "把钱",
    "先借",
    "能先借",
    "转账",
    "转钱",
    "打钱",
    "汇款",
    "转给",
    "转到",
    "借钱",
    "借我",
    "借点",
    "打到",
    "汇到",
    "先转",
    "垫付",
    "打款",
    "转一下",
    "转我",
    "给我转",
    "急用钱",
    "要钱",
    "凑钱",
    "打给",
    "打过来",
    "转过来",
    "付款",
    "交钱",
    "充一点",
    "充钱",
    "充值",
    "付一下",
    "top up",
    "send money",
    "send me",
    "send it",
    "can you send",
    "please send",
    "transfer",
    "wire",
    "lend me",
    "borrow",
    "pay for",
    "pay the",
    "money to",
    "the money",
    "some money",
    "gift card",
    "cash",
];
const CODE: &[&str] = &[
    "6位数字",
    "六位数字",
    "短信里那个",
    "那个数字",
    "6 digit number",
    "the number you just received",
    "refund code",
    "验证码",
    "校验码",
    "动态码",
    "短信码",
    "动态密码",
    "verification code",
    "otp",
    "one time code",
    "one time password",
    "security code",
    "the code",
    "6 digit code",
];
const CODE_ASK: &[&str] = &[
    "read it to me",
    "read to me",
    "直接发我",
    "tell us",
    "send us",
    "give us",
    "发给我",
    "告诉我",
    "提供",
    "报给",
    "报一下",
    "念一下",
    "念给",
    "回复",
    "发一下",
    "发过来",
    "转发",
    "截图",
    "说一下",
    "报给我",
    "发我",
    "给我",
    "读一下",
    "send me",
    "send it",
    "tell me",
    "give me",
    "share",
    "read out",
    "read it",
    "reply with",
    "forward",
    "provide",
    "read me",
    "回覆",
];

/// Asked to give details (not to bring an ID card to a counter).
const GIVE: &[&str] = &[
    "发我",
    "提交",
    "回复",
    "回覆",
    "提供",
    "填写",
    "扫描",
    "扫一下",
    "发送",
    "输入",
    "告知",
    "上传",
    "发给",
    "登记",
    "核实身份",
    "验证身份",
    "reply",
    "provide",
    "send",
    "fill in",
    "enter",
    "give",
    "upload",
    "confirm your",
    "verify your",
    "update your",
];

/// Pay something.
const PAY: &[&str] = &[
    "交一下",
    "交了",
    "先付",
    "付一笔",
    "支付",
    "缴纳",
    "付款",
    "缴费",
    "补缴",
    "付费",
    "先交",
    "交一笔",
    "pay",
    "payment",
    "charge",
];
const WARNING: &[&str] = &[
    "不需要提供",
    "无需提供",
    "都不需要",
    "谁都别告诉",
    "谁都不要告诉",
    "先打给我",
    "先问我",
    "不保本",
    "不承诺",
    "all fake",
    "are fake",
    "never send",
    "not guaranteed",
    "切勿",
    "请勿",
    "勿告知",
    "勿泄露",
    "勿向",
    "不要透露",
    "不要泄露",
    "不会通过",
    "没有所谓",
    "不存在",
    "都是诈骗",
    "都是骗子",
    "是诈骗",
    "是骗子",
    "骗子",
    "别信",
    "不要信",
    "不要相信",
    "凡是",
    "is a scam",
    "are scams",
    "are scammers",
    "anti fraud",
    "no link needs",
    "not a scam",
    "不会索取",
    "不会向您",
    "不会要求",
    "不会以",
    "谨防",
    "警惕",
    "严禁",
    "从不",
    "绝不",
    "不要向任何人",
    "任何人索要",
    "never share",
    "do not share",
    "don t share",
    "dont share",
    "never ask",
    "will never",
    "beware",
    "do not give",
    "don t give",
    "not share",
    "never disclose",
    "do not disclose",
    "不收取任何",
    "不需支付任何",
    "无需支付任何",
    "不用支付任何",
    "别买",
    "不要买",
    "常见套路",
    "诈骗套路",
    "一律不给",
    "一律挂断",
    "挂掉",
    "nobody needs to",
    "no one needs to",
    "doesn t text",
    "does not text",
    "ignore any",
    "fraud watch",
];
const CONTACT: &[&str] = &[
    "接待员",
    "加微信",
    "加qq",
    "加我",
    "添加",
    "加好友",
    "下载",
    "进群",
    "入群",
    "扫码",
    "私聊",
    "联系专员",
    "联系老师",
    "加v",
    "微信号",
    "qq号",
    "add me",
    "add wechat",
    "whatsapp",
    "telegram",
    "download",
    "join the group",
    "join our group",
    "scan",
    "contact our agent",
    "contact the agent",
    "contact customer service",
    "add our",
    "join the",
    "qq",
];

struct Rules {
    words: AhoCorasick,
    patterns: Vec<&'static str>,
    concepts: Vec<Concept>,
    scam_words: Vec<(&'static str, ScamCategory, bool)>,
}

static RULES: LazyLock<Rules> = LazyLock::new(|| {
    let scam_words: Vec<(&'static str, ScamCategory, bool)> =
        crate::transfers::risk::scam_word_table().to_vec();
    let mut patterns: Vec<&'static str> = Vec::new();
    let mut concepts = Vec::new();
    for (i, (word, _, _)) in scam_words.iter().enumerate() {
        // The risk check's words are compact ("safeaccount"); a message's
        // Latin words keep one space between them.
        patterns.push(if word.is_ascii() {
            spaced_english(word)
        } else {
            word
        });
        concepts.push(Concept::Scam(i));
    }
    for (list, concept) in [
        (THREAT, Concept::Threat),
        (REWARD, Concept::Reward),
        (IDENTITY_TOPIC, Concept::IdentityTopic),
        (IDENTITY_ASK, Concept::IdentityAsk),
        (RELATIVE, Concept::Relative),
        (NEW_NUMBER, Concept::NewNumber),
        (TROUBLE, Concept::Trouble),
        (MONEY_ASK, Concept::MoneyAsk),
        (CODE, Concept::Code),
        (CODE_ASK, Concept::CodeAsk),
        (WARNING, Concept::Warning),
        (CONTACT, Concept::Contact),
        (FEE, Concept::Fee),
        (GIVE, Concept::Give),
        (PAY, Concept::Pay),
        (THIRD_PARTY, Concept::ThirdParty),
        (ELDER_BAIT, Concept::ElderBait),
        (SUBSCRIPTION, Concept::Subscription),
        (CANCEL, Concept::Cancel),
        (AGENT, Concept::Agent),
    ] {
        for w in list {
            patterns.push(w);
            concepts.push(concept);
        }
    }
    for (list, make) in [
        (
            POLICE_OR_SCREEN,
            Concept::PoliceOrScreen as fn(ScamCategory) -> Concept,
        ),
        (PROMISE, Concept::Promise),
        (STRONG_PROMISE, Concept::StrongPromise),
        (BENEFIT, Concept::Benefit),
    ] {
        for (w, c) in list {
            patterns.push(w);
            concepts.push(make(*c));
        }
    }
    let words = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
        .expect("message words");
    Rules {
        words,
        patterns,
        concepts,
        scam_words,
    }
});

/// The risk check's compact English words as a message spells them.
fn spaced_english(word: &'static str) -> &'static str {
    match word {
        "safeaccount" => "safe account",
        "secureaccount" => "secure account",
        "moneylaundering" => "money laundering",
        "guaranteedeposit" => "guarantee deposit",
        "creditrecord" => "credit record",
        "loanfee" => "loan fee",
        "highreturn" => "high return",
        "guaranteedreturn" => "guaranteed return",
        "newnumber" => "new number",
        "verificationcode" => "verification code",
        other => other,
    }
}

#[derive(Default)]
struct Found {
    threat: bool,
    reward: bool,
    identity_topic: bool,
    identity_ask: bool,
    relative: bool,
    new_number: bool,
    trouble: bool,
    money_ask: bool,
    code: bool,
    code_ask: bool,
    warning: bool,
    contact: bool,
    police: Option<(ScamCategory, &'static str)>,
    promise: Option<ScamCategory>,
    strong_promise: Option<ScamCategory>,
    third_party: bool,
    elder_bait: bool,
    subscription: bool,
    cancel: bool,
    agent: bool,
    fee: bool,
    benefit: Option<ScamCategory>,
    give: bool,
    pay: bool,
    amount: bool,
    /// (index into the scam words, certain?), in text order.
    scam: Vec<usize>,
}

fn read_words(text: &MessageText) -> Found {
    let rules = &*RULES;
    let mut f = Found::default();
    let t = text.spaced.as_str();
    for m in rules.words.find_overlapping_iter(t) {
        let pattern = &t[m.start()..m.end()];
        // A Latin word starts a word ("pin" is not "spinach").
        if pattern.is_ascii()
            && t[..m.start()]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            continue;
        }
        match rules.concepts[m.pattern().as_usize()] {
            Concept::Scam(i) => {
                if !f.scam.contains(&i) {
                    f.scam.push(i);
                }
            }
            Concept::Threat => f.threat = true,
            Concept::Reward => f.reward = true,
            Concept::IdentityTopic => f.identity_topic = true,
            Concept::IdentityAsk => f.identity_ask = true,
            Concept::Relative => f.relative = true,
            Concept::NewNumber => f.new_number = true,
            Concept::Trouble => f.trouble = true,
            Concept::MoneyAsk => f.money_ask = true,
            Concept::Code => f.code = true,
            Concept::CodeAsk => f.code_ask = true,
            Concept::Warning => f.warning = true,
            Concept::Contact => f.contact = true,
            Concept::PoliceOrScreen(c) => {
                f.police
                    .get_or_insert((c, rules.patterns[m.pattern().as_usize()]));
            }
            Concept::Promise(c) => {
                f.promise.get_or_insert(c);
            }
            Concept::StrongPromise(c) => {
                f.strong_promise.get_or_insert(c);
            }
            Concept::ThirdParty => f.third_party = true,
            Concept::ElderBait => f.elder_bait = true,
            Concept::Subscription => f.subscription = true,
            Concept::Cancel => f.cancel = true,
            Concept::Agent => f.agent = true,
            Concept::Fee => f.fee = true,
            Concept::Benefit(c) => {
                f.benefit.get_or_insert(c);
            }
            Concept::Give => f.give = true,
            Concept::Pay => f.pay = true,
        }
    }
    f
}

/// Does the text name a sum of money (5000元, 2万, ¥300, RMB 1,280, $1.50)?
fn has_amount(t: &str) -> bool {
    let chars: Vec<char> = t.chars().collect();
    chars.iter().enumerate().any(|(i, c)| {
        let digit_before = i > 0 && chars[i - 1].is_ascii_digit();
        let digit_after = chars.get(i + 1).is_some_and(char::is_ascii_digit)
            || (chars.get(i + 1) == Some(&' ')
                && chars.get(i + 2).is_some_and(char::is_ascii_digit));
        let numeral_before = i > 0 && "一二三四五六七八九十两兩几幾".contains(chars[i - 1]);
        match c {
            '元' | '块' | '塊' | '万' | '萬' | '千' => digit_before || numeral_before,
            '¥' | '$' | '￥' | '£' => digit_after,
            _ => false,
        }
    }) || grouped_or_thousands(&chars)
        || ["rmb ", "usd ", "gbp ", "cny ", "hkd "].iter().any(|w| {
            t.match_indices(w)
                .any(|(i, _)| t[i + w.len()..].starts_with(|c: char| c.is_ascii_digit()))
        })
}

/// `12,000`, `3,800` or `20k`: a sum, not a date or a count.
fn grouped_or_thousands(chars: &[char]) -> bool {
    chars
        .windows(5)
        .any(|w| w[0].is_ascii_digit() && w[1] == ',' && w[2..].iter().all(char::is_ascii_digit))
        || chars
            .windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == 'k' && !w[2].is_ascii_alphanumeric())
        || chars.len() >= 2
            && chars[chars.len() - 2].is_ascii_digit()
            && chars[chars.len() - 1] == 'k'
}

/// A number to call or text that is not a service number: a mobile, a
/// landline, a 400/800 number, or a number abroad. (95588-style numbers
/// are given out by the regulator; scammers cannot have one.)
fn callable(item: &Normalized, sites: &Sites) -> bool {
    item.kind == Kind::Phone
        && sites.number_owner(&item.value).is_none()
        && (item.value.len() >= 10 || item.value.starts_with('+'))
}

/// The host a link item points to.
fn host_of(item: &Normalized) -> &str {
    item.host.as_deref().unwrap_or(&item.value)
}

/// Reads a message for signals. `items` are the numbers, accounts and sites
/// found in it; `bare_item` says the whole text was one of them. The rules
/// first; when none fires, the model's reading ([`super::model`]).
pub fn signals(text: &str, items: &[Normalized], bare_item: bool, sites: &Sites) -> Vec<Signal> {
    let mut out = rule_signals(text, items, bare_item, sites);
    if out.is_empty() && !bare_item {
        let reading = super::model::Model::built_in().read(&MessageText::new(text));
        out.extend(model_signal(reading));
    }
    out
}

/// The model's reason, when it is sure enough.
pub fn model_signal(reading: super::model::Reading) -> Option<Signal> {
    (reading.log_odds >= super::model::THRESHOLD && reading.features >= super::model::MIN_FEATURES)
        .then_some(Signal::ReadsLike {
            category: reading.category,
        })
}

/// The rules' signals alone.
pub fn rule_signals(
    text: &str,
    items: &[Normalized],
    bare_item: bool,
    sites: &Sites,
) -> Vec<Signal> {
    // The same limit as the list lookup: an SMS is far shorter.
    let cut;
    let text = if text.len() > super::normalize::MAX_INPUT_CHARS {
        cut = text
            .chars()
            .take(super::normalize::MAX_INPUT_CHARS)
            .collect::<String>();
        cut.as_str()
    } else {
        text
    };
    let mut out = Vec::new();
    let links: Vec<&Normalized> = items.iter().filter(|i| i.kind == Kind::Url).collect();
    let mut unknown_link = None;
    for link in &links {
        let host = host_of(link);
        if sites.official(host) {
            continue;
        }
        unknown_link.get_or_insert_with(|| host.to_string());
        if let Some(body) = sites.impersonated(host)
            && !out
                .iter()
                .any(|s| matches!(s, Signal::LookalikeSite { host: h, .. } if h == host))
        {
            out.push(Signal::LookalikeSite {
                body: body.code.clone(),
                host: host.to_string(),
            });
        } else if !out.iter().any(|s| {
            matches!(s, Signal::LookalikeSite { host: h, .. } | Signal::DisguisedSite { host: h, .. } if h == host)
        }) && let Some(domain) = super::sites::disguised(host)
        {
            out.push(Signal::DisguisedSite {
                host: host.to_string(),
                domain,
            });
        }
    }
    if bare_item {
        return out;
    }
    let message = MessageText::new(text);
    let mut f = read_words(&message);
    // Amounts keep their currency signs, which the word text drops.
    f.amount = has_amount(&text.nfkc().collect::<String>().to_lowercase());
    let number_to_call = items.iter().any(|i| callable(i, sites));
    let reach = unknown_link.is_some() || number_to_call;
    if let Some(host) = &unknown_link
        && out.is_empty()
        && let Some(body) = sites.named_in(&message).first()
    {
        out.push(Signal::NotTheirSite {
            body: body.code.clone(),
            host: host.clone(),
        });
    }
    let rules = &*RULES;
    // Scam words: a certain one (unless the message is a reminder that
    // warns about it), or an uncertain one with a way to reach the sender.
    let certain = f
        .scam
        .iter()
        .find(|&&i| rules.scam_words[i].2 && !f.warning);
    let uncertain = f
        .scam
        .iter()
        .find(|&&i| !rules.scam_words[i].2 && !f.warning && (reach || f.contact));
    if let Some(&i) = certain.or(uncertain) {
        // The word as a message spells it ("new number", not "newnumber").
        let (category, word) = (rules.scam_words[i].1, rules.patterns[i]);
        out.push(Signal::ScamWords { category, word });
    } else if let Some((category, word)) = f.police.filter(|_| !f.warning) {
        out.push(Signal::ScamWords { category, word });
    }
    let asks_details = f.identity_ask && f.give && !f.warning;
    if f.threat && (reach || asks_details) {
        out.push(Signal::AccountThreat);
    }
    if f.reward && (reach || asks_details) && !f.warning {
        out.push(Signal::RewardLink);
    }
    if f.identity_topic && (unknown_link.is_some() || asks_details) {
        out.push(Signal::IdentityRequest);
    }
    let wants_money = f.money_ask || f.amount;
    // Family (or a friend, a boss) with a new number or in trouble, asking
    // for money or to be added on a new account; or money for someone
    // else's account in a hurry.
    // (A child teaching a parent "if anyone asks you to transfer, call me
    // first" warns; a "child" on a new number may say so too, to be believed.)
    let relative_warns = f.warning && !f.new_number;
    if !relative_warns
        && ((f.relative && (f.new_number || f.trouble) && wants_money)
            || (f.relative && f.new_number && (f.contact || f.trouble))
            || (f.third_party && wants_money && (f.trouble || f.relative || f.new_number)))
    {
        out.push(Signal::RelativeNewNumber);
    }
    if f.code && f.code_ask && !f.warning {
        out.push(Signal::CodeRequest);
    }
    // "Your membership will charge you: call us to cancel", unless the only
    // number is the company's real service number.
    let service_number_only = !number_to_call
        && items
            .iter()
            .any(|i| i.kind == Kind::Phone && !callable(i, sites));
    if f.subscription && f.cancel && f.agent && !f.warning && !service_number_only {
        out.push(Signal::CancelCharge);
    }
    if let Some(category) = f.benefit
        && f.fee
        && (f.pay || f.money_ask || f.amount)
        && !f.warning
    {
        out.push(Signal::FeeFirst { category });
    }
    let promise = f.strong_promise.or_else(|| {
        f.promise
            .filter(|_| f.amount || f.money_ask || f.contact || reach)
    });
    if let Some(category) = promise.filter(|_| !f.warning) {
        out.push(Signal::PromisedReturns { category });
    } else if f.elder_bait
        && (message.spaced.contains("银行卡") || message.spaced.contains("bank card"))
        && !f.warning
    {
        out.push(Signal::PromisedReturns {
            category: ScamCategory::ElderCare,
        });
    }
    let asks = f.give || f.identity_ask || (f.pay && (f.threat || f.reward));
    if unknown_link.is_some() && asks && out.is_empty() {
        out.push(Signal::LinkAsks);
    }
    out
}

impl MessageCheck {
    /// Puts a list lookup and the signals together.
    pub fn new(lookup: Lookup, signals: Vec<Signal>, bare_item: bool) -> MessageCheck {
        let (verdict, category) = match lookup.category {
            Some(c) => (Verdict::Listed, Some(c)),
            None if !signals.is_empty() => {
                // The strongest script names the scam: words that name it,
                // then a relative, then the rest (phishing).
                let by_words = signals.iter().find_map(|s| match s {
                    Signal::ScamWords { category, .. } => Some(*category),
                    _ => None,
                });
                let category = by_words.unwrap_or_else(|| {
                    signals
                        .iter()
                        .map(Signal::category)
                        .find(|c| *c != ScamCategory::Phishing)
                        .unwrap_or(ScamCategory::Phishing)
                });
                (Verdict::Suspicious, Some(category))
            }
            None => (Verdict::Clear, None),
        };
        MessageCheck {
            lookup,
            verdict,
            signals,
            category,
            bare_item,
        }
    }

    /// The one big sentence.
    pub fn sentence(&self, i18n: &I18n, lang: Language, info: &super::ListInfo) -> String {
        match self.verdict {
            Verdict::Listed => super::verdict(i18n, lang, &self.lookup, info),
            Verdict::Suspicious => i18n.tr_args(
                lang,
                "fraud-suspicious",
                &[(
                    "scam",
                    i18n.tr(
                        lang,
                        &self.category.unwrap_or(ScamCategory::Phishing).name_id(),
                    )
                    .into(),
                )],
            ),
            Verdict::Clear if self.bare_item => super::verdict(i18n, lang, &self.lookup, info),
            Verdict::Clear => {
                let date = i18n.date(
                    lang,
                    info.published_at
                        .with_timezone(&crate::clock::china_offset())
                        .date_naive(),
                );
                i18n.tr_args(lang, "fraud-clear", &[("date", date.into())])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Vec<&'static str> {
        let items = super::super::normalize::extract(text);
        let bare = super::super::normalize::normalize(text).is_some_and(|n| {
            !text.trim().contains(char::is_whitespace)
                && items.len() <= 1
                && items.first() == Some(&n)
        });
        signals(text, &items, bare, Sites::built_in())
            .iter()
            .map(Signal::code)
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn any_text_gets_an_answer(text in "\\PC{0,300}", host in "[a-z0-9.\\-]{1,40}") {
            let _ = check(&text);
            let _ = Sites::built_in().impersonated(&host);
            let _ = Sites::built_in().impersonated(&text);
        }
    }

    #[test]
    fn the_issue_s_phishing_sms_names_the_bank() {
        let s =
            check("【工商银行】您的账户存在异常，即将冻结，请立即登录 icbc-verify.top 验证身份。");
        assert!(s.contains(&"lookalike_site"), "{s:?}");
        assert!(s.contains(&"account_threat"), "{s:?}");
    }

    #[test]
    fn a_bank_s_ordinary_notices_stay_clear() {
        for text in [
            "【工商银行】您尾号1234的卡于12月3日支出500.00元，余额8,000.00元。",
            "【建设银行】验证码 123456，用于网上银行登录。切勿告知他人，银行工作人员不会向您索取。",
            "【招商银行】您本期信用卡账单应还 1,234.00 元，到期还款日 12月20日，可登录 www.cmbchina.com 查询。",
            "【工商银行】公检法机关不会要求您转账到“安全账户”，谨防诈骗。",
            "妈，我给您转了500块，买点水果吃。周末回家。",
        ] {
            assert!(check(text).is_empty(), "{text}: {:?}", check(text));
        }
    }

    #[test]
    fn scripts_are_named() {
        assert!(
            check("爸，我换号了，这是我新号码，急用钱，先转我3000，别告诉妈。")
                .contains(&"relative_new_number")
        );
        assert!(
            check("您好，我是淘宝客服，退款需要核实，请把收到的验证码发给我。")
                .contains(&"code_request")
        );
        assert!(
            check("【社保局】您的养老金资格认证即将到期，请回复身份证号和银行卡号办理。")
                .contains(&"identity_request")
        );
        assert!(
            check("恭喜您的积分可兑换现金红包，点击 jf-duihuan.top 领取").contains(&"reward_link")
        );
        assert!(check("您涉嫌洗钱，请配合调查，把资金转入安全账户").contains(&"scam_words"));
    }
}

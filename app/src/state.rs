//! UI state: which screen is shown (a stack, so 返回 always goes back one
//! step) and the typed accessors screens use.

use crate::context::use_companion;
use dioxus::prelude::*;
use happylife_core::{AccountId, I18n, Language, Settings};
use std::sync::Arc;

/// The screens. One task per screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The big tiles.
    Home,
    /// Every account with its balance.
    Accounts,
    /// One account and its history.
    AccountDetail(AccountId),
    /// Language, text size, contrast.
    Settings,
    /// 举报: a number, account or site, with what happened.
    Report,
    /// 打印流水 of an elder I help (by link id).
    FamilyStatement(i64),
    /// 打印流水 for one account (by id).
    Statement(i64),
    /// The human agent: hotline and call button.
    Agent,
    /// Complaints and suggestions.
    Complaints,
    /// 防骗查询: check a number, account, site or QR text.
    FraudCheck,
    /// 智能安全卫士: card locks.
    CardGuard,
    /// 我被骗了: every card frozen, numbers to call.
    Scammed,
    /// 转账: whom to (saved payees, new payee, drafts, recent transfers).
    Transfer,
    /// A new payee's name and account.
    TransferNewPayee,
    /// The amount on a big keypad, the note, the arrival time.
    TransferAmount,
    /// What the risk check found (warn, co-sign, block).
    TransferCheck,
    /// 请核对: payee, masked account, amount in figures and words.
    TransferConfirm,
    /// What happened.
    TransferResult,
    /// 家人: my family members, the elders I look after, what needs me.
    Family,
    /// 邀请家人: pick a role, show the code and QR.
    FamilyInvite,
    /// 我是家属: enter an elder's code.
    FamilyJoin,
    /// One of my family members (by link id): role, removal.
    FamilyMember(i64),
    /// 家人做过什么: the audit list.
    FamilyAudit,
    /// An elder I look after (by link id): approvals, alerts, balances.
    FamilyElder(i64),
    /// 请核对 for one of her bills a helper pays (by link id; the bill is
    /// in [`crate::context::FamilyBillChoice`]).
    FamilyBillPay(i64),
    /// 设置登录密码.
    PinSetup,
    /// 开通声纹登录: her consent, then three recordings.
    VoiceprintSetup,
    /// 我的手机: the phones bound to her account.
    Phones,
    /// 语音: say (type) what to do.
    Voice,
    /// 缴费: utilities, the card statement, auto-pay agreements.
    Bills,
    /// 请核对 for one bill (by id).
    BillPay(i64),
    /// 签代扣 for a utility account (by id): the limit.
    AutopaySetup(i64),
    /// 请核对 for an agreement: (utility account, limit in fen).
    AutopayConfirm(i64, i64),
    /// What a payment, agreement or order came to.
    LiveResult,
    /// 提醒: newest first, one tap each.
    Reminders,
    /// 更新身份证信息: what to bring and where.
    IdUpdate,
    /// 理财: products with their risk level, what she may buy.
    Wealth,
    /// 风险测评: five questions.
    RiskQuiz,
    /// 购买 one product (by id): how much.
    WealthBuy(i64),
    /// 请核对 for an order: (product, amount in fen).
    WealthConfirm(i64, i64),
    /// 防骗课堂: the cards.
    Classroom,
    /// One card (index in the scam list).
    Lesson(usize),
    /// 小测验.
    Quiz,
    /// 搜索.
    Search,
}

impl Screen {
    /// A stable id, set on the page for tests (`data-screen`).
    pub fn id(self) -> &'static str {
        match self {
            Screen::Home => "home",
            Screen::Accounts => "accounts",
            Screen::AccountDetail(_) => "account-detail",
            Screen::Settings => "settings",
            Screen::Statement(_) => "statement",
            Screen::FamilyStatement(_) => "family-statement",
            Screen::Report => "report",
            Screen::Agent => "agent",
            Screen::Complaints => "complaints",
            Screen::FraudCheck => "fraud-check",
            Screen::CardGuard => "card-guard",
            Screen::Scammed => "scammed",
            Screen::Transfer => "transfer",
            Screen::TransferNewPayee => "transfer-new-payee",
            Screen::TransferAmount => "transfer-amount",
            Screen::TransferCheck => "transfer-check",
            Screen::TransferConfirm => "transfer-confirm",
            Screen::TransferResult => "transfer-result",
            Screen::Family => "family",
            Screen::FamilyInvite => "family-invite",
            Screen::FamilyJoin => "family-join",
            Screen::FamilyMember(_) => "family-member",
            Screen::FamilyAudit => "family-audit",
            Screen::FamilyElder(_) => "family-elder",
            Screen::FamilyBillPay(_) => "family-bill-pay",
            Screen::PinSetup => "pin-setup",
            Screen::VoiceprintSetup => "voiceprint-setup",
            Screen::Phones => "phones",
            Screen::Voice => "voice",
            Screen::Bills => "bills",
            Screen::BillPay(_) => "bill-pay",
            Screen::AutopaySetup(_) => "autopay-setup",
            Screen::AutopayConfirm(..) => "autopay-confirm",
            Screen::LiveResult => "live-result",
            Screen::Reminders => "reminders",
            Screen::IdUpdate => "id-update",
            Screen::Wealth => "wealth",
            Screen::RiskQuiz => "risk-quiz",
            Screen::WealthBuy(_) => "wealth-buy",
            Screen::WealthConfirm(..) => "wealth-confirm",
            Screen::Classroom => "classroom",
            Screen::Lesson(_) => "lesson",
            Screen::Quiz => "quiz",
            Screen::Search => "search",
        }
    }
}

/// Navigation: a stack of screens.
#[derive(Clone, Copy)]
pub struct Nav {
    stack: Signal<Vec<Screen>>,
}

impl Nav {
    /// Wraps the stack signal.
    pub fn new(stack: Signal<Vec<Screen>>) -> Self {
        Nav { stack }
    }

    /// The screen on top.
    pub fn current(&self) -> Screen {
        self.stack.read().last().copied().unwrap_or(Screen::Home)
    }

    /// Opens a screen.
    pub fn push(mut self, screen: Screen) {
        to_top();
        self.stack.write().push(screen);
    }

    /// Back to the home screen, forgetting the way there.
    pub fn home(mut self) {
        to_top();
        self.stack.write().truncate(1);
    }

    /// Replaces the screen on top (a step that must not be gone back to,
    /// such as a confirmation already sent).
    pub fn replace(mut self, screen: Screen) {
        to_top();
        let mut stack = self.stack.write();
        if stack.len() > 1 {
            stack.pop();
        }
        stack.push(screen);
    }

    /// Goes back to the nearest screen below that `is` says (home if none):
    /// from a result to the list the task began on.
    pub fn back_to(mut self, is: impl Fn(Screen) -> bool) {
        to_top();
        let mut stack = self.stack.write();
        while stack.len() > 1 && !stack.last().is_some_and(|s| is(*s)) {
            stack.pop();
        }
    }

    /// Goes back one screen (never past home).
    pub fn back(mut self) {
        to_top();
        let mut stack = self.stack.write();
        if stack.len() > 1 {
            stack.pop();
        }
    }
}

/// A new screen starts at its top, wherever the last one was scrolled to
/// (the page is one document: the window keeps its scroll). Asked before
/// the screen changes, so the scroll is done before the new screen arrives
/// and never moves it under a finger afterwards.
fn to_top() {
    document::eval("window.scrollTo(0, 0)");
}

/// The navigation of this app.
pub fn use_nav() -> Nav {
    use_context::<Nav>()
}

/// The settings signal.
pub fn use_settings() -> Signal<Settings> {
    use_context::<Signal<Settings>>()
}

/// Text in the current language.
#[derive(Clone)]
pub struct Tr {
    i18n: Arc<I18n>,
    lang: Language,
}

impl Tr {
    /// A message without arguments.
    pub fn t(&self, id: &str) -> String {
        self.i18n.tr(self.lang, id)
    }

    /// A message with arguments.
    pub fn ta(&self, id: &str, args: &[(&str, happylife_core::Arg)]) -> String {
        self.i18n.tr_args(self.lang, id, args)
    }

    /// The bundles, for core helpers that take them.
    pub fn i18n(&self) -> &I18n {
        &self.i18n
    }

    /// The language shown.
    pub fn lang(&self) -> Language {
        self.lang
    }

    /// A moment (unix seconds) in words, in Beijing time: 今天 09:30.
    pub fn when(&self, unix: i64, now: chrono::DateTime<chrono::FixedOffset>) -> String {
        chrono::DateTime::from_timestamp(unix, 0)
            .map(|t| {
                self.i18n.when(
                    self.lang,
                    t.with_timezone(&happylife_core::clock::china_offset()),
                    now,
                )
            })
            .unwrap_or_default()
    }
}

/// Wakes the sync loop at once (after an action the bank should hear of).
pub fn wake_sync() {
    if let Some(t) = try_consume_context::<crate::context::SyncTarget>() {
        t.wake.notify_one();
    }
}

/// Text in the language of the settings (re-renders when it changes).
pub fn use_tr() -> Tr {
    let companion = use_companion();
    let settings = use_settings();
    Tr {
        i18n: companion.i18n(),
        lang: settings.read().language,
    }
}

/// Bumped after every sync attempt: screens that read it reload their data.
#[derive(Clone, Copy)]
pub struct DataVersion(pub Signal<u64>);

/// The data version, to read inside `use_resource` so a screen reloads
/// after each sync.
pub fn use_data_version() -> Signal<u64> {
    use_context::<DataVersion>().0
}

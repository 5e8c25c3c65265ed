//! Card locks by voice, in both directions, in every language: the
//! dangerous confusion is the direction. A **lock** is turned on or off
//! (打开境外锁 / 把夜间锁加上 turn it on: `lock_card`; 关掉境外锁 / 解除
//! 夜间锁 turn it off: `unlock_card`), while a **use of the card** is the
//! other way round (关闭境外支付 stops it: `lock_card`; 打开境外支付
//! allows it again: `unlock_card`). So the verb is read together with what
//! it acts on: the lock itself, or what the card does.

use super::text::{any, any_word};
use super::{IntentKind, LockKind};

/// Which way a sentence about the card's locks goes, or a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LockWish {
    /// A lock on (or a use off): [`IntentKind::LockCard`].
    On,
    /// A lock off (or a use on again): [`IntentKind::UnlockCard`].
    Off,
    /// Which locks are on: [`IntentKind::CheckCardLocks`].
    Which,
}

impl LockWish {
    pub(super) fn intent(self) -> IntentKind {
        match self {
            LockWish::On => IntentKind::LockCard,
            LockWish::Off => IntentKind::UnlockCard,
            LockWish::Which => IntentKind::CheckCardLocks,
        }
    }
}

/// The kinds of lock, by the words for each (`all` when none is named).
pub(super) fn kind_zh(t: &str) -> LockKind {
    if any(t, &["境外", "国外", "出国", "海外", "出境", "外国"]) {
        LockKind::Overseas
    } else if any(t, &["夜间", "晚上", "夜里", "半夜", "夜晚", "深夜", "夜"]) {
        LockKind::Night
    } else if any(
        t,
        &[
            "地区",
            "外地",
            "异地",
            "外省",
            "外县市",
            "本地",
            "外市",
            "本市",
            "别的城市",
            "其他城市",
            "外县",
        ],
    ) {
        LockKind::Region
    } else if any(
        t,
        &[
            "网上",
            "网购",
            "网银",
            "线上",
            "在线",
            "网络",
            "网路",
            "上网",
            "手机支付",
        ],
    ) {
        LockKind::Online
    } else {
        LockKind::All
    }
}

pub(super) fn kind_en(t: &str) -> LockKind {
    if any_word(t, &["overseas", "abroad", "foreign", "international"]) {
        LockKind::Overseas
    } else if any_word(
        t,
        &["night", "nights", "nighttime", "overnight", "midnight"],
    ) {
        LockKind::Night
    } else if any_word(
        t,
        &[
            "region", "regional", "outside", "city", "province", "town", "area",
        ],
    ) || t.contains("other cities")
    {
        LockKind::Region
    } else if any_word(t, &["online", "internet", "web", "shopping"]) {
        LockKind::Online
    } else {
        LockKind::All
    }
}

/// The lock as a thing: 境外锁, 夜间锁, 网上支付锁, 卡锁, 这个锁 — 锁 as a
/// noun, not the verb of 锁上卡 / 把卡锁住.
fn lock_noun_zh(t: &str) -> bool {
    let chars: Vec<char> = t.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        if c != '锁' {
            return false;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        // 解锁, 上锁 are verbs; 锁上/锁住/锁一下/锁卡 too, unless a
        // lock word stands before it (境外锁上了没).
        let kind_before = before
            .is_some_and(|b| "外间上购银地线络路卡费付易区夜里晚刷的个这那些几把全道".contains(b));
        let verb_after = next.is_some_and(|n| "住一卡掉死起".contains(n));
        !matches!(before, Some('解')) && kind_before && !verb_after
    })
}

/// Whether she asks which locks are on (a question, not a wish).
fn asks_zh(t: &str) -> bool {
    let about_locks = t.contains('锁') || any(t, &["限制", "开着", "关着"]);
    // A wish said politely (能不能把境外锁加上) is not a question.
    let asks_for = any(t, &["能不能", "可以", "帮我", "给我", "请", "麻烦"])
        && any(
            t,
            &[
                "加上", "打开", "关掉", "关闭", "开通", "取消", "去掉", "锁上", "解除", "设上",
            ],
        );
    if asks_for {
        return false;
    }
    let may_use = any(
        t,
        &[
            "能用不",
            "用不用",
            "用不？",
            "用不 ",
            "能用吗",
            "可以用吗",
            "能刷吗",
            "可以刷吗",
            "刷吗",
            "用吗",
            "能不能用",
            "能不能刷",
        ],
    );
    may_use
        || about_locks
            && (any(
                t,
                &[
                    "哪些",
                    "哪几",
                    "什么锁",
                    "啥锁",
                    "几个锁",
                    "状态",
                    "情况",
                    "开着没",
                    "开着吗",
                    "锁着没",
                    "锁着吗",
                    "锁上了吗",
                    "锁上了没",
                    "锁了吗",
                    "锁了没",
                    "有没有锁",
                    "是不是锁",
                    "是不是开",
                    "开了没",
                    "开了吗",
                    "关了没",
                    "关了吗",
                    "都锁了",
                    "锁了啥",
                    "锁了什么",
                    "锁了哪",
                    "看看锁",
                    "查锁",
                    "查一下锁",
                    "查看锁",
                    "有没有开",
                    "开没开",
                    "锁没锁",
                    "还开着",
                    "还锁着",
                    "还是",
                    "开的",
                    "关的",
                    "了没",
                    "有没有",
                    "设好",
                    "设定好",
                    "查询",
                    "查一下",
                    "查看",
                    "看看",
                    "看一下",
                ],
            ) || t.ends_with('吗'))
}

/// A sentence about the card's locks in Chinese: which way, or a question;
/// `None` when it is not about them.
pub(super) fn wish_zh(r: &str) -> Option<LockWish> {
    // Not the card: the phone's screen, a door.
    if any(
        r,
        &[
            "屏幕",
            "手机锁",
            "门",
            "锁屏",
            "密码锁",
            "车",
            "柜",
            "开锁师傅",
            "锁匠",
            "锁坏",
            "换锁",
            "家的锁",
            "抽屉",
            "箱子",
        ],
    ) {
        return None;
    }
    let card_use = [
        "境外", "海外", "国外", "出境", "网上", "网络", "网路", "网银", "网购", "线上", "支付",
        "刷卡", "交易", "消费", "用卡", "夜间", "夜里", "晚上", "外地", "异地", "功能",
    ];
    let on_verbs = [
        "打开",
        "开启",
        "开通",
        "启用",
        "加上",
        "锁上",
        "上锁",
        "设上",
        "设置",
        "加一个",
        "加个",
        "开上",
        "弄上",
        "安上",
        "装上",
        "整上",
        "用上",
        "重新开",
        "开一下",
        "给开",
        "恢复",
    ];
    let off_verbs = [
        "关闭",
        "关掉",
        "关了",
        "关上",
        "解除",
        "取消",
        "去掉",
        "撤销",
        "撤掉",
        "拿掉",
        "停掉",
        "停用",
        "停了",
        "不要了",
        "禁止",
        "禁用",
        "拆掉",
        "删掉",
        "撤了",
        "去了",
    ];
    let noun = lock_noun_zh(r);
    let about =
        noun || r.contains('锁') || r.contains('卡') || r.contains("限制") || any(r, &card_use);
    if about && asks_zh(r) {
        return Some(LockWish::Which);
    }
    if any(
        r,
        &[
            "解锁",
            "解冻",
            "解开",
            "解了",
            "恢复使用",
            "取消冻结",
            "解除冻结",
            "解封",
        ],
    ) || (any(r, &["取消", "解除", "去掉", "撤销", "撤掉", "拿掉"]) && r.contains('锁'))
    {
        return Some(LockWish::Off);
    }
    if noun {
        // The lock itself: on is on, off is off.
        if any(r, &off_verbs) {
            return Some(LockWish::Off);
        }
        if any(r, &on_verbs) || r.contains("开") || r.contains('加') {
            return Some(LockWish::On);
        }
    }
    let uses = any(r, &card_use) || r.contains('卡');
    if uses && !noun {
        // What the card does: allowed again is the lock off.
        if (any(
            r,
            &[
                "打开",
                "开通",
                "开启",
                "重新开",
                "恢复",
                "开一下",
                "给开",
                "启用",
                "能用",
                "可以用",
                "让用",
                "放开",
                "开开",
                "帮我开",
                "给我开",
            ],
        ) || r.trim_end_matches(['吧', '啊', ' ', '|']).ends_with('开'))
            && !any(r, &["不能用", "不让用"])
        {
            return Some(LockWish::Off);
        }
        if any(
            r,
            &[
                "关闭",
                "关掉",
                "关了",
                "关上",
                "停掉",
                "停用",
                "停了",
                "不能刷",
                "刷不了",
                "不能用",
                "不让刷",
                "不让用",
                "别让",
                "不要让",
                "只能在",
                "只在",
                "只让",
                "禁止",
                "禁用",
                "暂停",
                "不许",
                "不准",
            ],
        ) {
            return Some(LockWish::On);
        }
    }
    if any(
        r,
        &[
            "锁卡",
            "锁住",
            "锁上",
            "锁一下",
            "冻结",
            "挂失",
            "把卡锁",
            "卡锁",
            "锁了",
            "丢了",
            "被偷",
            "上锁",
            "锁起来",
            "锁掉",
        ],
    ) {
        return Some(LockWish::On);
    }
    None
}

/// An English sentence about the card's locks.
pub(super) fn wish_en(r: &str) -> Option<LockWish> {
    if any_word(
        r,
        &["door", "screen", "car", "house", "window", "phone", "bike"],
    ) {
        return None;
    }
    let lock_noun = any(
        r,
        &[
            "overseas lock",
            "night lock",
            "online lock",
            "region lock",
            "regional lock",
            "card lock",
            "the lock",
            "a lock",
            "locks",
            "lock on",
            "lock off",
            "lock for",
            "shopping lock",
            "internet lock",
            "abroad lock",
            "area lock",
            "city lock",
            "nighttime lock",
        ],
    );
    let about = lock_noun
        || any_word(
            r,
            &["lock", "locked", "freeze", "frozen", "block", "blocked"],
        );
    let question = {
        let bare = r.trim_start_matches([' ', '|']);
        let bare = ["um ", "uh ", "so ", "and ", "hey ", "well "]
            .iter()
            .fold(bare, |b, f| b.strip_prefix(f).unwrap_or(b))
            .trim_start_matches([' ', '|']);
        [
            "is ",
            "are ",
            "did ",
            "does ",
            "has ",
            "have ",
            "was ",
            "were ",
            "can my card",
            "could my card",
            "can i use my card",
            "do i have",
        ]
        .iter()
        .any(|q| bare.starts_with(q))
    };
    let card_use = any_word(r, &["card", "cards"])
        && any_word(r, &["used", "use", "work", "working", "usable"]);
    if (about || card_use) && question {
        return Some(LockWish::Which);
    }
    if about
        && (any(
            r,
            &[
                "which lock",
                "which of my",
                "are active",
                "is active",
                "what lock",
                "which of my lock",
                "are my lock",
                "is my lock",
                "is the ",
                "are the ",
                "lock status",
                "status of",
                "locks are on",
                "locks on my",
                "locks do i have",
                "is my card locked",
                "is my card frozen",
                "are my cards",
                "show me my lock",
                "check my lock",
                "check the lock",
                "check which",
                "tell me which",
                "what's locked",
                "what is locked",
                "still on",
            ],
        ))
    {
        return Some(LockWish::Which);
    }
    if any_word(
        r,
        &[
            "unlock",
            "unfreeze",
            "unblock",
            "reopen",
            "re-enable",
            "lift",
        ],
    ) {
        return Some(LockWish::Off);
    }
    let on_verbs = [
        "turn on",
        "switch on",
        "put on",
        "add",
        "enable",
        "set up",
        "activate",
        "apply",
        "put the",
        "put a",
        "turn the",
    ];
    let off_verbs = [
        "turn off",
        "switch off",
        "remove",
        "cancel",
        "take off",
        "disable",
        "delete",
        "get rid of",
        "deactivate",
        "drop",
        "take away",
    ];
    if lock_noun {
        if any(r, &off_verbs) || any_word(r, &["off"]) {
            return Some(LockWish::Off);
        }
        if any(r, &on_verbs) || any_word(r, &["on"]) {
            return Some(LockWish::On);
        }
    }
    let uses = any_word(
        r,
        &[
            "overseas",
            "abroad",
            "online",
            "card",
            "payments",
            "payment",
            "night",
            "internet",
            "shopping",
            "purchases",
            "spending",
        ],
    );
    if uses && !lock_noun {
        if any(
            r,
            &[
                "turn on",
                "switch on",
                "enable",
                "allow",
                "back on",
                "on again",
                "let me use",
                "let me pay",
                "start working",
                "work again",
            ],
        ) {
            return Some(LockWish::Off);
        }
        if any(
            r,
            &[
                "turn off",
                "switch off",
                "stop",
                "don't let",
                "do not let",
                "only let",
                "block",
                "disable",
                "no more",
                "not work",
                "pause",
            ],
        ) {
            return Some(LockWish::On);
        }
    }
    if any_word(r, &["lock", "freeze", "block", "disable", "stolen", "lost"]) {
        return Some(LockWish::On);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_turned_on_is_a_lock_and_a_use_turned_on_is_not() {
        for (t, want) in [
            ("帮我把境外锁加上", LockWish::On),
            ("打开境外锁", LockWish::On),
            ("开启夜间锁", LockWish::On),
            ("把网上支付锁开通", LockWish::On),
            ("关掉境外锁", LockWish::Off),
            ("解除夜间锁", LockWish::Off),
            ("把异地锁去掉", LockWish::Off),
            ("关闭境外支付", LockWish::On),
            ("打开境外支付", LockWish::Off),
            ("把卡锁上", LockWish::On),
            ("解冻我的卡", LockWish::Off),
            ("境外锁开着没有", LockWish::Which),
            ("我的卡都锁了哪些", LockWish::Which),
        ] {
            assert_eq!(wish_zh(t), Some(want), "{t}");
        }
        for (t, want) in [
            ("turn on the overseas lock", LockWish::On),
            ("switch off night lock", LockWish::Off),
            ("remove the online lock", LockWish::Off),
            ("turn off overseas payments", LockWish::On),
            ("turn online payments back on", LockWish::Off),
            ("which locks are on", LockWish::Which),
        ] {
            assert_eq!(wish_en(t), Some(want), "{t}");
        }
        assert_eq!(wish_zh("锁门了没有"), None);
        assert_eq!(wish_en("lock the front door"), None);
    }
}

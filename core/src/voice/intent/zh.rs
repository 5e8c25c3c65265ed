//! The rules for 简体中文 and 繁體中文 (read as simplified).

use super::text::*;
use super::{BillKind, IntentKind, Slots};

pub(super) fn bill_kind(t: &str, en: bool) -> Option<BillKind> {
    if en {
        if any_word(t, &["water"]) {
            Some(BillKind::Water)
        } else if any_word(t, &["electricity", "electric", "power"]) {
            Some(BillKind::Electricity)
        } else if any_word(t, &["gas"]) {
            Some(BillKind::Gas)
        } else if any_word(t, &["phone", "mobile", "top"]) && !any_word(t, &["call", "ring"]) {
            Some(BillKind::Phone)
        } else {
            None
        }
    } else if any(t, &["话费", "手机费", "电话费", "充话", "手机充", "手机"]) {
        Some(BillKind::Phone)
    } else if any(t, &["水费", "交水", "缴水", "水卡"]) {
        Some(BillKind::Water)
    } else if any(t, &["电费", "交电", "缴电", "电卡", "台电", "电力"]) {
        Some(BillKind::Electricity)
    } else if any(t, &["燃气", "煤气", "天然气", "气费", "瓦斯", "气卡"]) {
        Some(BillKind::Gas)
    } else {
        None
    }
}

/// Family words, for "给她打个电话" after "我想我孙女了".
const FAMILY_ZH: &[&str] = &[
    "外孙女",
    "外孙",
    "二女儿",
    "大女儿",
    "小女儿",
    "女儿",
    "闺女",
    "大儿子",
    "小儿子",
    "二儿子",
    "儿子",
    "儿媳妇",
    "儿媳",
    "女婿",
    "孙女",
    "孙子",
    "老伴",
    "老头子",
    "老婆子",
    "哥哥",
    "姐姐",
    "弟弟",
    "妹妹",
];

/// Who a pronoun (她, 他) means: the family word said elsewhere.
fn resolve_pronoun(name: Option<String>, t: &str) -> Option<String> {
    match name.as_deref() {
        Some("她" | "他" | "ta") | None => FAMILY_ZH
            .iter()
            .find(|w| t.contains(**w))
            .map(|w| w.to_string())
            .or(name.filter(|n| !matches!(n.as_str(), "她" | "他" | "ta"))),
        _ => name,
    }
}

pub(super) fn chinese(r: &str, t: &str, original: &str, slots: &mut Slots) -> (IntentKind, f32) {
    use IntentKind::*;
    // Someone posing as the bank, or she already did what a caller said:
    // not a wish to reach the bank's people.
    let impostor = any(r, &["冒充", "假冒", "自称", "说是", "假的", "骗", "扮"]);
    let already = any(
        r,
        &[
            "转了",
            "汇了",
            "打了",
            "给他了",
            "给了他",
            "已经转",
            "已经汇",
            "已经照",
            "照他说",
            "汇款了",
            "转给他",
            "告诉别人",
            "告诉他",
            "告诉了",
            "已经给",
            "打过去",
            "转过去了",
        ],
    );
    // 俺没上当，就是想举报: not cheated.
    let not_cheated = any(
        r,
        &[
            "没上当",
            "没有上当",
            "没被骗",
            "没有被骗",
            "我不是被骗",
            "没有受骗",
            "没受骗",
        ],
    );
    if !not_cheated
        && any(
            r,
            &[
                "被骗",
                "上当",
                "骗了我",
                "被人骗",
                "被诈骗",
                "钱被骗",
                "盗刷",
                "钱少了",
                "钱不见了",
                "不是我花的",
                "不是我转的",
                "钱就没了",
                "钱没了",
                "不是我刷的",
                "我都不知道",
                "我不知道的",
            ],
        )
        || !not_cheated && (impostor && already)
        || any(r, &["验证码告诉", "密码告诉", "把验证码给", "把密码给"])
    {
        return (ReportFraud, 1.0);
    }
    if let Some(kind) = super::tiles::early_zh(r, original, slots) {
        return (kind, 1.0);
    }
    let target = target_in(original);
    let asks_if_real = any(
        r,
        &[
            "是真的吗",
            "是不是真的",
            "真的假的",
            "能点吗",
            "能不能点",
            "可以点吗",
            "骗子",
            "诈骗",
            "可靠吗",
            "靠谱",
            "安全吗",
            "可信",
            "防骗",
            "正规",
            "是骗",
            "靠得住",
            "骗徒",
            "骗人",
        ],
    );
    if asks_if_real {
        slots.target = target;
        return (CheckFraud, 1.0);
    }
    // 人工智能, 人工湖, 人工关节: made by people, not a person to talk to.
    let made = any(
        r,
        &[
            "人工智能",
            "人工湖",
            "人工关节",
            "人工降雨",
            "人工草",
            "人工呼吸",
            "人工合成",
            "人工心脏",
            "人工耳蜗",
            "人工晶体",
            "人工牙",
            "人工种植",
            "人工造",
            "人工授精",
            "人工河",
        ],
    );
    if (any(r, &["人工", "真人", "敬老", "银发", "活人"]) || r.contains("客服"))
        && !impostor
        && !made
    {
        return (HumanAgent, 1.0);
    }
    if any(
        r,
        &[
            "再说一遍",
            "再说一次",
            "再讲一遍",
            "念一下",
            "念给我",
            "念念",
            "读一下",
            "读给我",
            "朗读",
            "大声读",
            "没听清",
            "没听明白",
            "没听懂",
            "重复一遍",
            "再念",
            "讲什么",
            "说什么来着",
        ],
    ) || matches!(bare(t), "念" | "读" | "再说")
    {
        return (ReadAloud, 1.0);
    }
    if any(
        r,
        &["首页", "主页", "主界面", "主画面", "回到开始", "最开始"],
    ) {
        return (GoHome, 1.0);
    }
    if any(
        r,
        &[
            "返回",
            "回去",
            "上一页",
            "后退",
            "退回",
            "回上一",
            "刚才那个页面",
            "刚才的页面",
            "上一步",
        ],
    ) {
        return (GoBack, 1.0);
    }
    if any(
        r,
        &[
            "怎么用",
            "咋用",
            "不会用",
            "能做什么",
            "会做什么",
            "你会什么",
            "教我",
            "帮助",
            "使用说明",
            "有什么功能",
            "干啥",
            "能干什么",
            "能做啥",
            "帮我做什么",
            "可以做什么",
            "怎么弄",
            "怎么操作",
            "怎么办理",
        ],
    ) {
        return (Help, 1.0);
    }
    if let Some(wish) = super::locks::wish_zh(r) {
        if wish != super::locks::LockWish::Which {
            slots.lock_kind = Some(super::locks::kind_zh(r));
        }
        return (wish.intent(), 1.0);
    }
    if r.contains("查")
        && any(
            r,
            &["号码", "电话号", "网址", "网站", "链接", "账号", "这个号"],
        )
    {
        slots.target = target;
        return (CheckFraud, 0.9);
    }
    if let Some(kind) = super::tiles::late_zh(r) {
        return (kind, 1.0);
    }
    // Money already gone out or come in is the history.
    if any(
        r,
        &[
            "扣了",
            "花了",
            "交了多少",
            "给谁了",
            "转给谁",
            "是不是有一笔",
            "转出去了",
            "汇给我",
            "转给我的",
            "打给我的",
            "给我转",
            "给我打的",
            "入账",
            "进出账",
            "到账",
            "进账",
            "到了没",
            "到没到",
            "收到",
            "went out",
            "come through",
        ],
    ) {
        return (ListTransactions, 1.0);
    }
    let bill_nouns = [
        "缴费",
        "交费",
        "付费",
        "水费",
        "电费",
        "燃气费",
        "煤气费",
        "瓦斯",
        "气费",
        "话费",
        "手机费",
        "充值",
        "交水",
        "交电",
        "交燃气",
        "交煤气",
        "煤气钱",
        "电卡",
        "水卡",
        "气卡",
    ];
    let bill = bill_kind(r, false);
    if any(r, &bill_nouns) || (bill.is_some() && any(r, &["交", "缴", "充", "付", "帐单", "账单"]))
    {
        slots.bill_kind = bill;
        return (PayBill, 1.0);
    }
    let calls = any(
        r,
        &[
            "打电话",
            "打个电话",
            "通电话",
            "视频通话",
            "拨电话",
            "打给",
            "联系",
            "拨",
            "接通",
            "视像",
        ],
    ) || (any(r, &["视频", "视讯"]) && any(r, &["跟", "和", "给", "与", "同"]));
    if calls && !r.contains("打钱") && slots.amount_fen.is_none() {
        let after = |w: &str| t.find(w).and_then(|i| person_after(t, i + w.len()));
        let member = after("给")
            .or_else(|| after("打给"))
            .or_else(|| after("联系"))
            .or_else(|| after("接通"))
            .or_else(|| after("跟"))
            .or_else(|| after("同"))
            .or_else(|| after("和"))
            .or_else(|| after("拨"));
        slots.member = resolve_pronoun(member, t).map(|m| as_said(original, &m));
        return (CallFamily, 1.0);
    }
    let transfer_words = [
        "转账",
        "转钱",
        "转给",
        "汇款",
        "汇钱",
        "打钱",
        "打款",
        "转过去",
        "汇给",
        "给钱",
        "转点钱",
        "打点钱",
        "转些钱",
        "转到",
        "汇到",
        "打到",
        "寄钱",
        "转笔钱",
        "过数",
        "打给",
    ];
    // 电视转到中央一台: a channel, not money.
    let not_money = any(r, &["电视", "频道", "换台", "转台", "调台"]);
    let says_transfer = !not_money && any(r, &transfer_words)
        || !not_money && ((r.contains("转") || r.contains("汇")) && slots.amount_fen.is_some())
        || !not_money && (r.contains("给") && slots.amount_fen.is_some() && !r.contains("费"));
    if says_transfer {
        let after = |w: &str| t.find(w).and_then(|i| person_after(t, i + w.len()));
        slots.payee = after("转给")
            .or_else(|| after("汇给"))
            .or_else(|| after("转到"))
            .or_else(|| after("汇到"))
            .or_else(|| after("打到"))
            .or_else(|| after("打给"))
            .or_else(|| after("给"))
            .or_else(|| after("向"))
            .or_else(|| after("到"))
            .map(|p| as_said(original, &p));
        let sure = if any(r, &transfer_words) || r.contains("转") || r.contains("汇") {
            1.0
        } else {
            0.6
        };
        return (Transfer, sure);
    }
    // A price or a rate is not her balance.
    let price = any(
        r,
        &[
            "一克",
            "一斤",
            "一个",
            "价格",
            "价钱",
            "多少钱一",
            "利息",
            "利率",
            "要多少钱",
            "手术",
        ],
    );
    if !price
        && any(
            r,
            &[
                "余额",
                "还有多少钱",
                "有多少钱",
                "剩多少",
                "剩下多少",
                "还剩",
                "存款",
                "多少钱了",
                "钱够不够",
                "卡里有",
                "几多钱",
                "户口",
            ],
        )
    {
        return (CheckBalance, 1.0);
    }
    if any(
        r,
        &[
            "明细",
            "流水",
            "交易",
            "记录",
            "纪录",
            "账单",
            "花了",
            "收支",
            "养老金",
            "退休金",
            "工资到",
            "扣了",
            "花钱",
            "花在",
            "进出",
        ],
    ) {
        return (ListTransactions, 1.0);
    }
    if !price && (r.contains("多少钱") || r.contains("查钱") || r.contains("查账")) {
        return (CheckBalance, 0.6);
    }
    if let Some(kind) = super::tiles::last_zh(r, original, slots) {
        return (kind, 0.8);
    }
    (Unknown, 0.0)
}

//! Where a code sent by SMS is typed: binding a phone, unfreezing a card,
//! resetting the PIN. Says where it went, then the field (numeric, the
//! phone's one-time-code autofill). Test ids: `{prefix}-sent`,
//! `{prefix}-code`.

use crate::state::use_tr;
use dioxus::prelude::*;

/// "验证码已经发到 138****6688。" and the field for the code.
#[component]
pub fn SmsCodeField(prefix: &'static str, phone_masked: String, code: Signal<String>) -> Element {
    let tr = use_tr();
    let mut code = code;
    let field = format!("{prefix}-code");
    rsx! {
        p { class: "big", role: "status", "data-testid": "{prefix}-sent",
            {tr.ta("bind-code-sent", &[("phone", phone_masked.into())])} }
        label { r#for: "{field}", class: "field-label", {tr.t("bind-code-label")} }
        input {
            id: "{field}",
            class: "field code",
            "data-testid": "{field}",
            inputmode: "numeric",
            autocomplete: "one-time-code",
            maxlength: "12",
            value: "{code}",
            oninput: move |e| code.set(e.value()),
        }
    }
}

//! The sync pull: the gateway's `/v1/changes` answer from raw bytes, read
//! as the phone reads it (`serde_json`, then `ChangePage::from_json`), and
//! applied to an in-memory device database. A page that reads comes back
//! the same from its own JSON (whole numbers exactly); applying it either is refused or moves the
//! cursor to the page's `next`; rolled back, it leaves the cursor where it
//! was.

use happylife_core::bank::wire::ChangePage;
use happylife_core::store::Store;
use happylife_core::sync::apply::{apply_page, cursor};
use serde_json::{Value, json};
use std::sync::LazyLock;

/// Pages longer than this are read but not applied (speed).
const MAX_APPLIED: usize = 64;

struct Device {
    rt: tokio::runtime::Runtime,
    store: Store,
}

static DEVICE: LazyLock<Device> = LazyLock::new(|| {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let store = rt.block_on(Store::temporary()).expect("an in-memory store");
    Device { rt, store }
});

fn to_json(page: &ChangePage) -> Value {
    let changes: Vec<Value> = page
        .changes
        .iter()
        .map(|c| json!({ "seq": c.seq, "entity": c.entity, "id": c.id, "data": c.data }))
        .collect();
    json!({ "changes": changes, "next": page.next, "more": page.more })
}

/// Equal, but for the last bit of a fraction: serde_json's own reading of a
/// printed `f64` may be one unit off. Whole numbers (fen, ids, times) must
/// come back exactly.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            _ if x.is_i64() || x.is_u64() || y.is_i64() || y.is_u64() => x == y,
            (Some(x), Some(y)) => x == y || ((x - y) / x).abs() < 1e-15,
            _ => false,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Checks one input (panics on a broken property).
pub fn check(data: &[u8]) {
    let Ok(body) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let Some(page) = ChangePage::from_json(&body) else {
        return;
    };
    let again = serde_json::to_vec(&to_json(&page)).expect("JSON");
    let back: Value = serde_json::from_slice(&again).expect("its own JSON reads");
    let back = ChangePage::from_json(&back).expect("its own JSON is a page");
    assert_eq!((back.next, back.more), (page.next, page.more));
    assert_eq!(back.changes.len(), page.changes.len());
    for (b, c) in back.changes.iter().zip(&page.changes) {
        assert_eq!((b.seq, &b.entity, &b.id), (c.seq, &c.entity, &c.id));
        assert!(
            same(&b.data, &c.data),
            "{:?} came back as {:?}",
            c.data,
            b.data
        );
    }
    if page.changes.len() > MAX_APPLIED {
        return;
    }
    let d = &*DEVICE;
    d.rt.block_on(async {
        let mut tx = d.store.begin().await.expect("a transaction");
        let before = cursor(&mut tx).await.expect("the cursor");
        if apply_page(&mut tx, &page).await.is_ok() {
            assert_eq!(cursor(&mut tx).await.expect("the cursor"), page.next);
        }
        drop(tx);
        let mut conn = d.store.acquire().await.expect("a connection");
        assert_eq!(cursor(&mut conn).await.expect("the cursor"), before);
    });
}

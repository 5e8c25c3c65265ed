//! Every message id the screens ask for exists in all three languages, so
//! no elder ever sees a raw id such as `tile-balance`.

use happylife_core::{I18n, Language};
use std::path::Path;

fn ids_in(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ids_in(&path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for call in [".t(\"", ".ta(\""] {
            for piece in text.split(call).skip(1) {
                if let Some(id) = piece.split('"').next() {
                    out.push((path.display().to_string(), id.to_string()));
                }
            }
        }
    }
}

#[test]
fn every_id_the_ui_uses_is_translated() {
    let mut used = Vec::new();
    ids_in(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut used,
    );
    assert!(used.len() > 40, "found only {} message uses", used.len());
    let i18n = I18n::embedded().unwrap();
    let missing: Vec<String> = used
        .iter()
        .flat_map(|(file, id)| {
            Language::ALL
                .into_iter()
                .filter(|l| !i18n.has(*l, id))
                .map(move |l| format!("{file}: {id} ({})", l.tag()))
        })
        .collect();
    assert!(missing.is_empty(), "untranslated: {missing:#?}");
}

//! Compiles the Public Suffix List (`data/public_suffix_list.dat`, the upstream file exactly as
//! published) into the rule set `names::domain::suffix` searches: one rule a line, every label
//! in its ASCII (Punycode) form, since that is the form a `DomainName` is in, sorted so that a
//! binary search finds a rule with no set-up at start. Updating the list is replacing that file
//! (see `data/README.md`).

use std::path::PathBuf;
use std::{env, fs};

const LIST: &str = "data/public_suffix_list.dat";

fn main() {
    println!("cargo::rerun-if-changed={LIST}");
    let text = fs::read_to_string(LIST).unwrap_or_else(|e| panic!("{LIST}: {e}"));
    let mut rules = Vec::new();
    for (index, line) in text.lines().enumerate() {
        // A rule is the first word of its line (later words are not part of it); comments
        // start with `//`.
        let Some(rule) = line.split_whitespace().next() else {
            continue;
        };
        if rule.starts_with("//") {
            continue;
        }
        let ascii =
            ascii_rule(rule).unwrap_or_else(|e| panic!("{LIST}:{}: rule {rule:?}: {e}", index + 1));
        rules.push(ascii);
    }
    rules.sort_unstable();
    rules.dedup();
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("public_suffix_rules.txt");
    fs::write(&out, rules.join("\n")).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

/// The rule with each label in ASCII form (UTS #46 ToASCII, as `DomainName` normalises); `*`
/// labels and the exception mark `!` are kept.
fn ascii_rule(rule: &str) -> Result<String, String> {
    let (mark, name) = match rule.strip_prefix('!') {
        Some(name) => ("!", name),
        None => ("", rule),
    };
    let labels = name
        .split('.')
        .map(|label| match label {
            "*" => Ok(label.to_owned()),
            _ => idna::domain_to_ascii(label).map_err(|e| e.to_string()),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(format!("{mark}{}", labels.join(".")))
}

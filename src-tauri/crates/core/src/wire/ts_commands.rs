//! The UI's typed command maps, rendered from the Rust declarations of the commands
//! (`src-tauri/src/commands.rs`, the portal server's `api.rs`): for each command, the
//! TypeScript types of its request and answer, from the ts-rs types in `ui/src/gen/`. A
//! command is declared once, in Rust; the UI's lists and call types are generated.

use std::collections::BTreeSet;
use std::fmt::Write;

/// One command: its name, its request type (Rust, as written), and its answer type.
pub type Command<'a> = (&'a str, Option<&'a str>, &'a str);

/// A named group of commands: `export interface <interface>` and `export const <list>`.
pub struct Group<'a> {
    pub doc: &'a str,
    pub interface: &'a str,
    pub list: &'a str,
    pub commands: Vec<Command<'a>>,
}

/// The TypeScript for a Rust type as the commands write it: paths reduced to the type's
/// name (ts-rs names it so), `Vec<T>` → `T[]`, `Option<T>` → `T | null`, `()` → `null`,
/// numbers and strings as themselves. Named types are collected for the imports.
pub fn ts_type(rust: &str, named: &mut BTreeSet<String>) -> String {
    let t: String = rust.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(inner) = t.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>')) {
        return format!("{}[]", ts_type(inner, named));
    }
    if let Some(inner) = t.strip_prefix("Option<").and_then(|r| r.strip_suffix('>')) {
        return format!("{} | null", ts_type(inner, named));
    }
    match t.as_str() {
        "()" => "null".into(),
        "String" | "str" | "&str" => "string".into(),
        "bool" => "boolean".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" | "f64" => "number".into(),
        path => {
            let name = path.rsplit("::").next().unwrap_or(path).to_string();
            named.insert(name.clone());
            name
        }
    }
}

/// The whole file; `exists(name)` says whether `ui/src/gen/<name>.ts` is there (a type the
/// commands use but ts-rs does not export is an error, named).
pub fn render(
    source: &str,
    regenerate: &str,
    groups: &[Group],
    exists: impl Fn(&str) -> bool,
) -> Result<String, String> {
    let mut named = BTreeSet::new();
    let mut body = String::new();
    for g in groups {
        let _ = writeln!(body, "\n/** {} */\nexport interface {} {{", g.doc, g.interface);
        for (name, req, res) in &g.commands {
            let req = req.map_or_else(|| "void".to_string(), |r| ts_type(r, &mut named));
            let res = ts_type(res, &mut named);
            let _ = writeln!(body, "  {name}: {{ req: {req}; res: {res} }};");
        }
        let _ = writeln!(body, "}}\n\nexport const {} = [", g.list);
        for (name, _, _) in &g.commands {
            let _ = writeln!(body, "  \"{name}\",");
        }
        let _ = writeln!(body, "] as const;");
    }
    if let Some(missing) = named.iter().find(|n| !exists(n)) {
        return Err(format!(
            "{missing} is used by a command but has no ui/src/gen/{missing}.ts (derive ts_rs::TS on it)"
        ));
    }
    let mut out = format!(
        "// Generated from {source} — do not edit. Regenerate: {regenerate}\n// Each command's request and answer, as Rust declares them.\n"
    );
    for n in &named {
        let _ = writeln!(out, "import type {{ {n} }} from \"./{n}\";");
    }
    out.push_str(&body);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_types_become_their_typescript_names() {
        let mut named = BTreeSet::new();
        assert_eq!(ts_type("Vec < RoleRow >", &mut named), "RoleRow[]");
        assert_eq!(ts_type("trellis_core::why::Why", &mut named), "Why");
        assert_eq!(ts_type("Vec<String>", &mut named), "string[]");
        assert_eq!(ts_type("()", &mut named), "null");
        assert_eq!(ts_type("Option<u64>", &mut named), "number | null");
        assert_eq!(named.into_iter().collect::<Vec<_>>(), ["RoleRow", "Why"]);
    }

    #[test]
    fn a_type_without_bindings_is_named() {
        let g = Group { doc: "d", interface: "I", list: "L", commands: vec![("x", Some("Missing"), "()")] };
        let err = render("s", "r", &[g], |_| false).unwrap_err();
        assert!(err.starts_with("Missing is used by a command"), "{err}");
    }
}

//! RPT-6: the hash chains that make the journal and the shared log tamper-evident.
//!
//! Each link is SHA-256 over the previous link and the entry's canonical bytes: a domain
//! tag, then every field as its length (u64, little-endian) and its bytes, integers as
//! i64 little-endian. Fields are the exact text stored (the journal's JSON columns, the
//! log's envelope text), so a desktop, the CLI and an auditor's script compute the same
//! links from the same rows. Length prefixes make the encoding unambiguous: no two rows
//! give the same bytes by moving text from one field to the next.
//!
//! A chain alone proves order and content only back to its head: someone able to rewrite
//! rows can recompute every later link. The head kept elsewhere (an *anchor*: position,
//! link, time) closes that gap, and detects the newest entries being cut off too.

use sha2::{Digest, Sha256};

/// One link of a chain.
pub type Link = [u8; 32];

/// The link before the first entry.
pub const GENESIS: Link = [0; 32];

const JOURNAL_TAG: &[u8] = b"trellis-journal-v1";
const LOG_TAG: &[u8] = b"trellis-log-v1";

fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// A journal row as stored: what its link covers.
#[derive(Clone, Copy, Debug)]
pub struct JournalRow<'a> {
    pub seq: i64,
    pub at: i64,
    pub actor: &'a str,
    pub actor_label: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub op: &'a str,
    pub changes: &'a str,
}

/// The link of journal row `row` after `prev`.
pub fn journal_link(prev: &Link, row: &JournalRow<'_>) -> Link {
    let mut h = Sha256::new();
    h.update(JOURNAL_TAG);
    h.update(prev);
    h.update(row.seq.to_le_bytes());
    h.update(row.at.to_le_bytes());
    for text in [row.actor, row.actor_label, row.action, row.target, row.op, row.changes] {
        field(&mut h, text.as_bytes());
    }
    h.finalize().into()
}

/// A shared-log row's own digest: its position, the database login that appended it and
/// its envelope text exactly as the log holds it. Computed where the row's text is at
/// hand (fetched, or just sent), folded into the chain in log order by `log_link`.
pub fn log_digest(seq: u64, login: &str, envelope: &str) -> Link {
    let mut h = Sha256::new();
    h.update(LOG_TAG);
    h.update(seq.to_le_bytes());
    field(&mut h, login.as_bytes());
    field(&mut h, envelope.as_bytes());
    h.finalize().into()
}

/// The shared log's link after `prev` for a row with `digest`.
pub fn log_link(prev: &Link, digest: &Link) -> Link {
    let mut h = Sha256::new();
    h.update(LOG_TAG);
    h.update(prev);
    h.update(digest);
    h.finalize().into()
}

/// Lower-case hex, as anchors and the CLI print links.
pub fn hex(link: &Link) -> String {
    link.iter().map(|b| format!("{b:02x}")).collect()
}

/// A link from its hex text (64 hex digits).
pub fn parse_hex(text: &str) -> Option<Link> {
    let text = text.trim();
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>(seq: i64, actor: &'a str, label: &'a str) -> JournalRow<'a> {
        JournalRow { seq, at: 1, actor, actor_label: label, action: "a", target: "t", op: "null", changes: "[]" }
    }

    #[test]
    fn moving_text_between_fields_changes_the_link() {
        // Without length prefixes "ab"+"c" and "a"+"bc" would hash alike.
        assert_ne!(journal_link(&GENESIS, &row(1, "ab", "c")), journal_link(&GENESIS, &row(1, "a", "bc")));
    }

    #[test]
    fn every_field_and_the_previous_link_count() {
        let base = row(1, "x", "y");
        let l = journal_link(&GENESIS, &base);
        assert_ne!(l, journal_link(&[1; 32], &base));
        assert_ne!(l, journal_link(&GENESIS, &JournalRow { seq: 2, ..base }));
        assert_ne!(l, journal_link(&GENESIS, &JournalRow { at: 2, ..base }));
        assert_ne!(l, journal_link(&GENESIS, &JournalRow { op: "{}", ..base }));
        assert_ne!(l, journal_link(&GENESIS, &JournalRow { changes: "[1]", ..base }));
        assert_ne!(log_digest(1, "a", "e"), log_digest(2, "a", "e"));
        assert_ne!(log_digest(1, "a", "e"), log_digest(1, "b", "e"));
    }

    #[test]
    fn hex_round_trips() {
        let l = journal_link(&GENESIS, &row(7, "a", "b"));
        assert_eq!(parse_hex(&hex(&l)), Some(l));
        assert_eq!(parse_hex("zz"), None);
        assert_eq!(parse_hex(&"é".repeat(32)), None);
    }

    #[test]
    fn a_known_vector_pins_the_encoding() {
        // An auditor's own script must reach the same link: this pins the byte layout.
        assert_eq!(
            hex(&journal_link(&GENESIS, &row(1, "a", "b"))),
            hex(&{
                let mut h = Sha256::new();
                h.update(b"trellis-journal-v1");
                h.update([0u8; 32]);
                h.update(1i64.to_le_bytes());
                h.update(1i64.to_le_bytes());
                for t in ["a", "b", "a", "t", "null", "[]"] {
                    h.update((t.len() as u64).to_le_bytes());
                    h.update(t.as_bytes());
                }
                let out: Link = h.finalize().into();
                out
            })
        );
    }
}

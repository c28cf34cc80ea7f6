//! The members list's derived text (what the search box matches, what the list sorts by)
//! and its order, built once at load for 100,000 members.

use crate::model::Member;
use crate::validate::email_key;

/// A member with the derived text the list searches and sorts by: one string,
/// "lower-cased name NUL lower-cased email", whose name part is empty for invite-only
/// members. (One string, not two: 100,000 members are ~5 MiB less.)
#[derive(Clone, Debug)]
pub(super) struct Slot {
    pub(super) member: Member,
    /// What the search box matches.
    pub(super) search: String,
    /// Where the email part of `search` starts.
    email_at: u32,
}

impl Slot {
    pub(super) fn new(member: Member) -> Self {
        let email = email_key(&member.email);
        let name = member.name.to_lowercase();
        let search = format!("{name}\u{0}{email}");
        Slot { member, email_at: name.len() as u32 + 1, search }
    }

    pub(super) fn email(&self) -> &str {
        &self.search[self.email_at as usize..]
    }

    /// The list order: by name, or by email for members without one, then by email.
    pub(super) fn sort_key(&self) -> (&str, &str) {
        let name = &self.search[..self.email_at as usize - 1];
        (if name.is_empty() { self.email() } else { name }, self.email())
    }
}

/// Slot numbers in list order. Sorting 100,000 slots by their strings is mostly cache
/// misses; sorting keys made of each string's first 16 bytes is not, and only ties need
/// the strings. The email's bytes count only when the name is whole in its 16 (shorter
/// than 16: then any other name with the same bytes is the same name).
pub(super) fn sorted(slots: &[Slot]) -> Vec<u32> {
    type Key = (u128, u128, u32);
    fn prefix(key: &str) -> u128 {
        let mut bytes = [0u8; 16];
        let n = key.len().min(16);
        bytes[..n].copy_from_slice(&key.as_bytes()[..n]);
        u128::from_be_bytes(bytes)
    }
    let key = |(i, s): (usize, &Slot)| {
        let (first, email) = s.sort_key();
        (prefix(first), if first.len() < 16 { prefix(email) } else { 0 }, i as u32)
    };
    let cmp = |a: &Key, b: &Key| (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| cmp(slots, a.2, b.2));
    let mut keys: Vec<Key> = slots.iter().enumerate().map(key).collect();
    if keys.len() <= 20_000 {
        keys.sort_unstable_by(cmp);
        return keys.into_iter().map(|k| k.2).collect();
    }
    // Large workspaces: two halves sorted on two threads, then merged.
    let mid = keys.len() / 2;
    let (left, right) = keys.split_at_mut(mid);
    std::thread::scope(|s| {
        let other = s.spawn(|| right.sort_unstable_by(cmp));
        left.sort_unstable_by(cmp);
        other.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
    });
    let (mut a, mut b) = (keys[..mid].iter().peekable(), keys[mid..].iter().peekable());
    let mut order = Vec::with_capacity(keys.len());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        if cmp(x, y).is_le() {
            order.push(x.2);
            a.next();
        } else {
            order.push(y.2);
            b.next();
        }
    }
    order.extend(a.map(|k| k.2));
    order.extend(b.map(|k| k.2));
    order
}

pub(super) fn cmp(slots: &[Slot], a: u32, b: u32) -> std::cmp::Ordering {
    let (a, b) = (&slots[a as usize], &slots[b as usize]);
    (a.sort_key(), a.member.id).cmp(&(b.sort_key(), b.member.id))
}

/// Slots for loaded members. The lower-casing and formatting is most of loading 100,000
/// members, so large workspaces share it out between two threads.
pub(super) fn slots_of(members: Vec<Member>) -> Vec<Slot> {
    const SPLIT_ABOVE: usize = 20_000;
    if members.len() <= SPLIT_ABOVE {
        return members.into_iter().map(Slot::new).collect();
    }
    let mut first = members;
    let second = first.split_off(first.len() / 2);
    let (mut a, b) = std::thread::scope(|s| {
        let other = s.spawn(|| second.into_iter().map(Slot::new).collect::<Vec<_>>());
        let mine: Vec<Slot> = first.into_iter().map(Slot::new).collect();
        (mine, other.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    a.extend(b);
    a
}

//! The portal's records list (HIER-2, PORT-2) in pages by name: a page sorts only what
//! comes before its end, and the pages together are the full name order, every record once.

use proptest::prelude::*;
use trellis_core::records::{by_name, page_by_name};
use trellis_core::*;
use uuid::Uuid;

fn record(n: u128, name: String) -> Record {
    Record {
        id: RecordId(Uuid::from_u128(n)),
        kind: RecordKind::Lead,
        name,
        owner: Person::Member(MemberId(Uuid::from_u128(1))),
        segments: Default::default(),
        activity: None,
        version: 1,
    }
}

proptest! {
    #[test]
    fn pages_read_in_turn_are_the_full_name_order(
        names in prop::collection::vec("[a-cA-CÉé ]{0,4}", 0..60),
        per in 1usize..9,
    ) {
        let records: Vec<Record> = names.into_iter().enumerate().map(|(i, n)| record(i as u128 + 1, n)).collect();
        let mut sorted: Vec<&Record> = records.iter().collect();
        sorted.sort_by_key(|r| (r.name.to_lowercase(), r.id));
        let mut paged = Vec::new();
        loop {
            let page = page_by_name(records.iter().collect(), paged.len(), per);
            prop_assert!(page.len() <= per);
            if page.is_empty() {
                break;
            }
            paged.extend(page);
        }
        let ids = |v: &[&Record]| v.iter().map(|r| r.id).collect::<Vec<_>>();
        prop_assert_eq!(ids(&paged), ids(&sorted));
    }
}

#[test]
fn names_compare_without_case_and_ties_go_by_id() {
    let (a, b) = (record(2, "acme".into()), record(1, "ACME".into()));
    assert_eq!(by_name(&a, &b), std::cmp::Ordering::Greater, "same name: the smaller id first");
    let (z, e) = (record(3, "Zeta".into()), record(4, "émile".into()));
    assert_eq!(by_name(&z, &record(5, "alpha".into())), std::cmp::Ordering::Greater);
    assert_eq!(by_name(&e, &z), std::cmp::Ordering::Greater, "by code point once lowered, as before");
    assert!(page_by_name(vec![&a, &b], 2, 10).is_empty(), "past the end: an empty page");
}

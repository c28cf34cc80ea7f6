//! RPT-5 on real files: the state rebuilt from the journal at an entry equals the state the
//! desktop held right after writing it — on the demo workspace with every kind of change,
//! and on a desktop whose unsent changes were taken off, rebased, set aside and put back
//! by sync (real PostgreSQL). Then the questions asked of the past: `why --at`, the
//! access report `--at`, and their refusals.
use crate::support;

use std::collections::HashMap;
use support::*;
use trellis_commands::Trellis;
use trellis_core::history::entities_without_versions;
use trellis_core::reports::access::AccessPeople;
use trellis_core::wire::*;
use trellis_core::{Audience, Person, State};
use trellis_store::{Store, Until};

type Entities = HashMap<(&'static str, String), serde_json::Value>;

/// The desktop's state and journal position now.
async fn mark(t: &Trellis) -> (i64, Entities) {
    let seq = t.store().journal_anchor().await.unwrap().map_or(0, |a| a.seq);
    (seq, entities_without_versions(&t.snapshot().await))
}

/// Every mark's state, rebuilt from the journal of the file at `path`, equals the mark:
/// replayed from the first entry, then from checkpoints close together (the typed state
/// moved entity by entity from one, through every kind of entry between).
async fn replays_match(path: &std::path::Path, marks: &[(i64, Entities)]) {
    let store = Store::open(path).await.unwrap();
    let mut from_checkpoints = 0;
    for (every, order) in [(0, false), (3, false), (3, true), (2, true)] {
        store.set_checkpoint_every(every);
        let mut marks: Vec<_> = marks.iter().collect();
        if order {
            marks.reverse();
        }
        for (seq, expected) in marks {
            let past = store.state_at(Until::Entry(*seq)).await.unwrap();
            from_checkpoints += usize::from(past.from > 0);
            assert_matches(*seq, &past.state, expected);
        }
    }
    assert!(from_checkpoints > 0, "some answers started from a checkpoint");
}

fn assert_matches(seq: i64, state: &State, expected: &Entities) {
    let got = entities_without_versions(state);
    if &got != expected {
        let only_got: Vec<_> = got.iter().filter(|(k, v)| expected.get(*k) != Some(*v)).map(|(k, _)| k).collect();
        let only_exp: Vec<_> = expected.iter().filter(|(k, v)| got.get(*k) != Some(*v)).map(|(k, _)| k).collect();
        panic!("entry {seq}: rebuilt differs; rebuilt {only_got:?}, held {only_exp:?}");
    }
}

async fn role(t: &Trellis, name: &str) -> RoleRow {
    let q = RoleListQuery { audience: Some(Audience::Internal) };
    t.role_list(q).await.unwrap().into_iter().find(|r| r.name == name).unwrap()
}

async fn set_permissions(t: &Trellis, name: &str, rename: Option<&str>, permissions: &[&str]) {
    let r = role(t, name).await;
    let req = RoleUpdateRequest {
        role_id: r.id.to_string(),
        version: r.version,
        name: rename.unwrap_or(name).into(),
        description: r.description.clone(),
        permissions: permissions.iter().map(|p| p.to_string()).collect(),
        restriction: None,
        segments: None,
    };
    t.role_update(req).await.unwrap();
}

#[tokio::test]
async fn the_demo_workspace_replays_to_every_state_it_went_through() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let t = Trellis::open(&path).await.unwrap();
    t.workspace_create_demo(DemoRequest { members: Some(30) }).await.unwrap();
    let mut marks = vec![mark(&t).await];
    t.role_create(internal_role("Deal Desk", &["leads.read"])).await.unwrap();
    marks.push(mark(&t).await);
    set_permissions(&t, "Deal Desk", Some("Deal Desk EMEA"), &["leads.read", "leads.update"]).await;
    marks.push(mark(&t).await);
    let m = t_invite_admin(&t, "new.admin@northwind-channel.example").await;
    marks.push(mark(&t).await);
    let deal = role(&t, "Deal Desk EMEA").await.id.to_string();
    t.member_change_role(ChangeRoleRequest { member_ids: vec![m.clone()], role_id: Some(deal) }).await.unwrap();
    marks.push(mark(&t).await);
    t.member_remove(RemoveMembersRequest { member_ids: vec![m] }).await.unwrap();
    marks.push(mark(&t).await);
    t.settings_set_four_eyes(FourEyesRequest { on: true }).await.unwrap();
    marks.push(mark(&t).await);
    // Deletions, which a replay from a checkpoint takes out of the typed state.
    let scratch = t.role_create(internal_role("Scratch", &["leads.read"])).await.unwrap();
    marks.push(mark(&t).await);
    t.role_delete(RoleRef { role_id: scratch.id.to_string() }).await.unwrap();
    marks.push(mark(&t).await);
    let rule = t.sharing_rule_list().await.unwrap().into_iter().next().expect("the demo shares records");
    t.sharing_rule_delete(SharingRuleRef { rule_id: rule.id.to_string() }).await.unwrap();
    marks.push(mark(&t).await);
    replays_match(&path, &marks).await;
}

#[tokio::test]
async fn a_desktop_whose_changes_sync_rebased_and_set_aside_replays_exactly() {
    let (url, bob_login) = sync_database("bobtt").await;
    let (dir, a) = fresh().await;
    a.role_create(internal_role("Deal Desk", &["leads.read"])).await.unwrap();
    a.role_create(internal_role("Renewals", &["leads.read"])).await.unwrap();
    let b_path = dir.path().join("b.db");
    let b = crate::sync::bob_joins(&a, &url, &bob_login, &b_path).await;
    let mut marks = vec![mark(&b).await];

    // Same role, different permissions: B's unsent edit is taken off, A's goes under it,
    // B's is rebased and put back.
    set_permissions(&b, "Deal Desk", None, &["leads.read", "leads.update"]).await;
    marks.push(mark(&b).await);
    set_permissions(&a, "Deal Desk", None, &["leads.read", "opportunities.read"]).await;
    a.sync_now().await.unwrap();
    // Same field, different values: B's rename is set aside as a conflict.
    b.role_create(internal_role("Made on B", &["customers.read"])).await.unwrap();
    set_permissions(&b, "Renewals", Some("Renewals B"), &["leads.read"]).await;
    marks.push(mark(&b).await);
    set_permissions(&a, "Renewals", Some("Renewals A"), &["leads.read"]).await;
    a.sync_now().await.unwrap();
    let report = b.sync_now().await.unwrap();
    assert_eq!(report.parked, 1, "the rename met another: {report:?}");
    marks.push(mark(&b).await);
    let held = b.snapshot().await;
    let deal = held.roles().into_iter().find(|r| r.name == "Deal Desk").unwrap().permissions.keys();
    assert_eq!(deal, ["leads.read", "leads.update", "opportunities.read"], "rebased: both edits hold");
    // Kept theirs; one more round trip.
    a.role_create(internal_role("Late on A", &["leads.read"])).await.unwrap();
    a.sync_now().await.unwrap();
    b.sync_now().await.unwrap();
    marks.push(mark(&b).await);
    // Both invite one address: B's invitation is refused at sync and taken back (a member
    // uncreated), A's arrives.
    let viewer = Some(trellis_core::Builtin::Viewer.id().to_string());
    let twin =
        |name: &str| InviteRequest { email: "twin@acme.test".into(), name: name.into(), role_id: viewer.clone() };
    a.member_invite(twin("Twin A")).await.unwrap();
    b.member_invite(twin("Twin B")).await.unwrap();
    marks.push(mark(&b).await);
    a.sync_now().await.unwrap();
    let report = b.sync_now().await.unwrap();
    assert_eq!(report.parked, 1, "one address, two invitations: {report:?}");
    marks.push(mark(&b).await);
    replays_match(&b_path, &marks).await;
    let journal =
        b.audit_list(AuditQuery { action: "sync.".into(), limit: 50, ..AuditQuery::default() }).await.unwrap();
    let actions: Vec<&str> = journal.rows.iter().map(|r| r.action.as_str()).collect();
    assert!(actions.contains(&"sync.undo_own") && actions.contains(&"sync.redo_own"), "{actions:?}");
}

fn at_of(past: &State) -> i64 {
    past.workspace().unwrap().created_at
}

#[tokio::test]
async fn why_and_the_access_report_answer_for_a_past_moment() {
    let (_dir, t) = fresh().await;
    let ana = viewer_with_password(&t, "ana@acme.test", "Ana").await;
    let person = Person::Member(trellis_core::MemberId::parse(&ana.id.to_string(), "m").unwrap());
    let why = |at: Option<i64>| WhyPermissionQuery { person, permission: "members.update".into(), draft_id: None, at };
    assert!(!t.why_permission(why(None)).await.unwrap().granted, "a Viewer may not update members");
    // The moment before the change: entries carry milliseconds, so wait for the clock to move.
    let before = trellis_core::Millis::from(jiff::Timestamp::now().as_millisecond());
    while jiff::Timestamp::now().as_millisecond() <= before {
        tokio::task::yield_now().await;
    }
    let admin = Some(trellis_core::Builtin::Admin.id().to_string());
    t.member_change_role(ChangeRoleRequest { member_ids: vec![ana.id.to_string()], role_id: admin }).await.unwrap();
    assert!(t.why_permission(why(None)).await.unwrap().granted, "an Admin may");
    let then = t.why_permission(why(Some(before))).await.unwrap();
    assert!(!then.granted, "the answer the rules gave then: {then:?}");
    assert!(then.chain.iter().any(|c| c.contains("Viewer")), "and why: {:?}", then.chain);

    let q = |at| AccessReportQuery {
        search: "ana@".into(),
        permissions: vec!["members.update".into()],
        at,
        ..Default::default()
    };
    assert_eq!(t.access_report(q(None)).await.unwrap().total_rows, 1);
    let past = t.access_report(q(Some(before))).await.unwrap();
    assert_eq!((past.total_rows, past.at), (0, Some(before)));

    // Before the workspace, and in the future: refused by field.
    let created = at_of(&t.snapshot().await);
    let e = t.access_report(q(Some(created - 1))).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("at"), "{e:?}");
    let e = t.access_report(q(Some(i64::MAX / 2))).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("at"), "{e:?}");
    // A Viewer reads partner users only, and not the audit log: the past is refused.
    viewer_with_password(&t, "vic@acme.test", "Vic").await;
    let vic = SignInRequest { email: "vic@acme.test".into(), password: MEMBER_PW.into(), remember: false };
    t.auth_sign_in(vic).await.unwrap();
    let e = t.access_report(q(Some(before))).await.unwrap_err();
    assert!(e.message.contains("audit log"), "{e:?}");
    let e =
        t.access_report(AccessReportQuery { people: AccessPeople::Members, ..Default::default() }).await.unwrap_err();
    assert!(e.message.contains("partner users only"), "{e:?}");
    let theirs = t.access_report(AccessReportQuery::default()).await.unwrap();
    assert!(theirs.rows.iter().all(|r| r.kind == "partner_user"), "members' access is not theirs to read");
}

/// RPT-5's checkpoints: every answer from a checkpoint equals a replay from the first
/// entry, at random entries and random moments; a checkpoint whose link no longer matches
/// the journal is dropped, never used.
#[tokio::test]
async fn checkpoints_answer_as_a_replay_from_scratch_does() {
    let dir = tempfile::tempdir().unwrap();
    let t = Trellis::open(&dir.path().join("cp.db")).await.unwrap();
    t.workspace_create_demo(DemoRequest { members: Some(40) }).await.unwrap();
    t.role_create(internal_role("Deal Desk", &["leads.read"])).await.unwrap();
    set_permissions(&t, "Deal Desk", Some("Deal Desk EMEA"), &["leads.read", "leads.update"]).await;
    let store = t.store();
    store.set_checkpoint_every(25);
    let head = store.journal_anchor().await.unwrap().unwrap();
    let first = store.state_at_from_scratch(Until::Entry(1)).await.unwrap().at.unwrap();
    // A question writes the checkpoint it passes last, nearest the moment asked about.
    let newest = store.state_at(Until::Entry(head.seq)).await.unwrap();
    assert_eq!(store.checkpoints().await.unwrap(), [head.seq / 25 * 25]);
    assert_eq!(entities_without_versions(&newest.state), entities_without_versions(&t.snapshot().await));
    let mut dice = Dice(0x5eed_cafe);
    let mut from_checkpoints = 0;
    for _ in 0..60 {
        let until = if dice.next(2) == 0 {
            Until::Entry(1 + dice.next(head.seq as u64) as i64)
        } else {
            Until::Time(first + dice.next((head.at - first + 1) as u64) as i64)
        };
        let quick = store.state_at(until).await.unwrap();
        let slow = store.state_at_from_scratch(until).await.unwrap();
        assert_eq!(quick.seq, slow.seq, "{until:?}");
        assert_eq!(entities_without_versions(&quick.state), entities_without_versions(&slow.state), "{until:?}");
        from_checkpoints += usize::from(quick.from > 0);
    }
    assert!(from_checkpoints > 30, "most answers start from a checkpoint: {from_checkpoints}");
    let written = store.checkpoints().await.unwrap();
    assert!(written.len() > 5, "questions at other moments wrote theirs: {written:?}");

    // A checkpoint that no longer matches its entry's link is dropped, with every later one.
    let at = written[written.len() / 2];
    sqlx::query("UPDATE history_checkpoints SET link = zeroblob(32) WHERE seq = ?")
        .bind(at)
        .execute(store.pool())
        .await
        .unwrap();
    let quick = store.state_at(Until::Entry(at + 3)).await.unwrap();
    assert!(quick.from < at, "the stale checkpoint was not used");
    let slow = store.state_at_from_scratch(Until::Entry(at + 3)).await.unwrap();
    assert_eq!(entities_without_versions(&quick.state), entities_without_versions(&slow.state));
    let left = store.checkpoints().await.unwrap();
    let expected: Vec<i64> = written.iter().copied().filter(|s| *s <= at).collect();
    assert_eq!(left, expected, "dropped from {at} on, then written again by the replay as far as it went");
    let relinked: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM history_checkpoints c JOIN journal j ON j.seq = c.seq WHERE c.seq = ? AND c.link = j.hash",
    )
    .bind(at)
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(relinked, 1, "the new checkpoint carries the journal's own link");
}

/// RPT-5 on an account's "What they see": as it was before a revocation, and refused to a
/// reader of partner users who may not read the audit log.
#[tokio::test]
async fn what_a_partner_user_saw_before_their_access_was_revoked() {
    let (_dir, t) = fresh().await;
    let (_, ids) = globex(&t, 3, &[("Ann Able", "ann@globex.test")]).await;
    t.partner_give_access(give_access(&ids[0], trellis_core::Builtin::AdvancedPartnerCenter)).await.unwrap();
    let q = |at: Option<i64>| VisibilityQuery { contact_id: Some(ids[0].clone()), member_id: None, kind: None, at };
    let before = t.visibility_report(q(None)).await.unwrap();
    assert!(!before.permissions.is_empty(), "{before:?}");
    let moment = t.store().journal_anchor().await.unwrap().unwrap().at;
    // The next entry must come later than that moment (the clock has millisecond steps).
    while std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64 <= moment {
        tokio::task::yield_now().await;
    }
    t.partner_revoke_access(ContactRef { contact_id: ids[0].clone() }).await.unwrap();
    let now = t.visibility_report(q(None)).await.unwrap();
    assert!(now.permissions.is_empty() && now.scope.starts_with("No access"), "{now:?}");
    let then = t.visibility_report(q(Some(moment))).await.unwrap();
    assert_eq!(then.permissions, before.permissions, "as the rules answered then");
    assert_eq!(then.scope, before.scope);
    viewer_with_password(&t, "vic@acme.test", "Vic").await;
    t.auth_sign_out().await.unwrap();
    let vic = SignInRequest { email: "vic@acme.test".into(), password: MEMBER_PW.into(), remember: false };
    t.auth_sign_in(vic).await.unwrap();
    assert!(t.visibility_report(q(None)).await.is_ok(), "a Viewer reads partner users");
    let e = t.visibility_report(q(Some(moment))).await.unwrap_err();
    assert_eq!(e.code, trellis_core::ErrorCode::Forbidden, "the past needs the audit log: {e:?}");
}

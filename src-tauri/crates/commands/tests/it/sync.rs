//! SYNC-1..3 through the command layer, on two real SQLite files and a real PostgreSQL
//! server: publish, a second desktop, offline edits that merge, a same-field conflict
//! settled by "apply mine on top", and every step surviving a restart.
use crate::support;

use support::*;
use trellis_commands::sync::remote_request;
use trellis_commands::Trellis;
use trellis_core::wire::*;
use trellis_core::Audience;

async fn database(login: &str) -> (String, String) {
    sync_database(login).await
}

/// A publishes its workspace with Bob, an Admin, linked to `bob_login`; Bob joins it into
/// the file at `path` under his own login and signs in there.
pub(crate) async fn bob_joins(a: &Trellis, url: &str, bob_login: &str, path: &std::path::Path) -> Trellis {
    let bob = t_invite_admin(a, "bob@acme.test").await;
    a.member_set_db_login(MemberLoginRequest { member_id: bob, login: Some(bob_login.to_owned()) }).await.unwrap();
    a.sync_connect(remote_request(url, "unused".into()).unwrap()).await.unwrap();
    a.sync_publish().await.unwrap();
    let bob_url = url.replace("postgres@", &format!("{bob_login}@"));
    let join = RemoteJoinRequest { remote: remote_request(&bob_url, "unused".into()).unwrap(), workspace: None };
    let (b, _) = Trellis::sync_join(path, join).await.unwrap();
    b.auth_sign_in(SignInRequest { email: "bob@acme.test".into(), password: MEMBER_PW.into(), remember: false })
        .await
        .unwrap();
    b
}

async fn role(t: &Trellis, name: &str) -> RoleRow {
    let q = RoleListQuery { audience: Some(Audience::Internal) };
    t.role_list(q).await.unwrap().into_iter().find(|r| r.name == name).unwrap()
}

async fn edit(t: &Trellis, r: &RoleRow, name: &str, permissions: Vec<String>) {
    let req = RoleUpdateRequest {
        role_id: r.id.to_string(),
        version: r.version,
        name: name.into(),
        description: r.description.clone(),
        permissions,
        restriction: None,
        segments: None,
    };
    t.role_update(req).await.unwrap();
}

#[tokio::test]
async fn two_desktops_publish_merge_and_settle_a_conflict() {
    let (url, bob_login) = database("bob").await;
    let (dir, a) = fresh().await;
    let deal = internal_role("Deal Desk", &["leads.read"]);
    a.role_create(deal).await.unwrap();
    let bob = t_invite_admin(&a, "bob@acme.test").await;
    a.member_set_db_login(MemberLoginRequest { member_id: bob.clone(), login: Some(bob_login.clone()) }).await.unwrap();

    // A publishes the workspace (its login installs the schema).
    a.sync_connect(remote_request(&url, "unused".into()).unwrap()).await.unwrap();
    let status = a.sync_publish().await.unwrap();
    assert!(status.workspace.is_some());
    assert_eq!(status.to_send, 0);

    // B joins from a fresh install under Bob's own login, and Bob signs in there with the
    // password he set on A's desktop: only its argon2id hash travelled.
    let b_path = dir.path().join("b.db");
    let bob_url = url.replace("postgres@", &format!("{bob_login}@"));
    let join = |workspace: Option<&str>| RemoteJoinRequest {
        remote: remote_request(&bob_url, "unused".into()).unwrap(),
        workspace: workspace.map(str::to_owned),
    };
    let wrong = Trellis::sync_join(&dir.path().join("x.db"), join(Some("No such workspace"))).await;
    assert_eq!(wrong.err().unwrap().field.as_deref(), Some("workspace"));
    let (b, report) = Trellis::sync_join(&b_path, join(None)).await.unwrap();
    assert!(report.received > 5, "{report:?}");
    let progress = b.sync_join_progress().await.unwrap();
    assert!(progress.total > 5 && progress.done == progress.total, "{progress:?}");
    assert_eq!(progress.phase, JoinPhase::Done, "every phase reported, to the end");
    assert!(b.snapshot().await == a.snapshot().await, "the joined desktop replays to the published state");
    let again = Trellis::sync_join(&b_path, join(None)).await;
    assert_eq!(again.err().unwrap().field.as_deref(), Some("db"));
    b.auth_sign_in(SignInRequest { email: "bob@acme.test".into(), password: MEMBER_PW.into(), remember: false })
        .await
        .unwrap();

    // Offline, A ticks a permission and B renames the role: both survive, nobody asked.
    let r = role(&a, "Deal Desk").await;
    edit(&a, &r, "Deal Desk", vec!["leads.read".into(), "leads.update".into()]).await;
    edit(&b, &role(&b, "Deal Desk").await, "Deal Room", vec!["leads.read".into()]).await;
    assert_eq!(a.sync_status().await.to_send, 1);
    let sent = b.sync_now().await.unwrap();
    assert_eq!(sent.sent, 1);
    let moved_before = a.sync_status().await.moved;
    let got = a.sync_now().await.unwrap();
    assert_eq!((got.received, got.sent, got.parked), (1, 1, 0));
    // The window re-reads what moved (issue 22): B's rename is counted under `role`, and
    // nothing else moved.
    let moved = a.sync_status().await.moved;
    assert_eq!(moved.get("role").copied().unwrap_or(0), moved_before.get("role").copied().unwrap_or(0) + 1);
    assert_eq!(moved.values().sum::<u64>(), moved_before.values().sum::<u64>() + 1, "{moved:?}");
    b.sync_now().await.unwrap();
    for t in [&a, &b] {
        let r = role(t, "Deal Room").await;
        assert_eq!(r.permissions.keys(), vec!["leads.read".to_owned(), "leads.update".to_owned()]);
    }

    // Both rename it, differently: whoever syncs second sees base / theirs / mine.
    edit(&a, &role(&a, "Deal Room").await, "Deal Desk EMEA", role(&a, "Deal Room").await.permissions.keys()).await;
    edit(&b, &role(&b, "Deal Room").await, "Deal Desk APAC", role(&b, "Deal Room").await.permissions.keys()).await;
    a.sync_now().await.unwrap();
    let report = b.sync_now().await.unwrap();
    assert_eq!(report.parked, 1);
    let conflicts = b.sync_queue().await.unwrap().parked;
    assert_eq!(conflicts.len(), 1);
    let text = serde_json::to_string(&conflicts[0]).unwrap();
    assert!(text.contains("Deal Room") && text.contains("Deal Desk EMEA") && text.contains("Deal Desk APAC"), "{text}");
    assert_eq!(role(&b, "Deal Desk EMEA").await.name, "Deal Desk EMEA", "theirs is in place until B decides");

    // The parked change survives a restart of B.
    drop(b);
    let b = Trellis::open(&b_path).await.unwrap();
    b.auth_sign_in(SignInRequest { email: "bob@acme.test".into(), password: MEMBER_PW.into(), remember: false })
        .await
        .unwrap();
    assert_eq!(b.sync_status().await.conflicts, 1);
    let bad = b.sync_resolve(SyncResolveRequest { id: "not-an-id".into(), keep: Keep::Mine }).await.unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("id"));
    b.sync_resolve(SyncResolveRequest { id: conflicts[0].id.to_string(), keep: Keep::Mine }).await.unwrap();
    assert_eq!(b.sync_status().await.to_send, 1);
    b.sync_now().await.unwrap();
    a.sync_now().await.unwrap();
    for t in [&a, &b] {
        assert_eq!(role(t, "Deal Desk APAC").await.name, "Deal Desk APAC");
        let s = t.sync_status().await;
        assert_eq!((s.to_send, s.conflicts, s.refused), (0, 0, 0));
    }
    assert!(a.snapshot().await == b.snapshot().await);
    // A restart of A reads back the same state the sync left in memory.
    let before = a.snapshot().await;
    drop(a);
    let a = Trellis::open(&dir.path().join("trellis.db")).await.unwrap();
    assert!(a.snapshot().await == before);
}

#[tokio::test]
async fn a_manager_whose_login_may_only_use_the_schema_publishes_a_second_workspace() {
    let (url, dora_login) = database("dora").await;
    // The database's owner publishes first (and creates the schema).
    let (_dir, a) = fresh().await;
    a.sync_connect(remote_request(&url, "unused".into()).unwrap()).await.unwrap();
    a.sync_publish().await.unwrap();
    // Dora, a trellis_client login, publishes another workspace into it.
    let (_dir2, d) = fresh().await;
    let dora_url = url.replace("postgres@", &format!("{dora_login}@"));
    d.sync_connect(remote_request(&dora_url, "unused".into()).unwrap()).await.unwrap();
    let status = d.sync_publish().await.unwrap();
    assert!(status.workspace.is_some() && status.workspace != a.sync_status().await.workspace);
    let role = internal_role("After publish", &[]);
    d.role_create(role).await.unwrap();
    assert_eq!(d.sync_now().await.unwrap().sent, 1, "her changes are accepted under her own login");
}

#[tokio::test]
async fn a_password_hash_written_by_someone_not_allowed_to_set_it_is_ignored_everywhere() {
    let (url, eve_login) = database("eve").await;
    let (dir, a) = fresh().await;
    let eve = viewer_with_password(&a, "eve@acme.test", "Eve").await;
    a.member_set_db_login(MemberLoginRequest { member_id: eve.id.to_string(), login: Some(eve_login.clone()) })
        .await
        .unwrap();
    a.sync_connect(remote_request(&url, "unused".into()).unwrap()).await.unwrap();
    a.sync_publish().await.unwrap();
    let owner = a.session_info().await.me.unwrap().id;

    // Eve, a Viewer, writes a hash she knows for the Owner, straight through SQL.
    let eve_config = trellis_sync::RemoteConfig::from_url(&url.replace("postgres@", &format!("{eve_login}@"))).unwrap();
    let eve_db = trellis_sync::Remote::connect(&eve_config, &"unused".into()).await.unwrap();
    let workspace = a.sync_status().await.workspace.unwrap();
    let known = trellis_secrets::hash_password(&"eves own long passphrase".into()).unwrap();
    sqlx::query("SELECT trellis_put_credentials($1, ARRAY['member'], ARRAY[$2::uuid], ARRAY[$3], ARRAY[false])")
        .bind(workspace)
        .bind(owner.0)
        .bind(known)
        .execute(eve_db.pool())
        .await
        .unwrap();

    // A fresh desktop joins: the Owner signs in with her own password, not Eve's.
    let join = RemoteJoinRequest { remote: remote_request(&url, "unused".into()).unwrap(), workspace: None };
    let (c, _) = Trellis::sync_join(&dir.path().join("c.db"), join).await.unwrap();
    let eves = SignInRequest {
        email: "olivia@acme.test".into(),
        password: "eves own long passphrase".into(),
        remember: false,
    };
    assert!(c.auth_sign_in(eves).await.is_err());
    c.auth_sign_in(SignInRequest { email: "olivia@acme.test".into(), password: OWNER_PW.into(), remember: false })
        .await
        .unwrap();
    // And A, syncing again, keeps it too.
    a.sync_now().await.unwrap();
    a.auth_sign_out().await.unwrap();
    a.auth_sign_in(SignInRequest { email: "olivia@acme.test".into(), password: OWNER_PW.into(), remember: false })
        .await
        .unwrap();
}

#[tokio::test]
async fn a_parked_change_is_decided_by_its_author_or_dropped_by_a_settings_admin() {
    let (url, bob_login) = database("bob").await;
    let (dir, a) = fresh().await;
    let create = internal_role("Deal Desk", &["leads.read"]);
    a.role_create(create).await.unwrap();
    viewer_with_password(&a, "vic@acme.test", "Vic").await;
    let b = bob_joins(&a, &url, &bob_login, &dir.path().join("b.db")).await;
    let sign_in =
        |email: &str, password: &str| SignInRequest { email: email.into(), password: password.into(), remember: false };
    edit(&a, &role(&a, "Deal Desk").await, "Deal Desk EMEA", vec!["leads.read".into()]).await;
    edit(&b, &role(&b, "Deal Desk").await, "Deal Desk APAC", vec!["leads.read".into()]).await;
    a.sync_now().await.unwrap();
    b.sync_now().await.unwrap();
    let id = b.sync_queue().await.unwrap().parked[0].id.to_string();
    let decide = |keep| SyncResolveRequest { id: id.clone(), keep };

    // Vic, a Viewer at Bob's desk, can do neither.
    b.auth_sign_out().await.unwrap();
    b.auth_sign_in(sign_in("vic@acme.test", MEMBER_PW)).await.unwrap();
    for keep in [Keep::Mine, Keep::Theirs] {
        let err = b.sync_resolve(decide(keep)).await.unwrap_err();
        assert_eq!(err.code, trellis_commands::ErrorCode::Forbidden, "{err:?}");
        assert!(err.message.contains("bob@acme.test"), "{}", err.message);
    }
    // The Owner may drop it, not apply it as Bob.
    b.auth_sign_out().await.unwrap();
    b.auth_sign_in(sign_in("olivia@acme.test", OWNER_PW)).await.unwrap();
    assert_eq!(b.sync_resolve(decide(Keep::Mine)).await.unwrap_err().code, trellis_commands::ErrorCode::Forbidden);
    assert_eq!(b.sync_status().await.conflicts, 1, "a refusal changes nothing");
    b.sync_resolve(decide(Keep::Theirs)).await.unwrap();
    assert_eq!(b.sync_status().await.conflicts, 0);
    assert_eq!(role(&b, "Deal Desk EMEA").await.name, "Deal Desk EMEA");
}

/// DRAFT-3 over sync: a published draft is one change of the shared log, applied whole
/// on the other desktop; published over a conflicting change, it is set aside whole
/// (none of its changes half-applied) for its author to decide.
#[tokio::test]
async fn a_published_draft_travels_as_one_change_and_is_set_aside_whole() {
    let (url, bob_login) = database("bobd").await;
    let (dir, a) = fresh().await;
    a.role_create(internal_role("Shared", &["leads.read"])).await.unwrap();
    let b = bob_joins(&a, &url, &bob_login, &dir.path().join("b.db")).await;

    // A drafts two changes and publishes: one change to send, applied whole at B.
    let draft = |name: &str| DraftCreateRequest { name: name.into(), description: String::new() };
    let d = a.draft_create(draft("Desk")).await.unwrap();
    a.draft_open(DraftRef { draft_id: d.row.id.clone() }).await.unwrap();
    a.role_create(internal_role("Desk", &["leads.read"])).await.unwrap();
    edit(&a, &role(&a, "Shared").await, "Shared", vec!["leads.read".into(), "leads.update".into()]).await;
    a.draft_close().await.unwrap();
    a.draft_publish(DraftRef { draft_id: d.row.id.clone() }).await.unwrap();
    assert_eq!(a.sync_status().await.to_send, 1, "one change for the whole draft");
    assert_eq!(a.sync_now().await.unwrap().sent, 1);
    assert_eq!(b.sync_now().await.unwrap().received, 1);
    assert_eq!(role(&b, "Desk").await.name, "Desk");
    assert_eq!(role(&b, "Shared").await.permissions.keys(), vec!["leads.read".to_owned(), "leads.update".to_owned()]);

    // B renames Shared and syncs; A, not synced since, publishes a draft renaming it too.
    edit(&b, &role(&b, "Shared").await, "Shared by B", role(&b, "Shared").await.permissions.keys()).await;
    b.sync_now().await.unwrap();
    let d2 = a.draft_create(draft("Second")).await.unwrap();
    a.draft_open(DraftRef { draft_id: d2.row.id.clone() }).await.unwrap();
    a.role_create(internal_role("Desk 2", &["leads.read"])).await.unwrap();
    edit(&a, &role(&a, "Shared").await, "Shared by A", role(&a, "Shared").await.permissions.keys()).await;
    a.draft_close().await.unwrap();
    a.draft_publish(DraftRef { draft_id: d2.row.id.clone() }).await.unwrap();
    let report = a.sync_now().await.unwrap();
    assert_eq!(report.parked, 1, "{report:?}");
    let q = RoleListQuery { audience: Some(trellis_core::Audience::Internal) };
    let names: Vec<String> = a.role_list(q.clone()).await.unwrap().into_iter().map(|r| r.name).collect();
    assert!(names.contains(&"Shared by B".to_owned()), "theirs in place: {names:?}");
    assert!(!names.contains(&"Desk 2".to_owned()), "none of the draft half-applied: {names:?}");
    // Apply mine on top: the whole draft goes, as one change.
    let parked = a.sync_queue().await.unwrap().parked;
    a.sync_resolve(SyncResolveRequest { id: parked[0].id.to_string(), keep: Keep::Mine }).await.unwrap();
    assert_eq!(a.sync_now().await.unwrap().sent, 1);
    assert_eq!(b.sync_now().await.unwrap().received, 1);
    for t in [&a, &b] {
        let names: Vec<String> = t.role_list(q.clone()).await.unwrap().into_iter().map(|r| r.name).collect();
        assert!(names.contains(&"Desk 2".to_owned()) && names.contains(&"Shared by A".to_owned()), "{names:?}");
    }
    assert!(a.snapshot().await == b.snapshot().await);
}

/// Bulk role changes made offline on both desktops travel, rebase and reopen exactly:
/// A's own change is taken off (its members written back directly), B's and then A's
/// again go through the member backlog, and both files, reopened, hold what memory held.
#[tokio::test]
async fn bulk_changes_made_offline_on_two_desktops_merge_and_reopen_exactly() {
    use trellis_core::Builtin;
    let (url, bob_login) = database("bob").await;
    let (dir, a) = fresh().await;
    let roles = [Some(Builtin::Member.id())];
    a.import_members(trellis_commands::demo_members(1_300, &roles)).await.unwrap();
    let b_path = dir.path().join("b.db");
    let b = bob_joins(&a, &url, &bob_login, &b_path).await;

    // Different members on each side, 600 each: no conflict, both bulk.
    let ids = a.member_ids_for_bench(1_200).await;
    let to = |role: Builtin, ids: &[String]| ChangeRoleRequest {
        member_ids: ids.to_vec(),
        role_id: Some(role.id().to_string()),
    };
    a.member_change_role(to(Builtin::Viewer, &ids[..600])).await.unwrap();
    b.member_change_role(to(Builtin::Viewer, &ids[600..])).await.unwrap();
    b.sync_now().await.unwrap();
    let got = a.sync_now().await.unwrap();
    assert_eq!((got.received, got.sent, got.parked), (1, 1, 0));
    b.sync_now().await.unwrap();
    let state = a.snapshot().await;
    assert!(b.snapshot().await == state, "the two desktops differ after the merge");
    let viewers = a.member_list(MemberListQuery {
        tab: MemberTab::Role { role_id: Builtin::Viewer.id().to_string() },
        search: String::new(),
        removed: false,
        offset: 0,
        limit: 1,
        sort: None,
    });
    assert_eq!(viewers.await.unwrap().total, 1_200);

    // Reopened (whatever the background drains had reached), both hold the same state.
    drop((a, b));
    for path in [dir.path().join("trellis.db"), b_path] {
        let t = Trellis::open(&path).await.unwrap();
        assert!(t.snapshot().await == state, "{} reopens differently", path.display());
        t.store().settle().await.unwrap();
        drop(t);
        let t = Trellis::open(&path).await.unwrap();
        assert!(t.snapshot().await == state, "{} differs once drained", path.display());
    }
}

/// Issue 17, found 1: a sync that received nothing and then failed to push used to rewrite
/// the pending queue on disk from an empty integration, so the change lived in memory only
/// and was never sent after a restart. The server refuses the push (EXECUTE revoked); the
/// file, reopened, still holds the change; once allowed again it reaches B exactly once.
#[tokio::test]
async fn a_failed_push_after_a_quiet_poll_keeps_the_pending_change() {
    use sqlx::postgres::PgPoolOptions;
    let (url, bob_login) = database("bobq").await;
    let (dir, a) = fresh().await;
    let b_path = dir.path().join("b.db");
    let b = bob_joins(&a, &url, &bob_login, &b_path).await;
    a.sync_now().await.unwrap();
    assert_eq!(b.sync_now().await.unwrap().received, 0, "quiet: nothing new on the server");

    let server = PgPoolOptions::new().max_connections(1).connect(&url).await.unwrap();
    let grant = |verb: &str| {
        format!(
            "{verb} EXECUTE ON FUNCTION trellis_append(uuid, bigint, uuid[], text[]) {} trellis_client",
            if verb == "GRANT" { "TO" } else { "FROM" }
        )
    };
    sqlx::query(&grant("REVOKE")).execute(&server).await.unwrap();
    b.role_create(internal_role("Made on B", &["leads.read"])).await.unwrap();
    assert_eq!(b.sync_status().await.to_send, 1);
    assert!(b.sync_now().await.is_err(), "the server refuses the push");
    assert!(b.sync_now().await.is_err(), "twice: a second quiet poll keeps it too");
    drop(b);

    // After a restart the change is still waiting.
    let b = Trellis::open(&b_path).await.unwrap();
    assert_eq!(b.sync_status().await.to_send, 1, "the pending change survived the failed pushes");
    sqlx::query(&grant("GRANT")).execute(&server).await.unwrap();
    assert_eq!(b.sync_unattended().await.unwrap().sent, 1);
    assert_eq!(b.sync_status().await.to_send, 0);
    assert_eq!(a.sync_now().await.unwrap().received, 1);
    assert_eq!(role(&a, "Made on B").await.name, "Made on B");
    let q = "SELECT count(*) FROM trellis_log WHERE envelope LIKE '%Made on B%'";
    let logged: i64 = sqlx::query_scalar(q).fetch_one(&server).await.unwrap();
    assert_eq!(logged, 1, "in the log once");
}

use trellis_core::mail::MailStatus;

/// The statuses of Bo's messages in `t`'s outbox, newest first.
async fn bo_message(t: &Trellis) -> Vec<MailStatus> {
    let all = t.outbox_list().await.unwrap();
    all.into_iter().filter(|m| m.to == "bo@globex.test").map(|m| m.status).collect()
}

/// Issue 17, found 5: a give-access refused at sync (the licence pool is full) is undone
/// with everything it queued: its "Your portal access" message is held, not sent; the
/// journal says it was set aside and why; kept theirs, the message is withdrawn; applied
/// again once licences allow, it is queued again.
#[tokio::test]
async fn a_change_set_aside_by_sync_holds_or_withdraws_what_it_queued() {
    use trellis_core::Builtin;
    let (url, bob_login) = database("bobo").await;
    let (dir, a) = fresh().await;
    let people = [("Ann Lee", "ann@globex.test"), ("Bo Kim", "bo@globex.test"), ("Cy Ray", "cy@globex.test")];
    let (_, contacts) = globex(&a, 1, &people).await;
    let b = bob_joins(&a, &url, &bob_login, &dir.path().join("b.db")).await;
    let give = |contact: &String, hierarchy: Option<&String>| GiveAccessRequest {
        contact_id: contact.clone(),
        portal_role_id: Builtin::AdvancedPartnerCenter.id().to_string(),
        agent_role_id: None,
        admin_role_id: None,
        hierarchy_role_id: hierarchy.cloned(),
        can_grant_subpartners: false,
        delivery: Delivery::Notification,
    };
    let given = a.partner_give_access(give(&contacts[0], None)).await.unwrap();
    // Later users go under the account's partner hierarchy its first user created.
    let user_level = given.record.branch.last().unwrap().id.to_string();
    b.partner_give_access(give(&contacts[1], None)).await.unwrap();
    assert_eq!(bo_message(&b).await, vec![MailStatus::Queued]);
    a.sync_now().await.unwrap();
    assert_eq!(b.sync_now().await.unwrap().parked, 1, "one licence, taken by Ann first");

    assert_eq!(bo_message(&b).await, vec![MailStatus::Held], "Bo is not told of access he does not have");
    let q = |action: &str| AuditQuery { action: action.into(), limit: 10, ..AuditQuery::default() };
    let aside = b.audit_list(q("sync.set_aside")).await.unwrap().rows;
    assert_eq!(aside.len(), 1, "the journal says the give-access was undone");
    assert!(aside[0].target.contains("refused"), "{}", aside[0].target);
    assert!(serde_json::to_string(&aside[0].changes).unwrap().contains("held"), "{:?}", aside[0].changes);

    // Keep theirs: the message is withdrawn for good.
    let id = b.sync_queue().await.unwrap().parked[0].id.to_string();
    b.sync_resolve(SyncResolveRequest { id, keep: Keep::Theirs }).await.unwrap();
    assert_eq!(bo_message(&b).await, vec![MailStatus::Withdrawn]);

    // Again, raced with Cy: this time more licences arrive and Bob applies his on top.
    let features =
        |licences| trellis_core::PartnerFeatures { partner_access: true, advanced_partner_access: true, licences };
    a.settings_set_partner_features(features(2)).await.unwrap();
    a.sync_now().await.unwrap();
    b.sync_now().await.unwrap();
    a.partner_give_access(give(&contacts[2], Some(&user_level))).await.unwrap();
    b.partner_give_access(give(&contacts[1], Some(&user_level))).await.unwrap();
    a.sync_now().await.unwrap();
    assert_eq!(b.sync_now().await.unwrap().parked, 1);
    assert_eq!(bo_message(&b).await, vec![MailStatus::Held, MailStatus::Withdrawn]);
    a.settings_set_partner_features(features(3)).await.unwrap();
    a.sync_now().await.unwrap();
    b.sync_now().await.unwrap();
    let id = b.sync_queue().await.unwrap().parked[0].id.to_string();
    b.sync_resolve(SyncResolveRequest { id, keep: Keep::Mine }).await.unwrap();
    assert_eq!(bo_message(&b).await, vec![MailStatus::Queued, MailStatus::Withdrawn], "released with the change");
    assert_eq!(b.sync_now().await.unwrap().sent, 1);
}

/// Issue 17, found 6: log rows no desktop applies are journaled by what is certain — the
/// database login that appended them — not as "first run" (an unreadable row) nor under
/// the member a forged row claims to be.
#[tokio::test]
async fn refused_log_rows_are_journaled_under_the_login_that_wrote_them() {
    use sqlx::postgres::PgPoolOptions;
    let (url, bob_login) = database("bobr").await;
    let (dir, a) = fresh().await;
    let b = bob_joins(&a, &url, &bob_login, &dir.path().join("b.db")).await;
    // Bob's own change, to copy as a forgery appended by another login.
    b.role_create(internal_role("Bob's", &["leads.read"])).await.unwrap();
    b.sync_now().await.unwrap();
    let server = PgPoolOptions::new().max_connections(1).connect(&url).await.unwrap();
    let (ws, head, envelope): (uuid::Uuid, i64, String) = sqlx::query_as(
        "SELECT w.id, w.head, l.envelope FROM trellis_workspaces w JOIN trellis_log l ON l.workspace_id = w.id
         ORDER BY l.seq DESC LIMIT 1",
    )
    .fetch_one(&server)
    .await
    .unwrap();
    let mut forged: serde_json::Value = serde_json::from_str(&envelope).unwrap();
    let id = uuid::Uuid::now_v7();
    forged["id"] = serde_json::json!(id);
    forged["op"]["name"] = serde_json::json!("Forged");
    sqlx::query("SELECT trellis_append($1, $2, ARRAY[$3, $4], ARRAY[$5, 'not json at all'])")
        .bind(ws)
        .bind(head)
        .bind(id)
        .bind(uuid::Uuid::now_v7())
        .bind(forged.to_string())
        .execute(&server)
        .await
        .unwrap();

    let report = a.sync_now().await.unwrap();
    assert_eq!(report.skipped, 2, "{report:?}");
    let q = AuditQuery { action: "sync.refused".into(), limit: 10, ..AuditQuery::default() };
    let rows = a.audit_list(q).await.unwrap().rows;
    assert_eq!(rows.len(), 2);
    for r in &rows {
        assert!(r.actor.starts_with("database login "), "{r:?}");
        assert!(!r.actor.contains("bob@acme.test") && r.actor != "first run", "{r:?}");
    }
    assert!(rows.iter().any(|r| r.target.starts_with("an unreadable row")), "{rows:?}");
    assert!(rows.iter().any(|r| r.target.starts_with("role.create") && r.target.contains("bob@acme.test")), "{rows:?}");
    assert!(role_named(&a, "Forged").await.is_none());
}

async fn role_named(t: &Trellis, name: &str) -> Option<RoleRow> {
    let q = RoleListQuery { audience: Some(Audience::Internal) };
    t.role_list(q).await.unwrap().into_iter().find(|r| r.name == name)
}

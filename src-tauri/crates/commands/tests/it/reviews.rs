//! RPT-4 at the command layer, on real files: a campaign's items and reviewers, who may
//! decide, bad input refused by field, completion into a draft (effect, then publish),
//! undecided items unchanged, the evidence with its journal link, "changed since the last
//! review", and decisions made offline on two desktops merged by sync (real PostgreSQL).
use crate::support;

use support::*;
use trellis_commands::Trellis;
use trellis_core::reviews::{ReviewPeople, ReviewStatus};
use trellis_core::wire::*;
use trellis_core::{Builtin, ContactId, ErrorCode, Person};

const WEEK: i64 = 7 * 24 * 3600 * 1000;

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
}

fn start(name: &str) -> ReviewStartRequest {
    ReviewStartRequest {
        name: name.into(),
        people: ReviewPeople::PartnerUsers,
        account_ids: vec![],
        role_ids: vec![],
        changed_only: false,
        due: now() + WEEK,
        fallback_id: None,
    }
}

fn person(contact: &str) -> Person {
    Person::Contact(ContactId::parse(contact, "c").unwrap())
}

fn decide(review: &str, people: Vec<Person>, verdict: &str, comment: &str) -> ReviewDecideRequest {
    ReviewDecideRequest {
        review_id: review.into(),
        people,
        filter: None,
        verdict: verdict.into(),
        role_id: None,
        comment: comment.into(),
    }
}

/// Globex with three partner users given access, owned by the signed-in Owner.
async fn three_partner_users(t: &Trellis) -> Vec<String> {
    let people = [("Ann Able", "ann@globex.test"), ("Bo Baker", "bo@globex.test"), ("Cy Cole", "cy@globex.test")];
    let (_, ids) = globex(t, 5, &people).await;
    let first = t.partner_give_access(give_access(&ids[0], Builtin::StandardPartnerCenter)).await.unwrap();
    let bottom = first.record.branch.last().unwrap().id.to_string();
    for id in &ids[1..] {
        let req = GiveAccessRequest {
            hierarchy_role_id: Some(bottom.clone()),
            ..give_access(id, Builtin::StandardPartnerCenter)
        };
        t.partner_give_access(req).await.unwrap();
    }
    ids
}

fn has_access(state: &trellis_core::State, contact: &str) -> bool {
    state.contact(ContactId::parse(contact, "c").unwrap()).unwrap().has_access()
}

async fn sign_in(t: &Trellis, email: &str, password: &str) {
    t.auth_sign_out().await.unwrap();
    let req = SignInRequest { email: email.into(), password: password.into(), remember: false };
    t.auth_sign_in(req).await.unwrap();
}

#[tokio::test]
async fn a_campaign_decided_and_completed_becomes_a_draft_that_publishes_its_revocations() {
    let (_dir, t) = fresh().await;
    let ids = three_partner_users(&t).await;
    let (ann, bo, cy) = (&ids[0], &ids[1], &ids[2]);
    viewer_with_password(&t, "vic@acme.test", "Vic Viewer").await;

    let row = t.review_start(start("Q4 partner review")).await.unwrap();
    assert_eq!((row.counts.items, row.counts.undecided, row.mine_undecided), (3, 3, 3), "{row:?}");
    assert_eq!(row.status, ReviewStatus::Open);
    let id = row.id.to_string();
    let page = t.review_items(ReviewItemsQuery { review_id: id.clone(), ..items_of("") }).await.unwrap();
    assert_eq!(page.total, 3);
    let first = &page.rows[0];
    assert_eq!((first.account.as_str(), first.reviewer.as_str()), ("Globex", "Olivia Owner"), "the owner reviews");
    assert!(first.mine && first.given_at.is_some(), "{first:?}");
    assert_eq!(first.given_by.as_deref(), Some("olivia@acme.test"));
    assert!(!first.permissions.is_empty() && first.roles[0].name == "Standard Partner Center");

    // Bad input names its field and changes nothing.
    let refused = |r: Result<ReviewDecided, trellis_core::RuleError>| r.unwrap_err();
    let e = refused(t.review_decide(decide(&id, vec![person(ann)], "maybe", "")).await);
    assert_eq!(e.field.as_deref(), Some("verdict"));
    let e = refused(t.review_decide(decide(&id, vec![person(ann)], "change", "")).await);
    assert_eq!(e.field.as_deref(), Some("role_id"));
    let internal = ReviewDecideRequest {
        role_id: Some(Builtin::Viewer.id().to_string()),
        ..decide(&id, vec![person(ann)], "change", "")
    };
    assert_eq!(refused(t.review_decide(internal).await).field.as_deref(), Some("role_id"), "a member's role");
    let e = refused(t.review_decide(decide(&id, vec![person(ann)], "keep", &"x".repeat(1001))).await);
    assert_eq!(e.field.as_deref(), Some("comment"));
    let e = refused(t.review_decide(decide(&id, vec![], "keep", "")).await);
    assert_eq!(e.field.as_deref(), Some("people"));
    let e = refused(t.review_decide(decide("not-an-id", vec![person(ann)], "keep", "")).await);
    assert_eq!(e.field.as_deref(), Some("review_id"));
    let stranger = Person::Contact(ContactId::new_v7());
    assert_eq!(
        refused(t.review_decide(decide(&id, vec![stranger], "keep", "")).await).field.as_deref(),
        Some("people")
    );
    let e = t.review_start(ReviewStartRequest { due: now() - 1000, ..start("Late") }).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("due"));
    let e = t.review_start(start("q4 PARTNER review")).await.unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Conflict, Some("name")));
    assert_eq!(t.review_items(items_of(&id)).await.unwrap().review.counts.undecided, 3, "nothing decided");

    // A Viewer neither reviews these people nor may run a campaign.
    sign_in(&t, "vic@acme.test", MEMBER_PW).await;
    let e = refused(t.review_decide(decide(&id, vec![person(ann)], "keep", "")).await);
    assert_eq!(e.code, ErrorCode::Forbidden, "{e:?}");
    assert_eq!(t.review_start(start("Vic's")).await.unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(t.review_complete(ReviewRef { review_id: id.clone() }).await.unwrap_err().code, ErrorCode::Forbidden);
    sign_in(&t, "olivia@acme.test", OWNER_PW).await;

    t.review_decide(decide(&id, vec![person(ann)], "keep", "Still sells with us")).await.unwrap();
    let done = t.review_decide(decide(&id, vec![person(bo)], "revoke", "Left Globex in October")).await.unwrap();
    assert_eq!((done.decided, done.review.counts.keep, done.review.counts.revoke), (1, 1, 1));
    let again = t.review_decide(decide(&id, vec![person(bo)], "revoke", "Left Globex in October")).await.unwrap();
    assert_eq!(again.decided, 0, "the same decision again records nothing");
    let twice =
        t.review_decide(decide(&id, vec![person(bo), person(bo)], "revoke", "Left Globex in October.")).await.unwrap();
    assert_eq!(twice.decided, 1, "a person named twice is decided once");
    // A bulk decision whose filter matches nobody is refused, naming the filter.
    let nobody = ReviewItemFilter { search: "nobody-here".into(), ..ReviewItemFilter::default() };
    let bulk = ReviewDecideRequest { filter: Some(nobody), ..decide(&id, vec![], "keep", "") };
    assert_eq!(refused(t.review_decide(bulk).await).field.as_deref(), Some("filter"));

    let completed = t.review_complete(ReviewRef { review_id: id.clone() }).await.unwrap();
    assert_eq!((completed.undecided, completed.review.status), (1, ReviewStatus::Completed));
    let draft = completed.draft.expect("a revocation makes a draft");
    assert_eq!(draft.steps.len(), 1, "{:?}", draft.steps);
    assert_eq!(draft.steps[0].action, "partner_user.revoke_access");
    assert!(draft.row.name.contains("Q4 partner review"));
    let live = t.snapshot().await;
    assert!(has_access(&live, bo), "nothing applies before the draft is published");
    let e = refused(t.review_decide(decide(&id, vec![person(cy)], "keep", "")).await);
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Rule, Some("review_id")), "completed: no more decisions");

    // The draft's effect names the one person losing access.
    let q = DraftEffectQuery {
        draft_id: draft.row.id.clone(),
        search: None,
        filter: None,
        permission: None,
        offset: None,
        limit: None,
    };
    let effect = t.draft_effect(q).await.unwrap();
    assert_eq!((effect.summary.people, effect.summary.losing), (1, 1), "{:?}", effect.summary);
    t.draft_publish(DraftRef { draft_id: draft.row.id.clone() }).await.unwrap();
    let live = t.snapshot().await;
    assert!(!has_access(&live, bo), "revoked once published");
    assert!(has_access(&live, ann) && has_access(&live, cy), "kept and undecided stay as they were");

    // Evidence: every item, its decision, and the completing entry's chain link.
    let mut csv = Vec::new();
    let rows = t.review_evidence_csv(ReviewRef { review_id: id.clone() }, &mut csv).await.unwrap();
    assert_eq!(rows, 3);
    let text = String::from_utf8(csv).unwrap();
    assert!(text.contains("Left Globex in October") && text.contains("undecided (unchanged)"), "{text}");
    let entry = t.audit_list(AuditQuery { action: "review.complete".into(), limit: 5, ..AuditQuery::default() });
    let seq = entry.await.unwrap().rows[0].seq;
    let anchor_line = text.lines().nth(1).unwrap();
    assert!(anchor_line.contains(&format!(",{seq},")), "{anchor_line}");
    let link = anchor_line.rsplit(',').next().unwrap();
    assert_eq!(link.len(), 64, "a SHA-256 link: {anchor_line}");

    // Only what changed: Ann was kept with the same role, Bo has no access, Cy was never
    // decided — so Cy alone, until Ann's role changes.
    let next = t.review_start(ReviewStartRequest { changed_only: true, ..start("Q1 changes") }).await.unwrap();
    assert_eq!(next.counts.items, 1, "{next:?}");
}

fn items_of(review: &str) -> ReviewItemsQuery {
    ReviewItemsQuery { review_id: review.into(), filter: ReviewItemFilter::default(), offset: 0, limit: None }
}

#[tokio::test]
async fn bulk_decisions_by_filter_cover_only_the_reviewers_items_and_completion_refuses_the_last_owner() {
    let (_dir, t) = fresh().await;
    three_partner_users(&t).await;
    let req = ReviewStartRequest { people: ReviewPeople::Everyone, ..start("Everyone") };
    let row = t.review_start(req).await.unwrap();
    let id = row.id.to_string();
    assert_eq!(row.counts.items, 4, "three partner users and the Owner");
    let bulk = ReviewItemFilter { search: "globex".into(), ..ReviewItemFilter::default() };
    let done = t.review_decide(ReviewDecideRequest { filter: Some(bulk), ..decide(&id, vec![], "keep", "ok") }).await;
    assert_eq!(done.unwrap().decided, 3);
    let undecided = ReviewItemFilter { decision: Some("undecided".into()), ..ReviewItemFilter::default() };
    let page = t.review_items(ReviewItemsQuery { filter: undecided, ..items_of(&id) }).await.unwrap();
    assert_eq!((page.total, page.rows[0].email.as_str()), (1, "olivia@acme.test"));
    // Revoking the last Owner's role is refused when completing: nothing changes.
    let me = page.rows[0].person;
    t.review_decide(decide(&id, vec![me], "revoke", "")).await.unwrap();
    let e = t.review_complete(ReviewRef { review_id: id.clone() }).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Rule, "{e:?}");
    let page = t.review_items(items_of(&id)).await.unwrap();
    assert_eq!(page.review.status, ReviewStatus::Open, "still open: the decision can be mended");
    t.review_decide(decide(&id, vec![me], "keep", "")).await.unwrap();
    let completed = t.review_complete(ReviewRef { review_id: id }).await.unwrap();
    assert!(completed.draft.is_none(), "every decision kept access: no draft");
}

#[tokio::test]
async fn decisions_made_offline_on_two_desktops_merge_by_sync_and_a_clash_is_set_aside() {
    let (url, bob_login) = sync_database("bobrv").await;
    let (dir, a) = fresh().await;
    let ids = three_partner_users(&a).await;
    let b = crate::sync::bob_joins(&a, &url, &bob_login, &dir.path().join("b.db")).await;
    let bob = b.session_info().await.me.unwrap().id.to_string();
    // Bob, the fallback reviewer, may decide every item; Olivia reviews her account's.
    let row = a.review_start(ReviewStartRequest { fallback_id: Some(bob), ..start("Shared") }).await.unwrap();
    let id = row.id.to_string();
    a.sync_now().await.unwrap();
    b.sync_now().await.unwrap();
    assert_eq!(b.review_list().await.unwrap()[0].counts.items, 3, "the campaign reached B");

    // Offline on both: different people, and one person both decide differently.
    a.review_decide(decide(&id, vec![person(&ids[0])], "keep", "A keeps Ann")).await.unwrap();
    a.review_decide(decide(&id, vec![person(&ids[2])], "keep", "A keeps Cy")).await.unwrap();
    b.review_decide(decide(&id, vec![person(&ids[1])], "revoke", "B revokes Bo")).await.unwrap();
    b.review_decide(decide(&id, vec![person(&ids[2])], "revoke", "B revokes Cy")).await.unwrap();
    a.sync_now().await.unwrap();
    let report = b.sync_now().await.unwrap();
    assert_eq!(report.parked, 1, "Cy's two decisions clash: {report:?}");
    a.sync_now().await.unwrap();
    for t in [&a, &b] {
        let counts = t.review_list().await.unwrap()[0].counts.clone();
        assert_eq!((counts.keep, counts.revoke, counts.undecided), (2, 1, 0), "{counts:?}");
    }
    let page = b.review_items(items_of(&id)).await.unwrap();
    let cy = page.rows.iter().find(|r| r.email == "cy@globex.test").unwrap();
    assert_eq!(cy.decision.as_ref().unwrap().comment, "A keeps Cy", "the first in the log stands");
}

const DAY: i64 = 24 * 3600 * 1000;

fn finding(f: &ReviewFindings, kind: FindingKind) -> Vec<String> {
    f.findings.iter().find(|x| x.kind == kind).unwrap().rows.iter().map(|r| r.name.clone()).collect()
}

/// RPT-4's findings, 40 days from now (the same code, its clock moved): Ann signed in 41
/// days before, Cy never since his access, Bo's invitation link expired; Initech has
/// nobody with access; Ivy, an Admin, changed nothing.
#[tokio::test]
async fn findings_name_unused_access_and_each_makes_a_draft_that_ends_it() {
    let (_dir, t) = fresh().await;
    let people = [("Ann Able", "ann@globex.test"), ("Bo Baker", "bo@globex.test"), ("Cy Cole", "cy@globex.test")];
    let (_, ids) = globex(&t, 5, &people).await;
    let temporary = |id: &str| GiveAccessRequest {
        delivery: Delivery::Temporary,
        ..give_access(id, Builtin::StandardPartnerCenter)
    };
    let first = t.partner_give_access(temporary(&ids[0])).await.unwrap();
    let bottom = Some(first.record.branch.last().unwrap().id.to_string());
    let notified =
        GiveAccessRequest { hierarchy_role_id: bottom.clone(), ..give_access(&ids[1], Builtin::StandardPartnerCenter) };
    t.partner_give_access(notified).await.unwrap();
    t.partner_give_access(GiveAccessRequest { hierarchy_role_id: bottom, ..temporary(&ids[2]) }).await.unwrap();
    t.store().note_portal_sign_ins(&[(ids[0].clone(), now() - DAY)]).await.unwrap();
    let me = t.session_info().await.me.unwrap().id.to_string();
    let initech = PartnerCreateRequest {
        name: "Initech".into(),
        kind: trellis_core::AccountKind::Business,
        owner_id: me,
        parent_id: None,
    };
    let initech = t.partner_create(initech).await.unwrap().id.to_string();
    t.partner_enable(PartnerRef { account_id: initech.clone() }).await.unwrap();
    t_invite_admin(&t, "ivy@acme.test").await;

    let q = ReviewFindingsQuery { quiet_days: Some(30) };
    let today = t.review_findings(q.clone()).await.unwrap();
    assert!(finding(&today, FindingKind::QuietPartnerUsers).is_empty(), "access given today is not quiet yet");
    let later = now() + 40 * DAY;
    let f = t.review_findings_at(q.clone(), later).await.unwrap();
    assert_eq!(finding(&f, FindingKind::QuietPartnerUsers), ["Ann Able", "Cy Cole"]);
    assert_eq!(finding(&f, FindingKind::UnusedInvitations), ["Bo Baker"]);
    assert_eq!(finding(&f, FindingKind::AccountsWithoutUsers), ["Initech"]);
    assert_eq!(finding(&f, FindingKind::UnusedPowers), ["ivy@acme.test"], "the Owner asking is not listed");
    let e = t.review_findings(ReviewFindingsQuery { quiet_days: Some(0) }).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("quiet_days"));

    // Each finding's draft: nothing changes until it is published.
    let quiet = FindingDraftRequest { kind: FindingKind::QuietPartnerUsers, quiet_days: Some(30) };
    let draft = t.review_finding_draft_at(quiet, later).await.unwrap();
    assert_eq!(draft.steps.len(), 2);
    assert!(has_access(&t.snapshot().await, &ids[0]));
    t.draft_publish(DraftRef { draft_id: draft.row.id.clone() }).await.unwrap();
    let live = t.snapshot().await;
    assert!(!has_access(&live, &ids[0]) && !has_access(&live, &ids[2]) && has_access(&live, &ids[1]));
    let empty = FindingDraftRequest { kind: FindingKind::AccountsWithoutUsers, quiet_days: None };
    let draft = t.review_finding_draft_at(empty, later).await.unwrap();
    assert_eq!(draft.steps[0].action, "partner.disable");
    t.draft_publish(DraftRef { draft_id: draft.row.id.clone() }).await.unwrap();
    let id = trellis_core::PartnerAccountId::parse(&initech, "a").unwrap();
    assert!(!t.snapshot().await.account(id).unwrap().enabled, "disabled once published");
    let powers = FindingDraftRequest { kind: FindingKind::UnusedPowers, quiet_days: Some(30) };
    let draft = t.review_finding_draft_at(powers, later).await.unwrap();
    assert_eq!(draft.steps[0].description, "Give ivy@acme.test the role “Viewer”");
    let nothing = FindingDraftRequest { kind: FindingKind::AccountsWithoutUsers, quiet_days: None };
    let e = t.review_finding_draft_at(nothing, later).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("kind"), "nothing left to do");
}

/// WS-3 and RPT-4: a share lowered under an account's users takes nobody's access; the
/// finding names the users beyond it — never signed in first, then the oldest sign-in —
/// and its draft revokes just them. The share is kept in the file.
#[tokio::test]
async fn an_account_over_its_licence_share_is_a_finding_whose_draft_revokes_the_least_used() {
    let dir = tempfile::tempdir().unwrap();
    let t = fresh_in(dir.path()).await;
    let people = [("Ann Able", "ann@globex.test"), ("Bo Baker", "bo@globex.test"), ("Cy Cole", "cy@globex.test")];
    let (account, ids) = globex(&t, 10, &people).await;
    let temporary = |id: &str| GiveAccessRequest {
        delivery: Delivery::Temporary,
        ..give_access(id, Builtin::StandardPartnerCenter)
    };
    let first = t.partner_give_access(temporary(&ids[0])).await.unwrap();
    let bottom = Some(first.record.branch.last().unwrap().id.to_string());
    for id in &ids[1..] {
        t.partner_give_access(GiveAccessRequest { hierarchy_role_id: bottom.clone(), ..temporary(id) }).await.unwrap();
    }
    t.store().note_portal_sign_ins(&[(ids[0].clone(), now() - DAY), (ids[2].clone(), now() - 10 * DAY)]).await.unwrap();
    let version = t.partner_people(AccountQuery::of(account.clone())).await.unwrap().account.version;
    let bad = PartnerLicenceShareRequest { account_id: "nope".into(), version, share: Some(1) };
    assert_eq!(t.partner_set_licence_share(bad).await.unwrap_err().field.as_deref(), Some("account_id"));
    let req = PartnerLicenceShareRequest { account_id: account.clone(), version, share: Some(1) };
    let record = t.partner_set_licence_share(req.clone()).await.unwrap();
    assert_eq!((record.account.licence_share, record.account.licences_used), (Some(1), 3));
    let stale = t.partner_set_licence_share(req).await.unwrap_err();
    assert_eq!(stale.code, ErrorCode::Stale);

    let q = ReviewFindingsQuery { quiet_days: Some(30) };
    let f = t.review_findings(q).await.unwrap();
    assert_eq!(finding(&f, FindingKind::AccountsOverShare), ["Bo Baker", "Cy Cole"]);
    let rows = &f.findings.iter().find(|x| x.kind == FindingKind::AccountsOverShare).unwrap().rows;
    assert!(
        rows[0].why.contains("3 users hold licences; share 1") && rows[0].why.contains("never signed in"),
        "{}",
        rows[0].why
    );
    let over = FindingDraftRequest { kind: FindingKind::AccountsOverShare, quiet_days: None };
    let draft = t.review_finding_draft(over).await.unwrap();
    assert_eq!(draft.steps.len(), 2);
    assert!(has_access(&t.snapshot().await, &ids[1]), "nothing changes before publishing");
    t.draft_publish(DraftRef { draft_id: draft.row.id.clone() }).await.unwrap();
    let live = t.snapshot().await;
    assert!(has_access(&live, &ids[0]) && !has_access(&live, &ids[1]) && !has_access(&live, &ids[2]));
    let f = t.review_findings(ReviewFindingsQuery { quiet_days: None }).await.unwrap();
    assert!(finding(&f, FindingKind::AccountsOverShare).is_empty());
    // At its share: the next access is refused, naming the field.
    let e = t.partner_give_access(GiveAccessRequest { hierarchy_role_id: bottom, ..temporary(&ids[1]) }).await;
    assert_eq!(e.unwrap_err().field.as_deref(), Some("licence_share"));
    drop(t);
    let t = trellis_commands::Trellis::open(&dir.path().join("trellis.db")).await.unwrap();
    let id = trellis_core::PartnerAccountId::parse(&account, "a").unwrap();
    assert_eq!(t.snapshot().await.account(id).unwrap().licence_share, Some(1), "kept in the file");
}

/// RPT-4's reminders, delivered by a real SMTP server: the reviewer with undecided items
/// is told how many wait and by when; the journal and the list say a reminder went; a
/// campaign due within three days is due soon; with nothing undecided, or once completed,
/// there is nobody to remind.
#[tokio::test]
async fn a_reminder_tells_each_reviewer_what_waits_for_them() {
    let smtp = support::smtp::SmtpServer::start();
    let (_dir, t) = fresh().await;
    t.settings_set_email(crate::mail::settings(smtp.port)).await.unwrap();
    let ids = three_partner_users(&t).await;
    let soon = ReviewStartRequest { due: now() + 2 * DAY, ..start("Year-end review") };
    let row = t.review_start(soon).await.unwrap();
    assert!(row.due_soon && !row.overdue, "{row:?}");
    let far = t.review_start(start("Later review")).await.unwrap();
    assert!(!far.due_soon);
    let id = row.id.to_string();
    t.review_decide(decide(&id, vec![person(&ids[0])], "keep", "")).await.unwrap();
    let e = t.review_remind(ReviewRef { review_id: "nope".into() }).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("review_id"));

    let reminded = t.review_remind(ReviewRef { review_id: id.clone() }).await.unwrap();
    assert_eq!(reminded.reviewers, ["olivia@acme.test"]);
    t.mail_deliver(100).await.unwrap();
    let got = smtp.wait_for_to("olivia@acme.test").await;
    assert!(got.subject.contains("access review"), "{}", got.subject);
    assert!(
        got.text.contains("“Year-end review” is due on") && got.text.contains("2 of your items wait"),
        "{}",
        got.text
    );
    assert!(got.text.contains("nothing is revoked without a decision"), "{}", got.text);
    let list = t.review_list().await.unwrap();
    let listed = list.iter().find(|r| r.id.to_string() == id).unwrap();
    assert_eq!(listed.reminded_at, Some(reminded.at));
    assert!(list.iter().find(|r| r.name == "Later review").unwrap().reminded_at.is_none());
    let journal = t.audit_list(AuditQuery { action: "review.remind".into(), ..AuditQuery::default() }).await.unwrap();
    assert_eq!(journal.rows.len(), 1);
    assert_eq!(journal.rows[0].target, "Year-end review");

    // Everything decided: nobody to remind. Completed: refused too.
    t.review_decide(decide(&id, vec![person(&ids[1]), person(&ids[2])], "keep", "")).await.unwrap();
    let e = t.review_remind(ReviewRef { review_id: id.clone() }).await.unwrap_err();
    assert!(e.message.contains("Every item is decided"), "{e:?}");
    t.review_complete(ReviewRef { review_id: id.clone() }).await.unwrap();
    let e = t.review_remind(ReviewRef { review_id: id }).await.unwrap_err();
    assert!(e.message.contains("completed"), "{e:?}");
}

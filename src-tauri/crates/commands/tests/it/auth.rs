//! CRED-1/2, WS-4, PU-4, PU-5 through the command layer, on a real SQLite file and the
//! real OS keyring (the test command runs under `keyctl session`).

use crate::support;

use support::{fresh, viewer_with_password, MEMBER_PW, OWNER_PW};
use trellis_commands::{ErrorCode, Trellis, LOCK_MINUTES, MAX_FAILED_SIGN_INS, SIGN_IN_FAILED};
use trellis_core::wire::*;
use trellis_core::Builtin;

fn sign_in(email: &str, password: &str) -> SignInRequest {
    SignInRequest { email: email.into(), password: password.into(), remember: false }
}

fn members() -> MemberListQuery {
    MemberListQuery { tab: MemberTab::All, search: String::new(), removed: false, offset: 0, limit: 10, sort: None }
}

async fn actions(t: &Trellis) -> Vec<String> {
    t.store().journal(0, 1000).await.unwrap().into_iter().rev().map(|e| e.action).collect()
}

#[tokio::test]
async fn ws1_first_run_refuses_weak_passwords_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let t = Trellis::open(&dir.path().join("trellis.db")).await.unwrap();
    for (pw, why) in [
        ("short", "too short"),
        ("passwordpassword", "common"),
        ("password12345678", "common"),
        ("olivia@acme.test-rocks", "name or email"),
    ] {
        let err = t
            .workspace_create(CreateWorkspaceRequest {
                workspace_name: "Acme".into(),
                owner_name: "Olivia".into(),
                owner_email: "olivia@acme.test".into(),
                password: pw.into(),
            })
            .await
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("password"), "{pw}");
        assert!(err.message.contains(why), "{pw}: {}", err.message);
    }
    assert!(t.session_info().await.workspace.is_none());
    assert!(t.store().journal(0, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn cred2_signed_out_means_refused_and_sign_in_restores_access() {
    let (_d, t) = fresh().await;
    t.auth_sign_out().await.unwrap();
    assert_eq!(t.session_info().await.status, SessionStatus::SignedOut);
    let err = t.member_list(members()).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Session);
    let info = t.auth_sign_in(sign_in("OLIVIA@acme.test", OWNER_PW)).await.unwrap();
    assert_eq!(info.status, SessionStatus::Active);
    assert!(t.member_list(members()).await.is_ok());
    assert_eq!(actions(&t).await, ["workspace.create", "auth.sign_out", "auth.sign_in"]);
}

#[tokio::test]
async fn five_failures_lock_the_account_for_thirty_minutes_and_it_is_audited() {
    let (_d, t) = fresh().await;
    t.auth_sign_out().await.unwrap();
    for _ in 1..=MAX_FAILED_SIGN_INS {
        let err = t.auth_sign_in(sign_in("olivia@acme.test", "wrong password number x")).await.unwrap_err();
        assert_eq!((err.code, err.message.as_str()), (ErrorCode::Session, SIGN_IN_FAILED));
    }
    // Even the right password is refused while locked — in the same words.
    let err = t.auth_sign_in(sign_in("olivia@acme.test", OWNER_PW)).await.unwrap_err();
    assert_eq!(err.message, SIGN_IN_FAILED);
    let a = actions(&t).await;
    assert_eq!(a.iter().filter(|x| *x == "auth.sign_in_failed").count(), 5);
    assert!(a.contains(&"auth.lock".to_string()) && a.last().unwrap() == "auth.sign_in_refused_locked");
    // Thirty minutes later (moved back in the database): the lock runs out, audited.
    sqlx::query("UPDATE credentials SET locked_until = locked_until - 31 * 60000")
        .execute(t.store().pool())
        .await
        .unwrap();
    t.auth_sign_in(sign_in("olivia@acme.test", OWNER_PW)).await.unwrap();
    let a = actions(&t).await;
    assert_eq!(&a[a.len() - 2..], ["auth.unlock", "auth.sign_in"]);
}

/// Sign-in tells nobody which emails have accounts: an unknown email, a pending
/// invitation, a wrong password, the attempt that locks and an attempt while locked all
/// answer exactly the same error, after the same work (one password verification).
#[tokio::test]
async fn every_failed_sign_in_looks_the_same_in_text_shape_and_timing() {
    let (_d, t) = fresh().await;
    t.member_invite(InviteRequest { email: "pending@acme.test".into(), name: String::new(), role_id: None })
        .await
        .unwrap();
    t.auth_sign_out().await.unwrap();
    let wrong = || sign_in("olivia@acme.test", "not the right one at all");
    let mut answers = Vec::new();
    let mut timed = |label: &'static str, took: std::time::Duration, err: trellis_commands::ApiError| {
        answers.push((label, took, serde_json::to_string(&err).unwrap()));
    };
    for _ in 0..2 {
        for (label, req) in [
            ("unknown", sign_in("nobody@acme.test", OWNER_PW)),
            ("pending", sign_in("pending@acme.test", OWNER_PW)),
            ("wrong", wrong()),
        ] {
            let started = std::time::Instant::now();
            let err = t.auth_sign_in(req).await.unwrap_err();
            timed(label, started.elapsed(), err);
        }
    }
    for _ in 0..MAX_FAILED_SIGN_INS {
        let started = std::time::Instant::now();
        let err = t.auth_sign_in(wrong()).await.unwrap_err();
        timed("locking", started.elapsed(), err);
    }
    let started = std::time::Instant::now();
    let err = t.auth_sign_in(sign_in("olivia@acme.test", OWNER_PW)).await.unwrap_err();
    timed("locked", started.elapsed(), err);
    let first = &answers[0].2;
    assert!(first.contains(SIGN_IN_FAILED) && first.contains("\"field\":\"password\""), "{first}");
    for (label, _, answer) in &answers {
        assert_eq!(answer, first, "{label} answers differently");
    }
    // Each does one argon2 verification: no kind of failure is an order of magnitude
    // quicker (which is how a missing account would show). Each kind's quickest answer is
    // compared, so a moment when the busy machine stalls one attempt does not count.
    let quickest = |label: &str| answers.iter().filter(|a| a.0 == label).map(|a| a.1).min().unwrap();
    let labels = ["unknown", "pending", "wrong", "locking", "locked"];
    let slowest = labels.iter().map(|l| quickest(l)).max().unwrap();
    for label in labels {
        let took = quickest(label);
        assert!(took * 10 > slowest, "{label} took {took:?} at best, the slowest kind {slowest:?}");
    }
    assert!(SIGN_IN_FAILED.contains(&format!("{MAX_FAILED_SIGN_INS} failed")));
    assert!(SIGN_IN_FAILED.contains(&format!("{LOCK_MINUTES} minutes")));
}

#[tokio::test]
async fn a_malformed_email_is_refused_before_anything_else() {
    let (_d, t) = fresh().await;
    t.auth_sign_out().await.unwrap();
    let bad = t.auth_sign_in(sign_in("<script>", OWNER_PW)).await.unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("email"));
}

#[tokio::test]
async fn an_invited_member_sets_a_password_and_signs_in() {
    let (_d, t) = fresh().await;
    let row = t
        .member_invite(InviteRequest {
            email: "ana@acme.test".into(),
            name: "Ana".into(),
            role_id: Some(Builtin::Member.id().to_string()),
        })
        .await
        .unwrap();
    let weak = AcceptInviteRequest { code: row.code.as_str().into(), name: String::new(), password: "123456".into() };
    let err = t.member_accept_invite(weak).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("password"));
    let ok = AcceptInviteRequest { code: row.code.as_str().into(), name: String::new(), password: MEMBER_PW.into() };
    t.member_accept_invite(ok).await.unwrap();
    t.auth_sign_out().await.unwrap();
    let info = t.auth_sign_in(sign_in("ana@acme.test", MEMBER_PW)).await.unwrap();
    assert_eq!(info.me.unwrap().role_name.as_deref(), Some("Member"));
    // MEM-1 in Rust: a Member cannot list members.
    assert_eq!(t.member_list(members()).await.unwrap_err().code, ErrorCode::Forbidden);
}

#[tokio::test]
async fn pu5_temporary_password_is_shown_once_and_must_be_changed() {
    let (_d, t) = fresh().await;
    let row = viewer_with_password(&t, "bo@acme.test", "Bo").await;
    let reset = t
        .member_reset_password(ResetPasswordRequest {
            member_id: row.id.to_string(),
            password: None,
            require_change: false,
        })
        .await
        .unwrap();
    let temp = reset.temporary_password.clone().unwrap();
    assert!(reset.must_change, "a temporary password must always be changed");
    // Nothing stores or returns it again: the journal says only that it was reset.
    let journal = serde_json::to_string(&t.store().journal(0, 100).await.unwrap()).unwrap();
    assert!(!journal.contains(&temp));
    t.auth_sign_out().await.unwrap();
    let info = t.auth_sign_in(sign_in("bo@acme.test", &temp)).await.unwrap();
    assert_eq!(info.status, SessionStatus::MustChangePassword);
    assert_eq!(t.role_list(RoleListQuery { audience: None }).await.unwrap_err().code, ErrorCode::Session);
    let same = ChangePasswordRequest { current_password: temp.as_str().into(), new_password: "qwertyuiop".into() };
    assert_eq!(t.auth_change_password(same).await.unwrap_err().field.as_deref(), Some("new_password"));
    let change = ChangePasswordRequest {
        current_password: temp.as_str().into(),
        new_password: "bos brand new passphrase".into(),
    };
    assert_eq!(t.auth_change_password(change).await.unwrap().status, SessionStatus::Active);
}

/// The journal says what really changed: requiring a change twice is one entry, false →
/// true, and the second request (already required) journals nothing.
#[tokio::test]
async fn pu4_requiring_a_change_journals_its_real_before() {
    let (_d, t) = fresh().await;
    let row = viewer_with_password(&t, "cy@acme.test", "Cy").await;
    for _ in 0..2 {
        t.member_require_password_change(MemberRef { member_id: row.id.to_string() }).await.unwrap();
    }
    let q = AuditQuery { action: "member.require_password_change".into(), ..AuditQuery::default() };
    let rows = t.audit_list(q).await.unwrap().rows;
    assert_eq!(rows.len(), 1);
    let change = serde_json::to_string(&rows[0].changes).unwrap();
    assert!(change.contains("false") && change.contains("true"), "{change}");
}

#[tokio::test]
async fn pu4_require_change_is_a_one_shot_flag_that_can_be_set_again() {
    let (_d, t) = fresh().await;
    let row = viewer_with_password(&t, "cy@acme.test", "Cy").await;
    // A typed password without the box checked: no change required.
    let typed = ResetPasswordRequest {
        member_id: row.id.to_string(),
        password: Some("manager typed passphrase".into()),
        require_change: false,
    };
    assert!(!t.member_reset_password(typed).await.unwrap().must_change);
    for round in 0..2 {
        t.member_require_password_change(MemberRef { member_id: row.id.to_string() }).await.unwrap();
        t.auth_sign_out().await.unwrap();
        let current = if round == 0 { "manager typed passphrase" } else { "second new passphrase!" };
        assert_eq!(
            t.auth_sign_in(sign_in("cy@acme.test", current)).await.unwrap().status,
            SessionStatus::MustChangePassword
        );
        let next = if round == 0 { "second new passphrase!" } else { "third new passphrase!!" };
        let change = ChangePasswordRequest { current_password: current.into(), new_password: next.into() };
        assert_eq!(t.auth_change_password(change).await.unwrap().status, SessionStatus::Active);
        // The flag is cleared: signing in again goes straight in.
        t.auth_sign_out().await.unwrap();
        assert_eq!(t.auth_sign_in(sign_in("cy@acme.test", next)).await.unwrap().status, SessionStatus::Active);
        t.auth_sign_out().await.unwrap();
        t.auth_sign_in(sign_in("olivia@acme.test", OWNER_PW)).await.unwrap();
    }
}

#[tokio::test]
async fn the_app_locks_and_only_the_password_unlocks_it() {
    let (_d, t) = fresh().await;
    assert_eq!(t.auth_lock().await.unwrap().status, SessionStatus::Locked);
    assert_eq!(t.member_list(members()).await.unwrap_err().code, ErrorCode::Session);
    assert!(t.auth_unlock(UnlockRequest { password: "wrong wrong wrong".into() }).await.is_err());
    assert_eq!(t.session_info().await.status, SessionStatus::Locked);
    assert_eq!(t.auth_unlock(UnlockRequest { password: OWNER_PW.into() }).await.unwrap().status, SessionStatus::Active);
    assert!(t.member_list(members()).await.is_ok());
    let err = t.auth_set_idle_lock(IdleLockRequest { minutes: 10_000 }).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("minutes"));
}

#[tokio::test]
async fn cred2_a_remembered_session_lives_in_the_os_keyring_until_sign_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trellis.db");
    {
        let t = Trellis::open(&path).await.unwrap();
        assert!(t.session_info().await.keyring.is_some(), "the OS keyring is available here");
        t.workspace_create(CreateWorkspaceRequest {
            workspace_name: "A".into(),
            owner_name: "Olivia".into(),
            owner_email: "olivia@acme.test".into(),
            password: OWNER_PW.into(),
        })
        .await
        .unwrap();
        t.auth_sign_out().await.unwrap();
        t.auth_sign_in(SignInRequest { email: "olivia@acme.test".into(), password: OWNER_PW.into(), remember: true })
            .await
            .unwrap();
    }
    let t = Trellis::open(&path).await.unwrap();
    assert_eq!(t.session_info().await.status, SessionStatus::Active, "resumed from the keyring");
    // Only a digest of the token is in the database.
    let digests: Vec<String> =
        sqlx::query_scalar("SELECT token_digest FROM sessions").fetch_all(t.store().pool()).await.unwrap();
    assert_eq!(digests.len(), 1);
    t.auth_sign_out().await.unwrap();
    drop(t);
    let t = Trellis::open(&path).await.unwrap();
    assert_eq!(t.session_info().await.status, SessionStatus::SignedOut);
}

#[tokio::test]
async fn ws4_the_policy_is_configurable_within_nist_bounds() {
    use trellis_core::password::PasswordPolicy;
    let (_d, t) = fresh().await;
    let err = t.settings_set_password_policy(PasswordPolicy { min_length: 6, max_length: 128 }).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("min_length"));
    let err = t.settings_set_password_policy(PasswordPolicy { min_length: 15, max_length: 40 }).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("max_length"));
    let info = t.settings_set_password_policy(PasswordPolicy { min_length: 20, max_length: 200 }).await.unwrap();
    assert_eq!(info.password_policy.min_length, 20);
    let check = t
        .password_check(PasswordCheckRequest {
            password: "nineteen chars long".into(),
            email: String::new(),
            name: String::new(),
        })
        .await
        .unwrap();
    assert!(!check.ok, "19 characters no longer pass");
    assert_eq!(t.store().journal(0, 1).await.unwrap()[0].action, "settings.password_policy");
}

#[tokio::test]
async fn bad_credential_input_names_the_field_and_changes_nothing() {
    let (_d, t) = fresh().await;
    let before = t.store().journal(0, 1000).await.unwrap().len();
    let bad_id = ResetPasswordRequest { member_id: "not-an-id".into(), password: None, require_change: false };
    assert_eq!(t.member_reset_password(bad_id).await.unwrap_err().field.as_deref(), Some("member_id"));
    let unknown =
        ResetPasswordRequest { member_id: uuid::Uuid::now_v7().to_string(), password: None, require_change: false };
    assert_eq!(t.member_reset_password(unknown).await.unwrap_err().code, ErrorCode::NotFound);
    let me = t.session_info().await.me.unwrap().id.to_string();
    let weak = ResetPasswordRequest { member_id: me.clone(), password: Some("letmein".into()), require_change: true };
    assert_eq!(t.member_reset_password(weak).await.unwrap_err().field.as_deref(), Some("password"));
    let unknown = MemberRef { member_id: uuid::Uuid::now_v7().to_string() };
    assert_eq!(t.member_require_password_change(unknown).await.unwrap_err().code, ErrorCode::NotFound);
    let wrong = ChangePasswordRequest {
        current_password: "not my password at all".into(),
        new_password: "a fine new passphrase".into(),
    };
    assert_eq!(t.auth_change_password(wrong).await.unwrap_err().field.as_deref(), Some("current_password"));
    let long =
        ChangePasswordRequest { current_password: OWNER_PW.into(), new_password: "x".repeat(129).as_str().into() };
    assert_eq!(t.auth_change_password(long).await.unwrap_err().field.as_deref(), Some("new_password"));
    assert_eq!(t.store().journal(0, 1000).await.unwrap().len(), before, "refusals wrote nothing");
    // The owner's password still works.
    t.auth_sign_out().await.unwrap();
    t.auth_sign_in(sign_in("olivia@acme.test", OWNER_PW)).await.unwrap();
}

/// CRED-3 (NIST SP 800-63B): a password is compared in NFKC — "café" typed with a
/// combining accent is "café" — and a hash made before that still works once, as typed,
/// and is upgraded at that sign-in.
#[tokio::test]
async fn cred3_passwords_are_normalised_and_old_hashes_are_upgraded() {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let (_d, t) = fresh().await;
    let composed = "un café au lait, s'il vous plaît";
    let combining = "un cafe\u{301} au lait, s'il vous plai\u{302}t";
    let row = t
        .member_invite(InviteRequest { email: "cy@acme.test".into(), name: "Cy".into(), role_id: None })
        .await
        .unwrap();
    let accept =
        AcceptInviteRequest { code: row.code.as_str().into(), name: String::new(), password: combining.into() };
    t.member_accept_invite(accept).await.unwrap();
    t.auth_sign_out().await.unwrap();
    t.auth_sign_in(sign_in("cy@acme.test", composed)).await.expect("the composed form is the same password");
    t.auth_sign_out().await.unwrap();

    // A hash of the raw, combining form — as Trellis made them before normalising.
    let params = argon2::Params::new(19 * 1024, 2, 1, None).unwrap();
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let legacy = argon.hash_password(combining.as_bytes(), &SaltString::generate(&mut OsRng)).unwrap().to_string();
    sqlx::query("UPDATE credentials SET phc = ? WHERE member_id = ?")
        .bind(&legacy)
        .bind(row.member.id.to_string())
        .execute(t.store().pool())
        .await
        .unwrap();
    assert!(t.auth_sign_in(sign_in("cy@acme.test", composed)).await.is_err(), "the old hash knows only the typed form");
    t.auth_sign_in(sign_in("cy@acme.test", combining)).await.expect("the old hash still works as typed");
    t.auth_sign_out().await.unwrap();
    let phc: String = sqlx::query_scalar("SELECT phc FROM credentials WHERE member_id = ?")
        .bind(row.member.id.to_string())
        .fetch_one(t.store().pool())
        .await
        .unwrap();
    assert_ne!(phc, legacy, "upgraded at that sign-in");
    t.auth_sign_in(sign_in("cy@acme.test", composed)).await.expect("and now the composed form works too");
}

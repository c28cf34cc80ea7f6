//! SEC-4, MEM-2: an invitation is accepted only with its code — random, single-use,
//! seven days, stored as a digest, replaced by a resend, voided by a revoke. Before this,
//! anyone at the desk could accept any pending invitation (an Admin's, say) and sign in
//! as them. Every refusal changes nothing.

use crate::support;

use support::{fresh, MEMBER_PW};
use trellis_commands::{ErrorCode, Trellis};
use trellis_core::wire::*;
use trellis_core::{Builtin, MemberStatus};

async fn invite_admin(t: &Trellis) -> InvitationIssued {
    let req = InviteRequest {
        email: "eve@acme.test".into(),
        name: "Eve".into(),
        role_id: Some(Builtin::Admin.id().to_string()),
    };
    t.member_invite(req).await.unwrap()
}

fn accept(code: &str) -> AcceptInviteRequest {
    AcceptInviteRequest { code: code.into(), name: String::new(), password: MEMBER_PW.into() }
}

async fn status(t: &Trellis, email: &str) -> MemberStatus {
    t.snapshot().await.member_by_email(email).unwrap().status
}

#[tokio::test]
async fn sec4_accepting_needs_the_code_and_nothing_else_works() {
    let (_d, t) = fresh().await;
    let issued = invite_admin(&t).await;
    assert_eq!(issued.code.chars().count(), 23, "20 random characters in groups: {}", issued.code);
    let week = issued.expires_at - issued.member.invited_at;
    assert_eq!(week, 7 * 86_400_000, "valid for seven days");
    let journal = t.audit_list(AuditQuery { action: "member.invite".into(), ..AuditQuery::default() }).await.unwrap();
    let entry = serde_json::to_string(&journal.rows[0]).unwrap();
    assert!(
        entry.contains("[issued]") && !entry.contains(&issued.code),
        "the journal says a code was issued, not which"
    );
    t.auth_sign_out().await.unwrap();

    for (code, field) in [("", "code"), ("   ", "code"), ("AAAAA-BBBBB-CCCCC-DDDDD", "code"), ("eve@acme.test", "code")]
    {
        let err = t.member_accept_invite(accept(code)).await.unwrap_err();
        assert_eq!(err.field.as_deref(), Some(field), "{code:?}: {}", err.message);
        assert_eq!(status(&t, "eve@acme.test").await, MemberStatus::Pending, "a refusal changes nothing");
    }
    // Pasted with spaces and a line break around it, the code still works — once.
    let pasted = format!("  {}\n", issued.code);
    let row = t.member_accept_invite(accept(&pasted)).await.unwrap();
    assert_eq!(row.status, MemberStatus::Active);
    let again = t.member_accept_invite(accept(&issued.code)).await.unwrap_err();
    assert_eq!((again.code, again.field.as_deref()), (ErrorCode::Invalid, Some("code")));
    let sign_in = SignInRequest { email: "eve@acme.test".into(), password: MEMBER_PW.into(), remember: false };
    assert!(t.auth_sign_in(sign_in).await.is_ok());
}

#[tokio::test]
async fn sec4_a_resend_replaces_the_code_and_a_revoke_voids_it() {
    let (_d, t) = fresh().await;
    let first = invite_admin(&t).await;
    let second = t.member_resend_invite(MemberRef { member_id: first.member.id.to_string() }).await.unwrap();
    assert_ne!(first.code, second.code);
    assert_eq!(t.member_accept_invite(accept(&first.code)).await.unwrap_err().field.as_deref(), Some("code"));
    let third = t.member_resend_invite(MemberRef { member_id: first.member.id.to_string() }).await.unwrap();
    t.member_revoke_invite(MemberRef { member_id: first.member.id.to_string() }).await.unwrap();
    for code in [&second.code, &third.code] {
        assert_eq!(t.member_accept_invite(accept(code)).await.unwrap_err().field.as_deref(), Some("code"));
    }
    let remaining: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM invitations").fetch_one(t.store().pool()).await.unwrap();
    assert_eq!(remaining, 0, "a revoked invitation keeps no code");
}

#[tokio::test]
async fn sec4_an_expired_code_is_refused_and_says_so() {
    let (_d, t) = fresh().await;
    let issued = invite_admin(&t).await;
    // A week passes (the clock is the database's row, not the test's patience).
    sqlx::query("UPDATE invitations SET expires_at = ?")
        .bind(issued.expires_at - 8 * 86_400_000)
        .execute(t.store().pool())
        .await
        .unwrap();
    let err = t.member_accept_invite(accept(&issued.code)).await.unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Rule, Some("code")));
    assert!(err.message.contains("expired"), "{}", err.message);
    assert_eq!(status(&t, "eve@acme.test").await, MemberStatus::Pending);
    let fresh_code = t.member_resend_invite(MemberRef { member_id: issued.member.id.to_string() }).await.unwrap();
    t.member_accept_invite(accept(&fresh_code.code)).await.unwrap();
    assert_eq!(status(&t, "eve@acme.test").await, MemberStatus::Active);
}

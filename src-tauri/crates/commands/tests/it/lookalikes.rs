//! Look-alike names (issue 11): invisible and direction-changing characters are refused in
//! names, and names are unique after NFKC, case folding and the Unicode TS #39 confusable
//! skeleton — so nobody puts "Adm\u{200B}in" or a Cyrillic "Аdmin" next to the built-in
//! Admin, or "Hоstco" next to Hostco. Each refusal names its field and changes nothing.

use crate::support;

use support::fresh;
use trellis_commands::ErrorCode;
use trellis_core::wire::*;
use trellis_core::AccountKind;

fn role(name: &str) -> RoleCreateRequest {
    support::internal_role(name, &["members.read"])
}

#[tokio::test]
async fn invisible_characters_are_refused_in_every_kind_of_name() {
    let (_d, t) = fresh().await;
    let before = t.snapshot().await;
    for hostile in
        ["Adm\u{200B}in", "Admin\u{202E}", "\u{2066}Sales\u{2069}", "Sa\u{00AD}les", "\u{FEFF}Ops", "Ops\u{200D}"]
    {
        let err = t.role_create(role(hostile)).await.unwrap_err();
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Invalid, Some("name")), "{hostile:?}");
        assert!(err.message.contains("invisible or direction-changing"), "{}", err.message);
        let invite = InviteRequest { email: "x@acme.test".into(), name: hostile.into(), role_id: None };
        assert_eq!(t.member_invite(invite).await.unwrap_err().field.as_deref(), Some("name"), "{hostile:?}");
        let account = PartnerCreateRequest {
            name: hostile.into(),
            kind: AccountKind::Business,
            owner_id: t.session_info().await.me.unwrap().id.to_string(),
            parent_id: None,
        };
        assert_eq!(t.partner_create(account).await.unwrap_err().field.as_deref(), Some("name"), "{hostile:?}");
    }
    assert_eq!(t.snapshot().await, before, "nothing changed");
}

#[tokio::test]
async fn names_that_look_alike_are_the_same_name() {
    let (_d, t) = fresh().await;
    // Built-in Admin: upper case, a Cyrillic А, full-width letters, "rn" for "m".
    for lookalike in ["ADMIN", "\u{0410}dmin", "\u{FF21}\u{FF44}\u{FF4D}\u{FF49}\u{FF4E}", "Adrnin"] {
        let err = t.role_create(role(lookalike)).await.unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::Conflict, Some("name")),
            "{lookalike:?}: {}",
            err.message
        );
        assert!(err.message.contains("Admin"), "names the role it looks like: {}", err.message);
    }
    support::globex(&t, 1, &[]).await;
    let me = t.session_info().await.me.unwrap().id.to_string();
    for lookalike in ["GLOBEX", "Gl\u{043E}bex", "G1obex"] {
        let req = PartnerCreateRequest {
            name: lookalike.into(),
            kind: AccountKind::Business,
            owner_id: me.clone(),
            parent_id: None,
        };
        let err = t.partner_create(req).await.unwrap_err();
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Conflict, Some("name")), "{lookalike:?}");
    }
    // Different names stay different.
    t.role_create(role("Administrators of EMEA")).await.unwrap();
    let req =
        PartnerCreateRequest { name: "Globex East".into(), kind: AccountKind::Business, owner_id: me, parent_id: None };
    t.partner_create(req).await.unwrap();
}

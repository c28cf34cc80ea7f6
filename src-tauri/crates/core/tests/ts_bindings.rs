//! The TypeScript bindings in `ui/src/gen/` are generated from the wire types and
//! committed. This test fails when they drift; run with `TRELLIS_WRITE_TS=1` to rewrite.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use trellis_core::wire::*;
use trellis_core::{ErrorCode, RuleError};
use ts_rs::TS;

fn export_all(dir: &Path) {
    macro_rules! export {
        ($($t:ty),* $(,)?) => { $( <$t>::export_all_to(dir).expect(stringify!($t)); )* };
    }
    export!(
        DraftCreateRequest,
        AuditDraft,
        DraftRef,
        DraftChangeRef,
        DraftState,
        DraftRow,
        DraftStepRow,
        DraftDetail,
        EditingDraft,
        EffectFilter,
        DraftEffectQuery,
        PermissionCount,
        NameCount,
        ItemCount,
        EffectSummary,
        EffectPage,
        DraftPersonQuery,
        RecordChangeRow,
        PersonEffectDetail,
        WhyPermissionQuery,
        WhyRecordQuery,
        FourEyesRequest,
        trellis_core::why::Why,
        trellis_core::effect::PersonEffect,
        trellis_core::effect::RecordChange,
        SignInRequest,
        UnlockRequest,
        RemoteTls,
        RemoteSettingsRequest,
        RemoteJoinRequest,
        SyncStatus,
        SyncReport,
        QueuedChange,
        ParkedChange,
        SyncQueue,
        Keep,
        SyncResolveRequest,
        MemberLoginRequest,
        SyncConnected,
        JoinProgress,
        ChangePasswordRequest,
        PasswordCheckRequest,
        ResetPasswordRequest,
        PasswordReset,
        IdleLockRequest,
        trellis_core::password::PasswordCheck,
        AuditQuery,
        AuditPage,
        AuditCsv,
        SavedFile,
        ContactCreateRequest,
        GiveAccessRequest,
        Delivery,
        AccessGiven,
        UpdateAccessRequest,
        PartnerPasswordRequest,
        PartnerPasswordReset,
        PartnerOwnerRequest,
        DeletePartnerRolesRequest,
        HierarchyTreeQuery,
        TreeNode,
        OutboxMessage,
        PreviewStartRequest,
        PreviewStarted,
        PreviewMaxRequest,
        PreviewRow,
        PreviewRef,
        PortalSession,
        PortalKind,
        PortalHome,
        PortalCount,
        PortalRecordQuery,
        PortalRecordRow,
        PortalRecordPage,
        PortalRecordCreate,
        PortalRecordUpdate,
        PortalOption,
        PortalUsers,
        PortalUserRow,
        PortalUserAddRequest,
        PortalUserCreated,
        PortalUserRolesRequest,
        PortalMyAccess,
        PortalRoleHeld,
        PortalPermission,
        ItemCreateRequest,
        ItemAvailabilityRequest,
        ItemRow,
        GranteeKind,
        SharingRuleSaveRequest,
        SharingRuleRef,
        SharingRuleRow,
        VisibilityQuery,
        VisibilityReport,
        trellis_core::PartnerRestriction,
        trellis_core::SegmentFilter,
        ContactRef,
        AccountPeople,
        HierarchyRoleCreateRequest,
        HierarchyRoleRow,
        MemberHierarchyRequest,
        PartnerCreateRequest,
        PartnerRenameRequest,
        PartnerRef,
        AccountQuery,
        PartnerListQuery,
        PartnerPage,
        OwnerOption,
        trellis_core::PartnerFeatures,
        RuleError,
        ErrorCode,
        CreateWorkspaceRequest,
        DemoRequest,
        SessionInfo,
        MemberListQuery,
        MemberPage,
        InviteRequest,
        MemberRef,
        AcceptInviteRequest,
        InvitationIssued,
        ChangeRoleRequest,
        RemoveMembersRequest,
        BulkOutcome,
        RoleRow,
        RoleListQuery,
        RoleCreateRequest,
        RoleUpdateRequest,
        RoleCloneRequest,
        RoleRef,
        RoleDeleted,
        PermissionCatalog,
        MemberRow,
    );
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn generated_typescript_is_up_to_date() {
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../ui/src/gen");
    let fresh = std::env::temp_dir().join(format!("trellis-ts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    export_all(&fresh);
    let generated = read_dir(&fresh);
    assert!(generated.len() > 20, "expected the wire types, got {}", generated.len());
    if std::env::var_os("TRELLIS_WRITE_TS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        std::fs::create_dir_all(&committed).unwrap();
        for (name, text) in &generated {
            std::fs::write(committed.join(name), text).unwrap();
        }
    }
    let on_disk = read_dir(&committed);
    let _ = std::fs::remove_dir_all(&fresh);
    assert!(
        on_disk == generated,
        "Generated TypeScript types in ui/src/gen are out of date: run `TRELLIS_WRITE_TS=1 cargo test -p trellis-core --test ts_bindings` and commit"
    );
}

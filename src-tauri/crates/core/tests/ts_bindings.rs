//! The TypeScript bindings in `ui/src/gen/` are generated from the wire types and
//! committed. This test fails when they drift; run with `TRELLIS_WRITE_TS=1` to rewrite.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use trellis_core::wire::*;
use trellis_core::{ErrorCode, RuleError};
use ts_rs::TS;

fn export_all(dir: &Path) {
    macro_rules! export {
        ($($t:ty),* $(,)?) => { $( write::<$t>(dir); )* };
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
        JoinPhase,
        ChangePasswordRequest,
        PasswordCheckRequest,
        ResetPasswordRequest,
        ResetWithLinkRequest,
        ResetMailed,
        PasswordReset,
        IdleLockRequest,
        trellis_core::password::PasswordCheck,
        AuditQuery,
        AuditPage,
        AuditCsv,
        ChainHead,
        AuditAnchor,
        BackupMade,
        DeepLink,
        BackupInfo,
        AuditVerifyRequest,
        ChainCheck,
        AuditVerification,
        AccessReportQuery,
        AccessRow,
        AccessGroup,
        AccessReport,
        trellis_core::reports::access::AccessPeople,
        trellis_core::reports::access::AccessGroupBy,
        SavedFile,
        ContactCreateRequest,
        GiveAccessRequest,
        Delivery,
        AccessGiven,
        UpdateAccessRequest,
        PartnerPasswordRequest,
        PartnerPasswordReset,
        PartnerOwnerRequest,
        PartnerLicenceShareRequest,
        DeletePartnerRolesRequest,
        HierarchyTreeQuery,
        TreeNode,
        OutboxMessage,
        trellis_core::mail::MailKind,
        trellis_core::mail::MailStatus,
        trellis_core::mail::MailSecurity,
        MailSettingsRequest,
        MailInfo,
        OutboxRef,
        DeliveryReport,
        MailTestResult,
        PreviewStartRequest,
        PreviewStarted,
        PreviewMaxRequest,
        PreviewRow,
        PreviewRef,
        PortalSession,
        PortalSignInRequest,
        PortalInvitationRequest,
        PortalInvitee,
        PortalForgotRequest,
        PortalForgotAnswer,
        PortalAcceptRequest,
        PortalAddressRequest,
        PartnerInvitationIssued,
        PortalLoginRequest,
        PortalIdleRequest,
        PortalWhoami,
        PortalChangePasswordRequest,
        PortalKind,
        PortalHome,
        PortalCount,
        PortalRecordQuery,
        PortalRecordRow,
        PortalRecordPage,
        PortalRecordCreate,
        PortalActivity,
        PortalActivityRow,
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
        ActivityFilterRequest,
        ActivitySummaryRequest,
        TypeCounts,
        ActivityGroupRow,
        ActivitySeries,
        ActivitySummary,
        ActivitySort,
        ActivityDetailRequest,
        ActivityRow,
        ActivityDetailPage,
        ActivitySaveRequest,
        ActivityExportRequest,
        ActivitySaved,
        CustomerQuery,
        CustomerChoice,
        ReviewStartRequest,
        ReviewRef,
        ReviewCounts,
        ReviewRow,
        ReviewItemFilter,
        ReviewItemsQuery,
        ReviewRoleRef,
        ReviewDecisionRow,
        ReviewItemRow,
        ReviewItemsPage,
        ReviewRoleChoice,
        ReviewDecideRequest,
        ReviewDecided,
        ReviewCompleted,
        ReviewReminded,
        FindingKind,
        ReviewFindingsQuery,
        FindingRow,
        Finding,
        ReviewFindings,
        FindingDraftRequest,
        trellis_core::reviews::ReviewPeople,
        trellis_core::reviews::ReviewStatus,
        trellis_core::reviews::Verdict,
        trellis_core::ReviewId,
        DashboardSaveRequest,
        DashboardRef,
        DashboardRoleRef,
        DashboardRow,
        DashboardList,
        TileChoice,
        TileRow,
        DashboardTile,
        DashboardView,
        PortalArrangeRequest,
        trellis_core::dashboards::TileKind,
        trellis_core::DashboardId,
        trellis_core::dashboards::PublishTo,
        trellis_core::reports::period::Bucket,
        trellis_core::ActivityType,
        trellis_core::ActivityFacts,
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
        PartnerSort,
        PartnerSortKey,
        PartnerPage,
        OwnerOption,
        trellis_core::PartnerFeatures,
        RuleError,
        ErrorCode,
        CreateWorkspaceRequest,
        DemoRequest,
        SessionInfo,
        MemberListQuery,
        MemberSort,
        MemberSortKey,
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
        // What the types above are made of (each has a file of its own).
        AuditChange,
        AuditRow,
        CatalogEntry,
        ContactRow,
        KindCount,
        Me,
        MemberTab,
        PartnerRow,
        PartnerStatusFilter,
        SessionStatus,
        TabCount,
        VisibleRecordRow,
        WorkspaceInfo,
        trellis_core::AccountKind,
        trellis_core::Audience,
        trellis_core::Grantee,
        trellis_core::MemberStatus,
        trellis_core::PermissionSet,
        trellis_core::Person,
        trellis_core::RecordKind,
        trellis_core::RoleGroup,
        trellis_core::ShareAccess,
        trellis_core::ids::ContactId,
        trellis_core::ids::HierarchyRoleId,
        trellis_core::ids::ItemId,
        trellis_core::ids::MemberId,
        trellis_core::ids::OpId,
        trellis_core::ids::PartnerAccountId,
        trellis_core::ids::RecordId,
        trellis_core::ids::RoleId,
        trellis_core::ids::SharingRuleId,
        trellis_core::password::PasswordPolicy,
        trellis_core::password::PolicyRule,
        trellis_core::sync::FieldConflict,
        trellis_core::sync::ParkReason,
        trellis_core::visibility::Grant,
        trellis_core::visibility::Reason,
    );
}

/// One type's file, without walking its dependencies: `export_all_to` instantiates that
/// walk for every type reachable from each one, which made this test take 99 s to compile
/// on a cold build. The dependencies are listed instead (the test checks every import).
fn write<T: TS + ?Sized + 'static>(dir: &Path) {
    let name = std::any::type_name::<T>();
    let path = dir.join(T::output_path().unwrap_or_else(|| panic!("{name} has no file")));
    let text = T::export_to_string().unwrap_or_else(|e| panic!("{name}: {e}"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Files in ui/src/gen written by other generators: the command maps, rendered from the
/// Rust declarations of the commands by `tests/ipc_contract.rs` and the portal server's
/// `api.rs` test (issue 22). Left alone here.
const OTHER_GENERATORS: &[&str] = &["commands.ts", "server_commands.ts"];

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                .filter(|e| !OTHER_GENERATORS.contains(&e.file_name().to_string_lossy().as_ref()))
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
    // Types are written one by one (see `write`): whatever one imports must be listed too.
    for (name, text) in &generated {
        for import in text.split("from \"./").skip(1) {
            let file = format!("{}.ts", import.split('"').next().unwrap_or_default());
            assert!(generated.contains_key(&file), "{name} imports {file}: add its type to export_all");
        }
    }
    if std::env::var_os("TRELLIS_WRITE_TS").is_some() {
        for stale in read_dir(&committed).keys() {
            let _ = std::fs::remove_file(committed.join(stale));
        }
        std::fs::create_dir_all(&committed).unwrap();
        for (name, text) in &generated {
            std::fs::write(committed.join(name), text).unwrap();
        }
    }
    let on_disk = read_dir(&committed);
    let _ = std::fs::remove_dir_all(&fresh);
    let missing: Vec<&String> = on_disk.keys().filter(|k| !generated.contains_key(*k)).collect();
    let extra: Vec<&String> = generated.keys().filter(|k| !on_disk.contains_key(*k)).collect();
    assert!(missing.is_empty() && extra.is_empty(), "not generated: {missing:?}; not committed: {extra:?}");
    assert!(
        on_disk == generated,
        "Generated TypeScript types in ui/src/gen are out of date: run `TRELLIS_WRITE_TS=1 cargo test -p trellis-core --test ts_bindings` and commit"
    );
}

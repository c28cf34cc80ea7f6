//! The demo workspace (WS-1: one click or flag away) and large generated workspaces for
//! benchmarks: realistic names, a few custom roles, members in every state.

use crate::engine::{now, Trellis};
use crate::ApiResult;
use trellis_core::wire::{CreateWorkspaceRequest, DemoRequest, SessionInfo};
use trellis_core::{Builtin, ImportedMember, MemberId, Op, Permission, PermissionSet, RoleId, Special};

const FIRST: [&str; 40] = [
    "Amelia", "Ben", "Chiara", "Dmitri", "Elena", "Farid", "Grace", "Hiroshi", "Ines", "Jonas", "Kavya", "Liam",
    "Maya", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Samir", "Tara", "Uma", "Victor", "Wen", "Ximena", "Yusuf",
    "Zoe", "Aisha", "Bruno", "Camille", "Diego", "Esther", "Felix", "Gita", "Hugo", "Ivy", "Jamal", "Keiko", "Lucas",
    "Mila", "Nadia",
];
const LAST: [&str; 40] = [
    "Anders",
    "Okafor",
    "Rossi",
    "Petrov",
    "García",
    "Haddad",
    "Kim",
    "Tanaka",
    "Moreau",
    "Berg",
    "Iyer",
    "Walsh",
    "Cohen",
    "Novak",
    "Ivanova",
    "Silva",
    "Murphy",
    "Delgado",
    "Nasser",
    "Patel",
    "Shah",
    "Lindqvist",
    "Zhang",
    "Romero",
    "Aydın",
    "Fischer",
    "Bello",
    "Costa",
    "Laurent",
    "Ortega",
    "Adler",
    "Weber",
    "Rao",
    "Dubois",
    "Chen",
    "Owusu",
    "Sato",
    "Martins",
    "Kowalski",
    "Farouk",
];

/// The plain letter an accented one is written with in an email address (García → garcia).
fn ascii_letter(c: char) -> Option<char> {
    let folded = match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'ı' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        c => c,
    };
    folded.is_ascii_alphabetic().then_some(folded)
}

/// The demo Owner's password, shown on the sign-in screen of a demo workspace.
pub const DEMO_PASSWORD: &str = "northwind trellis demo";

/// How big a generated workspace is.
#[derive(Clone, Copy, Debug)]
pub struct DemoSize {
    pub members: u32,
}

/// Deterministic members `0..n`: unique emails, names from the lists, no randomness.
pub fn demo_members(n: u32, roles: &[Option<RoleId>]) -> Vec<ImportedMember> {
    (0..n)
        .map(|i| {
            let first = FIRST[(i as usize * 7) % FIRST.len()];
            let last = LAST[(i as usize * 13 / 3) % LAST.len()];
            let ascii: String = last.to_lowercase().chars().filter_map(ascii_letter).collect();
            let suffix = if i < 1_600 { String::new() } else { format!(".{}", i / 1_600) };
            ImportedMember {
                id: MemberId::new_v7(),
                email: format!("{}.{}{}{}@northwind-channel.example", first.to_lowercase(), ascii, i % 1_600, suffix),
                name: format!("{first} {last}"),
                role: roles[(i as usize * 31 + i as usize / 5) % roles.len()],
            }
        })
        .collect()
}

impl Trellis {
    /// WS-1: a ready-made workspace to explore, signed in as its Owner.
    pub async fn workspace_create_demo(&self, req: DemoRequest) -> ApiResult<SessionInfo> {
        let size = req.members.unwrap_or(50).clamp(5, 200_000);
        self.workspace_create(CreateWorkspaceRequest {
            workspace_name: "Northwind Channel".into(),
            owner_name: "Dana Whitfield".into(),
            owner_email: "dana.whitfield@northwind-channel.example".into(),
            password: DEMO_PASSWORD.into(),
        })
        .await?;
        let channel_manager = RoleId::new_v7();
        self.execute(Op::CloneRole {
            source: Builtin::Member.id(),
            id: channel_manager,
            name: "Channel Manager".into(),
        })
        .await?;
        let partner_ops = RoleId::new_v7();
        let ops_perms = Builtin::Viewer
            .permissions()
            .union(PermissionSet::crud(&[trellis_core::Resource::PartnerUsers], &trellis_core::Action::ALL))
            .with(Permission::Special(Special::ManagePartnerAccess));
        self.execute(Op::CreateRole {
            id: partner_ops,
            name: "Partner Operations".into(),
            description: "Onboards partner users and manages their portal access.".into(),
            audience: trellis_core::Audience::Internal,
            permissions: ops_perms,
            group: None,
            restriction: Default::default(),
            segments: Default::default(),
        })
        .await?;
        let roles = [
            Some(Builtin::Member.id()),
            Some(channel_manager),
            Some(Builtin::Viewer.id()),
            Some(channel_manager),
            Some(partner_ops),
            Some(Builtin::Member.id()),
            Some(Builtin::Admin.id()),
            Some(Builtin::Viewer.id()),
            None,
            Some(channel_manager),
        ];
        let imported = demo_members(size - 4, &roles);
        self.execute(Op::ImportMembers { members: imported, at: now() }).await?;
        for (email, role) in [
            ("new.hire@northwind-channel.example", Some(Builtin::Member.id())),
            ("contractor.kim@northwind-channel.example", Some(Builtin::Viewer.id())),
            ("finance.lead@northwind-channel.example", None),
        ] {
            let op =
                Op::InviteMember { id: MemberId::new_v7(), email: email.into(), name: String::new(), role, at: now() };
            self.execute(op).await?;
        }
        let (owner, managers) = {
            let inner = self.read().await;
            let state = &inner.state;
            let owner = state.member_by_email("dana.whitfield@northwind-channel.example").map(|m| m.id);
            let managers: Vec<MemberId> = state
                .members_in_order()
                .filter(|(m, _)| m.role == Some(channel_manager) && m.status == trellis_core::MemberStatus::Active)
                .map(|(m, _)| m.id)
                .take(2)
                .collect();
            (owner, managers)
        };
        if let (Some(owner), [a, b]) = (owner, managers.as_slice()) {
            self.demo_partner_programme(owner, [*a, *b]).await?;
        }
        Ok(self.session_info().await)
    }
}

impl Trellis {
    /// Adds generated members in one op (large workspaces for benchmarks).
    pub async fn import_members(&self, members: Vec<ImportedMember>) -> ApiResult<()> {
        self.execute(Op::ImportMembers { members, at: now() }).await.map(|_| ())
    }

    /// The first `n` current members that are not Owners, in list order.
    pub async fn member_ids_for_bench(&self, n: usize) -> Vec<String> {
        let inner = self.read().await;
        let owner = Some(Builtin::Owner.id());
        inner
            .state
            .members_in_order()
            .filter(|(m, _)| m.is_current() && m.role != owner)
            .take(n)
            .map(|(m, _)| m.id.to_string())
            .collect()
    }
}

//! Builds a `State` directly from parts (no op per entity), like the store's load path.
//! Layout: VP Channel › 50 Channel Manager roles, one member each; accounts spread over
//! the managers, each with its three-role branch; one "big" and one "small" account for
//! the owner-change comparison; users mostly Partner User, some Manager, one Executive;
//! records owned 90 % by partner users, 10 % by members.

use trellis_core::partners::{
    AccountKind, Contact, HierarchyRole, PartnerAccount, PartnerFeatures, PortalAccess, BRANCH_SUFFIXES,
};
use trellis_core::state::Parts;
use trellis_core::*;
use uuid::Uuid;

#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub accounts: usize,
    pub users: usize,
    pub records: usize,
    /// Users of the big and the small account (PA-3 comparison).
    pub big: usize,
    pub small: usize,
    pub managers: usize,
    /// Activity records with their facts (RPT-1), besides `records`.
    pub activities: usize,
}

impl Size {
    pub const ISSUE: Size = Size {
        accounts: 2_000,
        users: 200_000,
        records: 1_000_000,
        big: 50_000,
        small: 500,
        managers: 50,
        activities: 0,
    };

    /// The reports bench (issue 20): 1,000,000 activities over a year, few other records.
    pub const REPORTS: Size = Size { records: 40_000, activities: 1_000_000, ..Size::ISSUE };

    /// The same shape, scaled down (tests, quick runs).
    pub fn scaled(divisor: usize) -> Size {
        let s = Size::ISSUE;
        Size {
            accounts: (s.accounts / divisor).max(4),
            users: (s.users / divisor).max(40),
            records: (s.records / divisor).max(100),
            big: (s.big / divisor).max(10),
            small: (s.small / divisor).max(2),
            managers: (s.managers / divisor).max(2),
            activities: s.activities / divisor,
        }
    }
}

pub struct Generated {
    pub state: State,
    pub owner: MemberId,
    pub managers: Vec<MemberId>,
    pub big: PartnerAccountId,
    pub small: PartnerAccountId,
    /// Every partner user, in account order.
    pub users: Vec<ContactId>,
}

/// 2025-01-01T00:00:00Z: generated activities fall in the following 365 days.
pub const ACTIVITY_YEAR: Millis = 1_735_689_600_000;

fn id(space: u128, n: usize) -> Uuid {
    Uuid::from_u128((space << 96) | n as u128)
}

pub fn member_id(n: usize) -> MemberId {
    MemberId(id(1, n))
}
pub fn account_id(n: usize) -> PartnerAccountId {
    PartnerAccountId(id(2, n))
}
pub fn hierarchy_id(n: usize) -> HierarchyRoleId {
    HierarchyRoleId(id(3, n))
}
pub fn contact_id(n: usize) -> ContactId {
    ContactId(id(4, n))
}
pub fn record_id(n: usize) -> RecordId {
    RecordId(id(5, n))
}

/// Users per account: the big one, the small one, the rest spread evenly.
fn users_per_account(size: Size) -> Vec<usize> {
    let rest_accounts = size.accounts - 2;
    let rest_users = size.users.saturating_sub(size.big + size.small);
    let mut counts = vec![size.big, size.small];
    for i in 0..rest_accounts {
        counts.push(rest_users / rest_accounts + usize::from(i < rest_users % rest_accounts));
    }
    counts
}

pub fn generate(size: Size) -> Generated {
    let at: Millis = 1_764_000_000_000;
    let workspace = Workspace {
        name: "Bench Channel".into(),
        created_at: at,
        password_policy: Default::default(),
        partner_features: PartnerFeatures {
            partner_access: true,
            advanced_partner_access: true,
            licences: size.users as u32,
        },
        four_eyes: false,
        preview_max_minutes: trellis_core::model::PREVIEW_MAX_DEFAULT,
        portal_login: None,
        portal_idle_minutes: trellis_core::model::PORTAL_IDLE_DEFAULT,
        portal_url: None,
        mail: None,
    };
    let roles: Vec<Role> = Builtin::ALL.iter().map(|b| b.role()).collect();
    let vp = hierarchy_id(0);
    let mut hierarchy =
        vec![HierarchyRole { id: vp, name: "VP Channel".into(), parent: None, account: None, version: 1 }];
    let owner = member_id(0);
    let mut members = vec![Member::active(owner, "vp@bench.test".into(), "VP".into(), Some(Builtin::Owner.id()), at)];
    members[0].hierarchy_role = Some(vp);
    let mut managers = Vec::new();
    for m in 1..=size.managers {
        let role = hierarchy_id(m);
        hierarchy.push(HierarchyRole {
            id: role,
            name: format!("Channel Manager {m}"),
            parent: Some(vp),
            account: None,
            version: 1,
        });
        let mut member = Member::active(
            member_id(m),
            format!("cm{m}@bench.test"),
            format!("Manager {m}"),
            Some(Builtin::Member.id()),
            at,
        );
        member.hierarchy_role = Some(role);
        managers.push(member.id);
        members.push(member);
    }
    let mut accounts = Vec::with_capacity(size.accounts);
    let mut contacts = Vec::with_capacity(size.users);
    let mut users = Vec::with_capacity(size.users);
    let mut next_role = size.managers + 1;
    for (a, count) in users_per_account(size).into_iter().enumerate() {
        let manager = a % size.managers;
        let account = PartnerAccount {
            id: account_id(a),
            name: format!("Partner {a}"),
            kind: AccountKind::Business,
            owner: managers[manager],
            parent: None,
            enabled: true,
            licence_share: None,
            version: 1,
        };
        let mut parent = hierarchy_id(manager + 1);
        let mut branch = [vp; 3];
        for (i, suffix) in BRANCH_SUFFIXES.iter().enumerate() {
            let role = hierarchy_id(next_role);
            next_role += 1;
            hierarchy.push(HierarchyRole {
                id: role,
                name: format!("{} {suffix}", account.name),
                parent: Some(parent),
                account: Some(account.id),
                version: 1,
            });
            branch[i] = role;
            parent = role;
        }
        for u in 0..count {
            let n = contacts.len();
            // One Executive, a Manager per ten users, the rest Partner Users.
            let level = if u == 1 {
                0
            } else if u % 10 == 5 {
                1
            } else {
                2
            };
            contacts.push(Contact {
                id: contact_id(n),
                account: account.id,
                name: format!("User {n}"),
                email: format!("u{n}@p{a}.bench.test"),
                access: Some(PortalAccess {
                    enabled: true,
                    portal_role: Builtin::AdvancedPartnerCenter.id(),
                    agent_role: (u % 3 == 0).then(|| Builtin::SalesAgent.id()),
                    admin_role: Builtin::NoAdmin.id(),
                    hierarchy_role: branch[level],
                    can_grant_subpartners: false,
                    fixed_hierarchy_role: u == 0,
                }),
                version: 1,
                invitation: None,
                hidden_tiles: Default::default(),
            });
            users.push(contact_id(n));
        }
        accounts.push(account);
    }
    let mut records = Vec::with_capacity(size.records + size.activities);
    for r in 0..size.records {
        let owner = if r % 10 == 0 || users.is_empty() {
            Person::Member(members[r / 10 % members.len()].id)
        } else {
            // Spread over users with a stride, so accounts get records in proportion.
            Person::Contact(users[(r.wrapping_mul(7919)) % users.len()])
        };
        records.push(Record {
            id: record_id(r),
            kind: RecordKind::ALL[r % 4],
            name: format!("Record {r}"),
            owner,
            segments: Segments::default(),
            activity: None,
            version: 1,
        });
    }
    // RPT-1: a year of activities (2025), 95 % by partner users, about customers of the
    // generated records (every fourth record is a customer).
    let customers = size.records / 4;
    for a in 0..size.activities {
        let owner = if a % 20 == 0 || users.is_empty() {
            Person::Member(members[a / 20 % members.len()].id)
        } else {
            Person::Contact(users[(a.wrapping_mul(104_729)) % users.len()])
        };
        let customer = (customers > 0 && a % 5 != 0).then(|| record_id((a.wrapping_mul(31) % customers) * 4 + 2));
        let kind = ActivityType::ALL[(a / 3) % 4];
        let at = ACTIVITY_YEAR + (a.wrapping_mul(7_919_993) % 365_000_000) as i64 * 86;
        records.push(Record {
            id: record_id(size.records + a),
            kind: RecordKind::Activity,
            name: format!("{} {a}", kind.label()),
            owner,
            segments: Segments::default(),
            activity: Some(ActivityFacts { kind, at, customer }),
            version: 1,
        });
    }
    let state = State::from_all(Parts {
        workspace: Some(workspace),
        roles,
        members,
        accounts,
        hierarchy,
        contacts,
        records,
        items: Vec::new(),
        sharing_rules: Vec::new(),
        dashboards: Vec::new(),
        ..Parts::default()
    });
    Generated { state, owner, managers, big: account_id(0), small: account_id(1), users }
}

/// Adds the internal role "Field Sales" (all rights on leads and opportunities) and
/// `members` active members holding it, imported as one op (`rep{n}@bench.test`), as
/// `owner`; returns the role. The members-side load of the draft and access benches.
pub fn add_field_sales(state: &mut State, owner: MemberId, members: usize, at: Millis) -> RoleId {
    let sales = RoleId(Uuid::from_u128(0xbe0c));
    let create = Op::CreateRole {
        id: sales,
        name: "Field Sales".into(),
        description: String::new(),
        audience: Audience::Internal,
        group: None,
        permissions: PermissionSet::crud(&[Resource::Leads, Resource::Opportunities], &Action::ALL),
        restriction: Default::default(),
        segments: Default::default(),
    };
    apply_and_commit(state, &Actor::Member(owner), &create).expect("role");
    let imported: Vec<ImportedMember> = (0..members)
        .map(|n| ImportedMember {
            id: MemberId(Uuid::from_u128(0xf000_0000 + n as u128)),
            email: format!("rep{n}@bench.test"),
            name: format!("Rep {n}"),
            role: Some(sales),
        })
        .collect();
    apply_and_commit(state, &Actor::Member(owner), &Op::ImportMembers { members: imported, at }).expect("import");
    sales
}

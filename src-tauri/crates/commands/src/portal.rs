//! The partner portal, as a preview shows it (PREV-1, PREV-2): every read is what the
//! partner user sees (the same `visibility` functions the rules use); every write is
//! applied as the partner user, journaled as the manager acting as them, with the reason.
//! Each command takes the window label the shell read off the calling window; the session
//! behind it decides who acts (`preview::portal_caller`).

use crate::drafts::View;
use crate::engine::Acting;
use crate::engine::Trellis;
use crate::partner_access::roles;
use crate::preview::{Caller, PortalUser, PreviewEnd};
use crate::records::{person_label, reason_text, scope_text};
use crate::ApiResult;
use serde_json::json;
use trellis_core::reports::activity::RowMaker;
use trellis_core::rules::managed_accounts;
use trellis_core::visibility::{is_user_admin, partner_permissions, record_access, viewer, visible_items};
use trellis_core::visibility::{visible_records, Viewer};
use trellis_core::wire::*;
use trellis_core::ActivityFacts;
use trellis_core::{
    Action, Actor, Audience, Builtin, ContactId, Op, Permission, Person, Record, RecordId, RecordKind, Resource,
    RoleGroup, RuleError, Segments, State,
};
use trellis_store::Change;

const PAGE: u32 = 50;
const PAGE_MAX: u32 = 200;

fn can(v: &Viewer, kind: RecordKind, action: Action) -> bool {
    v.permissions.contains(Permission::Crud(kind.resource(), action))
}

fn the_viewer(state: &State, contact: ContactId) -> ApiResult<Viewer<'_>> {
    viewer(state, Person::Contact(contact))
        .ok_or_else(|| RuleError::session("This partner user has no portal access: the preview has ended"))
}

fn row(state: &State, v: &Viewer, r: &Record) -> Option<PortalRecordRow> {
    let grant = record_access(state, v, r)?;
    Some(PortalRecordRow {
        id: r.id.to_string(),
        kind: r.kind,
        name: r.name.clone(),
        owner: person_label(state, r.owner),
        department: r.segments.department.clone(),
        location: r.segments.location.clone(),
        class: r.segments.class.clone(),
        write: grant.write,
        why: reason_text(state, grant.reason),
        version: r.version,
        activity: r.activity.as_ref().map(|f| PortalActivityRow {
            kind: f.kind,
            at: f.at,
            customer_id: f.customer,
            customer: RowMaker::new(state, v).customer(f.customer),
        }),
    })
}

/// RPT-1: activities carry their facts; other records none (field `activity`).
fn activity_facts(kind: RecordKind, given: Option<PortalActivity>) -> ApiResult<Option<ActivityFacts>> {
    match (kind, given) {
        (RecordKind::Activity, Some(a)) => {
            let customer = match a.customer_id.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                Some(c) => Some(RecordId::parse(c, "customer_id")?),
                None => None,
            };
            Ok(Some(ActivityFacts { kind: a.kind, at: a.at, customer }))
        }
        (RecordKind::Activity, None) => {
            Err(RuleError::invalid("activity", "An activity needs its type and when it happened"))
        }
        (_, Some(_)) => Err(RuleError::invalid("activity", "Only activities have a type and a time")),
        (_, None) => Ok(None),
    }
}

fn segments(department: Option<String>, location: Option<String>, class: Option<String>) -> Segments {
    Segments { department, location, class }
}

fn options(state: &State, group: RoleGroup, mine: trellis_core::PermissionSet) -> Vec<PortalOption> {
    let advanced = state.workspace().is_some_and(|w| w.partner_features.advanced_partner_access);
    let mut out: Vec<PortalOption> = state
        .roles()
        .into_iter()
        .filter(|r| r.audience == Audience::Partner && r.group == group)
        .filter(|r| r.permissions.minus(mine).is_empty())
        .filter(|r| advanced || r.builtin != Some(Builtin::AdvancedPartnerCenter))
        .filter(|r| !r.permissions.contains(Permission::Special(trellis_core::Special::ApiOnly)))
        .map(|r| PortalOption { id: r.id.to_string(), name: r.name.clone() })
        .collect();
    out.sort_by_key(|o| o.name.to_lowercase());
    out
}

impl Trellis {
    /// The state the preview shows: live, or its draft replayed over live.
    async fn portal_view(&self, caller: &Caller) -> ApiResult<View<'_>> {
        match caller.draft {
            Some(id) => Ok(View::Draft(self.replayed(&self.find_draft(id).await?).await)),
            None => Ok(View::Live(self.read().await)),
        }
    }

    /// PREV-2: a change made in the preview, applied as the partner user (their own rights,
    /// checked by the rules) and journaled as the manager acting as them, with the reason.
    /// PORT-5: on the portal server, as the partner user via the portal.
    async fn portal_write(
        &self,
        caller: &Caller,
        op: Op,
        credential: Option<(trellis_store::CredentialWrite, Change)>,
    ) -> ApiResult<()> {
        if caller.draft.is_some() {
            return Err(RuleError::rule(
                Some("draft"),
                "This preview shows a draft and is read-only: publish the draft to change things for real",
            ));
        }
        let (writes, mut changes) = match credential {
            Some((w, c)) => (vec![w], vec![c]),
            None => (Vec::new(), Vec::new()),
        };
        let actor = Actor::Partner(caller.contact);
        let Some(preview) = &caller.preview else {
            return self.execute_labelled(actor, Acting::ViaPortal, op, writes, changes).await.map(drop);
        };
        let manager = self.label(&self.read().await.state, &Actor::Member(preview.manager));
        changes.push(Change {
            kind: "preview".into(),
            id: String::new(),
            label: format!("Preview by {manager}"),
            before: None,
            after: Some(json!({ "reason": preview.reason })),
        });
        self.execute_labelled(actor, Acting::ManagerAs(&manager), op, writes, changes).await.map(drop)
    }

    pub async fn portal_session<'a>(&self, who: impl Into<PortalUser<'a>>) -> ApiResult<PortalSession> {
        let caller = self.portal_caller(who.into()).await?;
        let draft_name = match caller.draft {
            Some(id) => Some(self.find_draft(id).await?.name),
            None => None,
        };
        let view = self.portal_view(&caller).await?;
        let state = view.state();
        let v = the_viewer(state, caller.contact)?;
        let contact = state.contact(caller.contact).expect("a viewer has a contact");
        let kinds = RecordKind::ALL
            .into_iter()
            .filter(|k| can(&v, *k, Action::Read))
            .map(|kind| PortalKind { kind, label: plural(kind).into(), can_create: can(&v, kind, Action::Create) })
            .collect();
        let preview = caller.preview.as_ref();
        Ok(PortalSession {
            preview: preview.is_some(),
            manager: preview.map(|p| self.label(state, &Actor::Member(p.manager))).unwrap_or_default(),
            user_name: contact.name.clone(),
            user_email: contact.email.clone(),
            account: state.account(contact.account).map(|a| a.name.clone()).unwrap_or_default(),
            reason: preview.map(|p| p.reason.clone()).unwrap_or_default(),
            expires_at: preview.map_or(0, |p| p.expires),
            now: crate::engine::now(),
            read_only: draft_name.is_some(),
            draft: draft_name,
            kinds,
            items: v.permissions.contains(Permission::Crud(Resource::Items, Action::Read)),
            users: is_user_admin(state, caller.contact),
        })
    }

    /// Home: the numbers the partner user sees.
    pub async fn portal_home<'a>(&self, who: impl Into<PortalUser<'a>>) -> ApiResult<PortalHome> {
        let caller = self.portal_caller(who.into()).await?;
        let view = self.portal_view(&caller).await?;
        let state = view.state();
        let v = the_viewer(state, caller.contact)?;
        let me = Person::Contact(caller.contact);
        let counts = RecordKind::ALL
            .into_iter()
            .filter(|k| can(&v, *k, Action::Read))
            .map(|kind| {
                let seen = visible_records(state, &v, Some(kind));
                let writable = seen.iter().filter(|r| record_access(state, &v, r).is_some_and(|g| g.write)).count();
                PortalCount {
                    kind,
                    label: plural(kind).into(),
                    visible: seen.len() as u32,
                    own: seen.iter().filter(|r| r.owner == me).count() as u32,
                    writable: writable as u32,
                }
            })
            .collect();
        let colleagues = is_user_admin(state, caller.contact).then(|| {
            managed_accounts(state, caller.contact)
                .into_iter()
                .map(|a| state.contacts_of(a).filter(|c| c.has_access()).count() as u32)
                .sum()
        });
        let tz = crate::reports::time_zone(None)?;
        let dashboards = trellis_core::dashboards::home(state, caller.contact, crate::engine::now(), &tz);
        Ok(PortalHome { counts, items: visible_items(state, &v).len() as u32, colleagues, dashboards })
    }

    /// RPT-3: hide tiles of a changeable dashboard on the caller's own Home (or show them
    /// again); the Home as it now is.
    pub async fn portal_home_arrange<'a>(
        &self,
        who: impl Into<PortalUser<'a>>,
        req: PortalArrangeRequest,
    ) -> ApiResult<PortalHome> {
        let who = who.into();
        let caller = self.portal_caller(who).await?;
        let dashboard = trellis_core::DashboardId::parse(&req.dashboard_id, "dashboard_id")?;
        let op = Op::ArrangeHome { contact: caller.contact, dashboard, hidden: req.hidden };
        self.portal_write(&caller, op, None).await?;
        self.portal_home(who).await
    }

    /// Records of one kind the partner user sees (HIER-2, PU-8, SHARE-1), by name, paged.
    pub async fn portal_records<'a>(
        &self,
        who: impl Into<PortalUser<'a>>,
        q: PortalRecordQuery,
    ) -> ApiResult<PortalRecordPage> {
        let caller = self.portal_caller(who.into()).await?;
        let view = self.portal_view(&caller).await?;
        let state = view.state();
        let v = the_viewer(state, caller.contact)?;
        if !can(&v, q.kind, Action::Read) {
            return Err(RuleError::forbidden(format!("Your portal roles do not show {}", plural(q.kind))));
        }
        let needle = q.search.trim().to_lowercase();
        let mut seen: Vec<&Record> = visible_records(state, &v, Some(q.kind));
        if !needle.is_empty() {
            seen.retain(|r| r.name.to_lowercase().contains(&needle));
        }
        let total = seen.len() as u32;
        let limit = q.limit.unwrap_or(PAGE).clamp(1, PAGE_MAX) as usize;
        let page = trellis_core::records::page_by_name(seen, q.offset as usize, limit);
        let rows = page.into_iter().filter_map(|r| row(state, &v, r)).collect::<Vec<_>>();
        Ok(PortalRecordPage { total, rows, can_create: caller.draft.is_none() && can(&v, q.kind, Action::Create) })
    }

    pub async fn portal_record_create<'a>(
        &self,
        who: impl Into<PortalUser<'a>>,
        req: PortalRecordCreate,
    ) -> ApiResult<PortalRecordRow> {
        let caller = self.portal_caller(who.into()).await?;
        let id = RecordId::new_v7();
        let owner = Person::Contact(caller.contact);
        let segments = segments(req.department, req.location, req.class);
        let op = match activity_facts(req.kind, req.activity)? {
            Some(facts) => Op::LogActivity { id, owner, subject: req.name, facts, segments },
            None => Op::CreateRecord { id, kind: req.kind, name: req.name, owner, segments },
        };
        self.portal_write(&caller, op, None).await?;
        self.portal_record(&caller, id).await
    }

    pub async fn portal_record_update<'a>(
        &self,
        who: impl Into<PortalUser<'a>>,
        req: PortalRecordUpdate,
    ) -> ApiResult<PortalRecordRow> {
        let caller = self.portal_caller(who.into()).await?;
        let id = RecordId::parse(&req.record_id, "record_id")?;
        let kind = {
            let view = self.portal_view(&caller).await?;
            view.state().record(id).map(|r| r.kind)
        };
        let kind = kind.ok_or_else(|| RuleError::not_found("record_id", format!("No record with id {id}")))?;
        let op = match activity_facts(kind, req.activity)? {
            Some(facts) => Op::EditActivity { id, version: req.version, subject: req.name, facts },
            None => Op::UpdateRecord {
                id,
                version: req.version,
                name: req.name,
                segments: segments(req.department, req.location, req.class),
            },
        };
        self.portal_write(&caller, op, None).await?;
        self.portal_record(&caller, id).await
    }

    async fn portal_record(&self, caller: &Caller, id: RecordId) -> ApiResult<PortalRecordRow> {
        let view = self.portal_view(caller).await?;
        let state = view.state();
        let v = the_viewer(state, caller.contact)?;
        state
            .record(id)
            .and_then(|r| row(state, &v, r))
            .ok_or_else(|| RuleError::not_found("record_id", format!("No record with id {id}")))
    }

    /// ITEM-1: the items available in Partner Center, when their roles show items.
    pub async fn portal_items<'a>(&self, who: impl Into<PortalUser<'a>>) -> ApiResult<Vec<String>> {
        let caller = self.portal_caller(who.into()).await?;
        let view = self.portal_view(&caller).await?;
        let state = view.state();
        let v = the_viewer(state, caller.contact)?;
        let mut names: Vec<String> = visible_items(state, &v).into_iter().map(|i| i.name.clone()).collect();
        names.sort_by_key(|n| n.to_lowercase());
        Ok(names)
    }

    /// "My access": their roles, whose records they see, and each permission with its why.
    pub async fn portal_my_access<'a>(&self, who: impl Into<PortalUser<'a>>) -> ApiResult<PortalMyAccess> {
        let caller = self.portal_caller(who.into()).await?;
        let view = self.portal_view(&caller).await?;
        let state = view.state();
        let v = the_viewer(state, caller.contact)?;
        let access = state.contact(caller.contact).and_then(|c| c.access.as_ref()).expect("a viewer has access");
        let name = |id| state.role(id).map(|r| r.name.clone()).unwrap_or_default();
        let mut roles = vec![PortalRoleHeld { kind: "Portal role".into(), name: name(access.portal_role) }];
        if let Some(agent) = access.agent_role {
            roles.push(PortalRoleHeld { kind: "Agent role".into(), name: name(agent) });
        }
        roles.push(PortalRoleHeld { kind: "Admin role".into(), name: name(access.admin_role) });
        if let Some(h) = state.hierarchy_role(access.hierarchy_role) {
            roles.push(PortalRoleHeld { kind: "Hierarchy role".into(), name: h.name.clone() });
        }
        let permissions = v
            .permissions
            .iter()
            .map(|p| PortalPermission {
                label: p.label(),
                why: trellis_core::why::permission(state, Person::Contact(caller.contact), p),
            })
            .collect();
        Ok(PortalMyAccess { roles, scope: scope_text(state, &v), permissions })
    }

    /// PC-4: the users of the accounts this partner admin manages.
    pub async fn portal_users<'a>(&self, who: impl Into<PortalUser<'a>>) -> ApiResult<PortalUsers> {
        let caller = self.portal_caller(who.into()).await?;
        let view = self.portal_view(&caller).await?;
        users_page(view.state(), caller.contact)
    }

    /// PC-4, PC-5, PA-4: a partner admin adds a colleague, who gets a one-time link to
    /// set their own password (PORT-1), shown once. The rules check the partner admin's
    /// own rights, never the manager's.
    pub async fn portal_user_add<'a>(
        &self,
        who: impl Into<PortalUser<'a>>,
        req: PortalUserAddRequest,
    ) -> ApiResult<PortalUserCreated> {
        let caller = self.portal_caller(who.into()).await?;
        let contact = ContactId::new_v7();
        let account = crate::partners::account_id(&req.account_id, "account_id")?;
        let (code, kept) = crate::partner_invitations::new_invitation();
        let expires = kept.expires;
        let req_email = req.email.clone();
        let op = Op::AddPartnerUser {
            contact,
            account,
            name: req.name,
            email: req.email,
            roles: roles(&req.portal_role_id, req.agent_role_id.as_deref(), req.admin_role_id.as_deref())?,
            hierarchy_role: None,
            branch: std::array::from_fn(|_| trellis_core::HierarchyRoleId::new_v7()),
            invitation: Some(kept),
        };
        let email = trellis_core::validate::email("email", &req_email)?;
        let write = {
            let state = &self.read().await.state;
            crate::mail::queued(state, trellis_core::mail::MailKind::PartnerAccess, contact.0, &email, Some(&code))?
        };
        self.portal_write(&caller, op, Some((write, crate::partner_invitations::queued_change(contact, &email))))
            .await?;
        self.mail_poke();
        let view = self.portal_view(&caller).await?;
        let invitation = crate::partner_invitations::issued(view.state(), contact, &code, expires);
        let users = users_page(view.state(), caller.contact)?;
        Ok(PortalUserCreated { email: invitation.email.clone(), invitation, users })
    }

    /// PC-4, PA-4: a partner admin changes a colleague's roles, within their own rights.
    pub async fn portal_user_set_roles<'a>(
        &self,
        who: impl Into<PortalUser<'a>>,
        req: PortalUserRolesRequest,
    ) -> ApiResult<PortalUsers> {
        let caller = self.portal_caller(who.into()).await?;
        let op = Op::PartnerSetRoles {
            contact: ContactId::parse(&req.contact_id, "contact_id")?,
            version: req.version,
            roles: roles(&req.portal_role_id, req.agent_role_id.as_deref(), req.admin_role_id.as_deref())?,
        };
        self.portal_write(&caller, op, None).await?;
        users_page(self.portal_view(&caller).await?.state(), caller.contact)
    }

    /// "End preview" in the portal: audited; the shell closes the window.
    pub async fn portal_end(&self, label: &str) -> ApiResult<()> {
        self.preview_end(label, PreviewEnd::ByManager).await.map(drop)
    }
}

fn plural(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Lead => "Leads",
        RecordKind::Opportunity => "Opportunities",
        RecordKind::Customer => "Customers",
        RecordKind::Activity => "Activities",
    }
}

fn users_page(state: &State, me: ContactId) -> ApiResult<PortalUsers> {
    if !is_user_admin(state, me) {
        return Err(RuleError::forbidden("Users is for a partner's Global admin or User management admin (PC-4)"));
    }
    let mine = partner_permissions(state, me);
    let role_name = |id| state.role(id).map(|r| r.name.clone()).unwrap_or_default();
    let accounts = managed_accounts(state, me);
    let mut users = Vec::new();
    for account in &accounts {
        let account_name = state.account(*account).map(|a| a.name.clone()).unwrap_or_default();
        for c in state.contacts_of(*account) {
            let Some(a) = c.access.as_ref() else { continue };
            users.push(PortalUserRow {
                id: c.id.to_string(),
                name: c.name.clone(),
                email: c.email.clone(),
                account: account_name.clone(),
                enabled: a.enabled,
                portal_role_id: a.portal_role.to_string(),
                portal_role: role_name(a.portal_role),
                agent_role_id: a.agent_role.map(|r| r.to_string()),
                agent_role: a.agent_role.map(role_name),
                admin_role_id: a.admin_role.to_string(),
                admin_role: role_name(a.admin_role),
                version: c.version,
                editable: c.id != me && a.enabled && partner_permissions(state, c.id).minus(mine).is_empty(),
                me: c.id == me,
            });
        }
    }
    users.sort_by(|a, b| {
        (a.account.to_lowercase(), a.name.to_lowercase()).cmp(&(b.account.to_lowercase(), b.name.to_lowercase()))
    });
    Ok(PortalUsers {
        accounts: accounts
            .iter()
            .filter_map(|a| state.account(*a))
            .map(|a| PortalOption { id: a.id.to_string(), name: a.name.clone() })
            .collect(),
        users,
        portal_roles: options(state, RoleGroup::Portal, mine),
        agent_roles: options(state, RoleGroup::Agent, mine),
        admin_roles: options(state, RoleGroup::Admin, mine),
    })
}

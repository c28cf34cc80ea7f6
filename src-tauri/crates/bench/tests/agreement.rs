//! The benchmark compares like with like only if casbin and Trellis give the same
//! answers: on a scaled-down generated workspace, they must agree on every sampled
//! permission check and every sampled "may X see the records of Y".

use casbin::CoreApi;
use trellis_bench::casbin_model::{permission_enforcer, person_key, visibility_enforcer};
use trellis_bench::{generate, Size};
use trellis_core::permissions::Permission;
use trellis_core::visibility::{partner_permissions, record_access, viewer};
use trellis_core::{Action, Person, Resource};

#[tokio::test]
async fn casbin_and_trellis_agree_on_the_generated_workspace() {
    let g = generate(Size::scaled(400));
    let state = &g.state;
    assert_eq!(state.accounts().count(), 5);
    assert_eq!(g.users.len(), 500);
    assert_eq!(state.contacts_of(g.big).count(), 125);
    assert_eq!(state.record_count(), 2_500);

    let perms = permission_enforcer(state).await;
    let mut allowed = 0;
    for (i, user) in g.users.iter().enumerate().step_by(7) {
        let resource = Resource::ALL[i % Resource::ALL.len()];
        let action = Action::ALL[i % 4];
        let ours = partner_permissions(state, *user).contains(Permission::Crud(resource, action));
        let theirs = perms.enforce((person_key(Person::Contact(*user)), resource.key(), action.key())).unwrap();
        assert_eq!(ours, theirs, "{user:?} {} {}", resource.key(), action.key());
        allowed += usize::from(ours);
    }
    assert!(allowed > 0, "the sample must include allowed checks");

    let vis = visibility_enforcer(state).await;
    let mut seen = 0;
    let viewers: Vec<Person> = g
        .users
        .iter()
        .step_by(11)
        .map(|c| Person::Contact(*c))
        .chain(g.managers.iter().map(|m| Person::Member(*m)))
        .collect();
    for (i, p) in viewers.iter().enumerate() {
        let v = viewer(state, *p).expect("viewer");
        for r in state.records().skip(i).step_by(29) {
            // Only record kinds the viewer may read: casbin's model is the hierarchy alone.
            if !v.permissions.contains(Permission::Crud(r.kind.resource(), Action::Read)) {
                continue;
            }
            let ours = record_access(state, &v, r).is_some();
            let theirs = vis.enforce((person_key(*p), person_key(r.owner))).unwrap();
            assert_eq!(ours, theirs, "{p:?} sees {}? {:?} owner {:?}", r.name, record_access(state, &v, r), r.owner);
            seen += usize::from(ours);
        }
    }
    assert!(seen > 0, "the sample must include visible records");
}

//! The role hierarchy as an Euler tour: each role gets the interval of tour positions its
//! subtree covers, so "is A below B" is two integer comparisons and a subtree is a slice.
//! Rebuilt from the roles whenever one changes: cost grows with the number of roles
//! (thousands), never with the people or records under them — which is what keeps an
//! owner change (PA-3) flat as accounts grow.

use crate::ids::IdMap;
use crate::ids::{HierarchyRoleId, PartnerAccountId};
use crate::partners::HierarchyRole;
use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
pub struct Tree {
    /// Tour position of the role, and the last position inside its subtree.
    span: IdMap<HierarchyRoleId, (u32, u32)>,
    /// Roles by tour position.
    order: Vec<HierarchyRoleId>,
    /// Each account's partner roles, top (Executive) first.
    branches: IdMap<PartnerAccountId, Vec<HierarchyRoleId>>,
}

impl Tree {
    pub fn build(roles: &IdMap<HierarchyRoleId, HierarchyRole>) -> Tree {
        let mut children: HashMap<Option<HierarchyRoleId>, Vec<&HierarchyRole>> = HashMap::new();
        for role in roles.values() {
            // A parent that does not exist makes a root; rules never allow it, but a tree
            // built from a damaged file still covers every role it can.
            let parent = role.parent.filter(|p| roles.contains_key(p));
            children.entry(parent).or_default().push(role);
        }
        for list in children.values_mut() {
            list.sort_by_key(|r| (r.name.to_lowercase(), r.id));
        }
        let mut tree = Tree { order: Vec::with_capacity(roles.len()), ..Tree::default() };
        // Iterative DFS: (role, children visited yet?)
        let mut stack: Vec<(HierarchyRoleId, bool)> =
            children.get(&None).into_iter().flatten().rev().map(|r| (r.id, false)).collect();
        while let Some((id, done)) = stack.pop() {
            if done {
                let last = tree.order.len() as u32 - 1;
                if let Some(s) = tree.span.get_mut(&id) {
                    s.1 = last;
                }
                continue;
            }
            let tin = tree.order.len() as u32;
            tree.span.insert(id, (tin, tin));
            tree.order.push(id);
            stack.push((id, true));
            for child in children.get(&Some(id)).into_iter().flatten().rev() {
                stack.push((child.id, false));
            }
        }
        for role in roles.values() {
            if let Some(account) = role.account {
                tree.branches.entry(account).or_default().push(role.id);
            }
        }
        // Top first: within a branch the tour visits parents before children.
        for list in tree.branches.values_mut() {
            list.sort_by_key(|id| tree.span.get(id).map_or(u32::MAX, |s| s.0));
        }
        tree
    }

    /// Every role reached from a root: false means a cycle (rules never make one).
    pub fn covers(&self, roles: usize) -> bool {
        self.order.len() == roles
    }

    pub fn span(&self, id: HierarchyRoleId) -> Option<(u32, u32)> {
        self.span.get(&id).copied()
    }

    /// `lower` sits strictly below `upper`.
    pub fn is_below(&self, lower: HierarchyRoleId, upper: HierarchyRoleId) -> bool {
        match (self.span(lower), self.span(upper)) {
            (Some(l), Some(u)) => u.0 < l.0 && l.0 <= u.1,
            _ => false,
        }
    }

    /// `lower` is `upper` or below it.
    pub fn is_at_or_below(&self, lower: HierarchyRoleId, upper: HierarchyRoleId) -> bool {
        lower == upper || self.is_below(lower, upper)
    }

    /// The roles below `id` (not `id` itself), in tour order.
    pub fn below(&self, id: HierarchyRoleId) -> &[HierarchyRoleId] {
        match self.span(id) {
            Some((tin, tout)) => &self.order[tin as usize + 1..=tout as usize],
            None => &[],
        }
    }

    /// `id` and the roles below it.
    pub fn subtree(&self, id: HierarchyRoleId) -> &[HierarchyRoleId] {
        match self.span(id) {
            Some((tin, tout)) => &self.order[tin as usize..=tout as usize],
            None => &[],
        }
    }

    /// The account's partner roles, top first.
    pub fn branch(&self, account: PartnerAccountId) -> &[HierarchyRoleId] {
        self.branches.get(&account).map_or(&[], Vec::as_slice)
    }

    /// Depth of each role in tour order, for drawing the tree.
    pub fn order(&self) -> &[HierarchyRoleId] {
        &self.order
    }
}

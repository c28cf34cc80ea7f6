// Reads used by more than one screen, each under its key (`keys.ts`), so two screens
// asking for the same thing share one answer and one invalidation.
import { useQuery } from "@tanstack/react-query";
import { api } from "../ipc";
import type { RoleListQuery } from "../gen/RoleListQuery";
import { keys } from "./keys";

export function useRoles(q: RoleListQuery) {
  return useQuery({ queryKey: keys.roles(q), queryFn: () => api.roleList(q) });
}

export function useCatalog(enabled = true) {
  return useQuery({ queryKey: keys.catalog, queryFn: api.permissionCatalog, enabled });
}

export function useHierarchyRoles(enabled = true) {
  return useQuery({ queryKey: keys.hierarchy, queryFn: api.hierarchyList, enabled });
}

export function useItems(enabled = true) {
  return useQuery({ queryKey: keys.items, queryFn: api.itemList, enabled });
}

/** Up to 1,000 members, for pickers (owners, placing in the hierarchy). */
export function useMemberChoices(enabled = true) {
  const q = { tab: { kind: "all" as const }, search: "", removed: false };
  return useQuery({
    queryKey: [...keys.members(q), "choices"],
    queryFn: () => api.memberList({ ...q, offset: 0, limit: 1000 }).then((p) => p.rows),
    enabled,
  });
}

/** Up to 500 partner accounts, for pickers (a parent partner, a sharing rule's grantee). */
export function usePartnerChoices(enabled = true) {
  const q = { search: "", status: "all" as const };
  return useQuery({
    queryKey: [...keys.partners(q), "choices"],
    queryFn: () => api.partnerList({ ...q, offset: 0, limit: 500 }).then((p) => p.rows),
    enabled,
  });
}

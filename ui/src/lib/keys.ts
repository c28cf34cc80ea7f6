// Query keys, one family per thing the window shows. The first element is the *domain* a
// command or a synced change invalidates (`ipc/invalidates.ts`); the rest narrows it.
import type { AuditQuery } from "../gen/AuditQuery";
import type { DraftEffectQuery } from "../gen/DraftEffectQuery";
import type { DraftPersonQuery } from "../gen/DraftPersonQuery";
import type { HierarchyTreeQuery } from "../gen/HierarchyTreeQuery";
import type { MemberListQuery } from "../gen/MemberListQuery";
import type { PartnerListQuery } from "../gen/PartnerListQuery";
import type { RoleListQuery } from "../gen/RoleListQuery";
import type { VisibilityQuery } from "../gen/VisibilityQuery";
import type { WhyPermissionQuery } from "../gen/WhyPermissionQuery";
import type { WhyRecordQuery } from "../gen/WhyRecordQuery";
import type { PasswordCheckRequest } from "../gen/PasswordCheckRequest";
import type { PartnerRef } from "../gen/PartnerRef";
import type { ActivityDetailRequest } from "../gen/ActivityDetailRequest";
import type { ActivitySummaryRequest } from "../gen/ActivitySummaryRequest";
import type { CustomerQuery } from "../gen/CustomerQuery";
import type { AccessReportQuery } from "../gen/AccessReportQuery";
import type { ReviewItemsQuery } from "../gen/ReviewItemsQuery";

export type Domain =
  | "session" | "members" | "roles" | "catalog" | "hierarchy" | "partners" | "people" | "visibility" | "items"
  | "sharing" | "audit" | "drafts" | "why" | "outbox" | "email" | "sync" | "previews" | "password_check" | "reports"
  | "reviews" | "backup" | "link";

type Paging = "offset" | "limit";

export const keys = {
  session: ["session"] as const,
  /** A trellis:// link waiting for the window: taken once, read again when the shell pokes. */
  link: ["link"] as const,
  members: (q: Omit<MemberListQuery, Paging>) => ["members", q] as const,
  roles: (q: RoleListQuery) => ["roles", q] as const,
  catalog: ["catalog"] as const,
  hierarchy: ["hierarchy", "roles"] as const,
  hierarchyTree: (q: HierarchyTreeQuery) => ["hierarchy", "tree", q] as const,
  partners: (q: Omit<PartnerListQuery, Paging>) => ["partners", q] as const,
  people: (q: PartnerRef) => ["people", q.account_id, q] as const,
  visibility: (q: VisibilityQuery) => ["visibility", q] as const,
  items: ["items"] as const,
  sharing: ["sharing"] as const,
  audit: (q: Omit<AuditQuery, Paging>) => ["audit", q] as const,
  drafts: ["drafts", "list"] as const,
  draft: (id: string) => ["drafts", "one", id] as const,
  effect: (q: DraftEffectQuery) => ["drafts", "effect", q] as const,
  effectPerson: (q: DraftPersonQuery) => ["drafts", "person", q] as const,
  whyPermission: (q: WhyPermissionQuery) => ["why", "permission", q] as const,
  whyRecord: (q: WhyRecordQuery) => ["why", "record", q] as const,
  outbox: ["outbox"] as const,
  email: ["email"] as const,
  sync: ["sync", "status"] as const,
  syncQueue: ["sync", "queue"] as const,
  joinProgress: ["sync", "join"] as const,
  previews: ["previews"] as const,
  passwordCheck: (q: PasswordCheckRequest) => ["password_check", q] as const,
  activitySummary: (q: ActivitySummaryRequest) => ["reports", "activity", "summary", q] as const,
  activityDetail: (q: ActivityDetailRequest) => ["reports", "activity", "detail", q] as const,
  customers: (q: CustomerQuery) => ["reports", "customers", q] as const,
  dashboards: ["reports", "dashboards"] as const,
  // Under "why": whatever changes someone's permissions changes this report too.
  access: (q: AccessReportQuery) => ["why", "access", q] as const,
  reviews: ["reviews", "list"] as const,
  backup: ["backup"] as const,
  reviewItems: (q: ReviewItemsQuery) => ["reviews", "items", q] as const,
  // Findings read people's access and sign-ins: under "reviews", which people changes touch.
  reviewFindings: (days: number) => ["reviews", "findings", days] as const,
};

// The hierarchy in tree order (from Rust's Euler tour). Partner branches start collapsed to
// one line per account; any node with children can be opened or closed. While searching,
// everything found is shown open, with the matches highlighted.
import { ActionIcon, Badge, Group, Text } from "@mantine/core";
import { IconBuildingStore, IconChevronDown, IconChevronRight, IconSitemap } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import type { TreeNode } from "../../ipc";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function HierarchyTree({ nodes, searching }: { nodes: TreeNode[]; searching: boolean }) {
  // Explicit choices override the default (partner branch tops closed, the rest open).
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  const hasChildren = useMemo(() => new Set(nodes.map((n) => n.parent_id).filter(Boolean) as string[]), [nodes]);
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const isBranchTop = (n: TreeNode) => !!n.account_id && !(n.parent_id && byId.get(n.parent_id)?.account_id);
  const isOpen = (n: TreeNode) => (searching ? true : toggled[n.id] ?? !isBranchTop(n));
  const visible: TreeNode[] = [];
  let hideDeeperThan = Infinity;
  for (const n of nodes) {
    if (n.depth > hideDeeperThan) continue;
    hideDeeperThan = Infinity;
    visible.push(n);
    if (hasChildren.has(n.id) && !isOpen(n)) hideDeeperThan = n.depth;
  }
  return (
    <div data-testid="hierarchy-tree">
      {visible.map((n) => {
        const open = isOpen(n);
        const top = isBranchTop(n);
        return (
          <Group key={n.id} gap={6} pl={n.depth * 22} py={3} wrap="nowrap" data-testid="hierarchy-node" data-name={n.name}
            data-parent={n.parent_id ? byId.get(n.parent_id)?.name ?? "" : ""}>
            {hasChildren.has(n.id) ? (
              <ActionIcon size="sm" variant="subtle" color="gray" onClick={() => setToggled((t) => ({ ...t, [n.id]: !open }))}
                aria-label={`${open ? "Collapse" : "Expand"} ${n.name}`} data-testid="hierarchy-toggle">
                {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
              </ActionIcon>
            ) : (
              <span style={{ width: 22 }} />
            )}
            {n.account_id ? <IconBuildingStore size={16} color="var(--mantine-color-grape-6)" /> : <IconSitemap size={16} />}
            <Text size="sm" fw={n.matched ? 700 : 500} c={n.matched ? "blue" : undefined}>{n.name}</Text>
            {top && <Badge size="xs" color="grape" variant="light">{n.account_name}</Badge>}
            {n.members > 0 && <Badge size="xs" color="gray" variant="light">{plural(n.members, "member", "members")}</Badge>}
            {n.users > 0 && <Badge size="xs" color="teal" variant="light">{plural(n.users, "partner user", "partner users")}</Badge>}
            {hasChildren.has(n.id) && (
              <Text size="xs" c="dimmed" data-testid="hierarchy-below">{plural(n.people_below, "person", "people")} here and below</Text>
            )}
          </Group>
        );
      })}
      {searching && nodes.length === 0 && <Text c="dimmed" size="sm">Nothing matches.</Text>}
    </div>
  );
}

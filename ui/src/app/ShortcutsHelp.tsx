// "?" — the keyboard shortcuts, in one place (issue 22).
import { Kbd, Modal, Table } from "@mantine/core";

export const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ["Ctrl", "K"], what: "Jump to a screen, person, role or partner account" },
  { keys: ["/"], what: "Search on the current list (Users, Partners, Audit log, Role hierarchy)" },
  { keys: ["Esc"], what: "Close the dialog or drawer on top" },
  { keys: ["?"], what: "Show these shortcuts" },
  { keys: ["Tab"], what: "Move to the next control; Shift+Tab goes back" },
];

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" centered>
      <Table withRowBorders={false} verticalSpacing={6} data-testid="shortcuts-help">
        <Table.Tbody>
          {SHORTCUTS.map((s) => (
            <Table.Tr key={s.what}>
              <Table.Td w={130}>{s.keys.map((k, i) => <span key={k}>{i > 0 && " + "}<Kbd>{k}</Kbd></span>)}</Table.Td>
              <Table.Td>{s.what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}

// Settings › Backup (issue 17): when the last backup was made and where, as Rust says;
// *Back up now* asks Rust and says where the copy went; a refusal is shown, not swallowed.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { callsOf, mockIpc } from "../../test/ipc";
import { renderUi } from "../../test/render";
import { BackupCard } from "./BackupCard";

describe("BackupCard", () => {
  it("says there was no backup yet, then makes one and says where", async () => {
    mockIpc({
      settings_backup_info: { database: "/home/dana/.local/share/trellis/trellis.db", last_at: null },
      workspace_backup_now: { path: "/home/dana/Downloads/trellis-backup-1.db", bytes: 3 << 20, at: 1 },
    });
    const { user } = renderUi(<BackupCard />);
    expect(await screen.findByTestId("backup-last")).toHaveTextContent("Never backed up from this computer.");
    expect(screen.getByTestId("backup-card")).toHaveTextContent("/home/dana/.local/share/trellis/trellis.db");
    await user.click(screen.getByTestId("backup-now"));
    expect(await screen.findByText("Backup saved: /home/dana/Downloads/trellis-backup-1.db (3.0 MB).")).toBeInTheDocument();
    expect(callsOf("workspace_backup_now")).toHaveLength(1);
  });

  it("shows the last backup, and Rust's refusal", async () => {
    mockIpc({
      settings_backup_info: { database: "/d/trellis.db", last_at: Date.UTC(2026, 11, 2, 9, 30), last_path: "/b/trellis-backup.db" },
      workspace_backup_now: () => { throw { code: "invalid", field: "file", message: "the file cannot be written: disk full" }; },
    });
    const { user } = renderUi(<BackupCard />);
    await waitFor(() => expect(screen.getByTestId("backup-last")).toHaveTextContent("/b/trellis-backup.db"));
    await user.click(screen.getByTestId("backup-now"));
    expect(await screen.findByText("the file cannot be written: disk full")).toBeInTheDocument();
  });
});

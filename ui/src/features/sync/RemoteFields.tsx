// The shared database's address and the manager's own login: Settings and the first run.
import { Group, NumberInput, PasswordInput, Select, Stack, TextInput } from "@mantine/core";
import type { RemoteSettingsRequest, RemoteTls } from "../../ipc";
import { fieldError } from "../../lib/notify";

export type RemoteForm = RemoteSettingsRequest;

export function emptyRemote(): RemoteForm {
  return { host: "", port: 5432, database: "trellis", user: "", password: "", tls: "require" };
}

const TLS: { value: RemoteTls; label: string }[] = [
  { value: "require", label: "Require TLS" },
  { value: "verify_full", label: "Require TLS and verify the server (CA file)" },
  { value: "disable", label: "No TLS (a trusted network only)" },
];

export function RemoteFields({ value, onChange, error, disabled }: {
  value: RemoteForm;
  onChange: (v: RemoteForm) => void;
  error: unknown;
  disabled?: boolean;
}) {
  const set = (patch: Partial<RemoteForm>) => onChange({ ...value, ...patch });
  return (
    <Stack gap="sm">
      <Group align="start" grow>
        <TextInput label="Host" placeholder="db.example.com" value={value.host} disabled={disabled}
          onChange={(e) => set({ host: e.currentTarget.value })} error={fieldError(error, "host")} data-testid="remote-host" />
        <NumberInput label="Port" min={1} max={65535} value={value.port} disabled={disabled} maw={120}
          onChange={(v) => set({ port: Number(v) || 0 })} error={fieldError(error, "port")} data-testid="remote-port" />
      </Group>
      <Group align="start" grow>
        <TextInput label="Database" value={value.database} disabled={disabled}
          onChange={(e) => set({ database: e.currentTarget.value })} error={fieldError(error, "database")}
          data-testid="remote-database" />
        <TextInput label="Your database login" placeholder="each manager has their own" value={value.user}
          disabled={disabled} onChange={(e) => set({ user: e.currentTarget.value })} error={fieldError(error, "user")}
          data-testid="remote-user" />
      </Group>
      <PasswordInput label="Password" description="Kept in this computer's OS keyring, never in a file."
        value={value.password} disabled={disabled}
        onChange={(e) => set({ password: e.currentTarget.value })}
        error={fieldError(error, "password")} data-testid="remote-password" />
      <Select label="Connection security" data={TLS} value={value.tls} allowDeselect={false} disabled={disabled}
        onChange={(v) => set({ tls: (v ?? "require") as RemoteTls })} data-testid="remote-tls" />
      {value.tls === "verify_full" && (
        <TextInput label="CA certificate file" placeholder="/etc/ssl/certs/company-ca.pem" value={value.ca_file ?? ""}
          disabled={disabled} onChange={(e) => set({ ca_file: e.currentTarget.value })} error={fieldError(error, "ca_file")} />
      )}
    </Stack>
  );
}

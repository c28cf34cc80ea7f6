// Report periods as the manager thinks of them ("this quarter"), turned into the whole
// local days Rust counts in the window's own time zone.
export type Preset = "30d" | "quarter" | "last_quarter" | "12m" | "year" | "custom";

export const PRESETS: { value: Preset; label: string }[] = [
  { value: "30d", label: "Last 30 days" },
  { value: "quarter", label: "This quarter" },
  { value: "last_quarter", label: "Last quarter" },
  { value: "12m", label: "Last 12 months" },
  { value: "year", label: "This year" },
  { value: "custom", label: "Custom" },
];

export const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

function iso(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The first and last day of `preset`, counted from `today`. */
export function presetRange(preset: Exclude<Preset, "custom">, today = new Date()): { from: string; to: string } {
  const y = today.getFullYear();
  const m = today.getMonth();
  const q = Math.floor(m / 3) * 3;
  switch (preset) {
    case "30d":
      return { from: iso(new Date(y, m, today.getDate() - 29)), to: iso(today) };
    case "quarter":
      return { from: iso(new Date(y, q, 1)), to: iso(new Date(y, q + 3, 0)) };
    case "last_quarter":
      return { from: iso(new Date(y, q - 3, 1)), to: iso(new Date(y, q, 0)) };
    case "12m":
      return { from: iso(new Date(y, m - 11, 1)), to: iso(today) };
    case "year":
      return { from: iso(new Date(y, 0, 1)), to: iso(new Date(y, 11, 31)) };
  }
}

export const TYPE_LABELS = { call: "Calls", email: "Emails", meeting: "Meetings", task: "Tasks" } as const;
export const TYPE_COLORS = { call: "blue.7", email: "teal.8", meeting: "grape.7", task: "orange.8" } as const;

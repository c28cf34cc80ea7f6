// RPT-5's "As of": a date and time on this machine's clock, empty for now, with a *Now*
// button to come back. Every screen that can answer for a past moment uses this one field.
import { Button, Group, TextInput } from "@mantine/core";

/** A `datetime-local` value as epoch milliseconds (this machine's zone), or null. */
export function momentOf(value: string): number | null {
  if (!value) return null;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? null : t;
}

export function AsOfInput({ value, onChange, testId, size }: {
  value: string;
  onChange: (value: string) => void;
  testId: string;
  size?: "xs";
}) {
  return (
    <Group gap={4} align="end">
      <TextInput label="As of" type="datetime-local" value={value} onChange={(e) => onChange(e.currentTarget.value)} w={210}
        size={size} description="Empty: now" data-testid={testId} />
      {value && <Button variant="subtle" size="xs" onClick={() => onChange("")}>Now</Button>}
    </Group>
  );
}

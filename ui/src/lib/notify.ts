import { notifications } from "@mantine/notifications";
import { ApiError } from "../ipc";

export function notifySuccess(message: string) {
  notifications.show({ color: "teal", title: "Done", message, autoClose: 3500 });
}

/** Shows a refusal from Rust as Rust phrased it. */
export function notifyError(e: unknown, title = "Not done") {
  const message = e instanceof ApiError || e instanceof Error ? e.message : String(e);
  notifications.show({ color: "red", title, message, autoClose: 7000 });
}

/** The message for `field`, when the error names it (to show next to that input). */
export function fieldError(e: unknown, field: string): string | undefined {
  return e instanceof ApiError && e.field === field ? e.message : undefined;
}

/** A refusal's message as Rust phrased it, for an inline alert. */
export function errorMessage(e: unknown): string {
  return e instanceof ApiError || e instanceof Error ? e.message : String(e);
}

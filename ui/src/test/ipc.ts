// The IPC in component tests: each test says what Rust answers to which command; a command
// it did not expect fails the test with its name. Calls are recorded, to assert on.
import type { RuleError } from "../gen/RuleError";

type Handler = (req: unknown) => unknown;

let handlers: Record<string, Handler> = {};
export const calls: { command: string; req: unknown }[] = [];

export function mockIpc(table: Record<string, Handler | object | null>) {
  for (const [command, h] of Object.entries(table)) {
    handlers[command] = typeof h === "function" ? (h as Handler) : () => structuredClone(h);
  }
}

export function resetIpc() {
  handlers = {};
  calls.length = 0;
  listeners.clear();
}

/** Events the shell sends the window (`listen` in src/ipc): a test emits them. */
const listeners = new Map<string, Set<(e: { payload: unknown }) => void>>();

export async function listenMock(event: string, handler: (e: { payload: unknown }) => void): Promise<() => void> {
  const set = listeners.get(event) ?? new Set();
  set.add(handler);
  listeners.set(event, set);
  return () => set.delete(handler);
}

export function emitEvent(event: string, payload: unknown = null) {
  for (const h of listeners.get(event) ?? []) h({ payload });
}

/** A refusal as Rust sends it. */
export function refuse(e: RuleError): never {
  throw e;
}

export async function invokeMock(command: string, args?: { req?: unknown }): Promise<unknown> {
  const req = args?.req;
  calls.push({ command, req });
  const h = handlers[command];
  if (!h) throw { code: "internal", message: `test: no answer for ${command}` };
  return h(req);
}

export function callsOf(command: string): unknown[] {
  return calls.filter((c) => c.command === command).map((c) => c.req);
}

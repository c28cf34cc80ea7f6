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

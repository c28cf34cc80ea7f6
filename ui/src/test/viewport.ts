// jsdom lays nothing out, so a virtualised list draws no rows; this gives every element a
// viewport's size for the tests of one file.
import { afterAll, beforeAll } from "vitest";

export function withViewport(width = 1000, height = 600) {
  const saved = ["clientWidth", "clientHeight"].map((p) => [p, Object.getOwnPropertyDescriptor(HTMLElement.prototype, p)] as const);
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => width });
    Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => height });
  });
  afterAll(() => {
    for (const [p, d] of saved) {
      if (d) Object.defineProperty(HTMLElement.prototype, p, d);
      else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[p];
    }
  });
}

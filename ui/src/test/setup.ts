// What jsdom lacks and Mantine needs, and a fresh query cache and IPC table per test.
import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { notifications } from "@mantine/notifications";
import { afterEach, vi } from "vitest";
import { queryClient } from "../lib/queryClient";
import { resetIpc } from "./ipc";

vi.mock("@tauri-apps/api/core", async () => {
  const { invokeMock } = await import("./ipc");
  return { invoke: invokeMock, isTauri: () => true };
});
vi.mock("@tauri-apps/api/event", async () => {
  const { listenMock } = await import("./ipc");
  return { listen: listenMock };
});

Object.defineProperty(window, "matchMedia", {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver = window.ResizeObserver ?? (ResizeObserverStub as unknown as typeof ResizeObserver);
window.HTMLElement.prototype.scrollIntoView = function scrollIntoView() {};
window.HTMLElement.prototype.hasPointerCapture = () => false;
window.HTMLElement.prototype.releasePointerCapture = () => undefined;

afterEach(() => {
  cleanup();
  queryClient.clear();
  resetIpc();
  // Notifications live in one store for the whole run (files are not isolated): a test's
  // leftovers would fill the queue and hold back the next test's own message.
  notifications.clean();
  notifications.cleanQueue();
});

// The password checklist is Rust's policy, checked as the person types (PU-3, WS-4).
import { screen, waitFor } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import type { PasswordCheckRequest } from "../../gen/PasswordCheckRequest";
import { mockIpc } from "../../test/ipc";
import { renderUi } from "../../test/render";
import { PasswordChecklist } from "./PasswordChecklist";

function Typing() {
  const [pw, setPw] = useState("");
  return (
    <>
      <input aria-label="Password" value={pw} onChange={(e) => setPw(e.currentTarget.value)} />
      <PasswordChecklist password={pw} email="dana@acme.test" />
    </>
  );
}

describe("PasswordChecklist", () => {
  it("marks each rule as Rust judged the typed password", async () => {
    mockIpc({
      password_check: (req) => {
        const { password } = req as PasswordCheckRequest;
        const rules = [
          { id: "length", label: "At least 12 characters", passed: password.length >= 12 },
          { id: "email", label: "Not your email address", passed: !password.includes("dana") },
        ];
        return { ok: rules.every((r) => r.passed), length: password.length, rules };
      },
    });
    const { user } = renderUi(<Typing />);
    await user.type(screen.getByLabelText("Password"), "dana-short");
    // What is typed is judged once typing pauses: both rules fail on "dana-short".
    await waitFor(() => {
      expect(document.querySelector("[data-rule=length]")).toHaveAttribute("data-passed", "false");
      expect(document.querySelector("[data-rule=email]")).toHaveAttribute("data-passed", "false");
    });
    await user.clear(screen.getByLabelText("Password"));
    await user.type(screen.getByLabelText("Password"), "correct horse battery");
    await waitFor(() => {
      expect(document.querySelector("[data-rule=length]")).toHaveAttribute("data-passed", "true");
      expect(document.querySelector("[data-rule=email]")).toHaveAttribute("data-passed", "true");
    });
  });
});

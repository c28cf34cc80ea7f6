// Runs axe-core (injected beforehand) on the page as it is; answers with the violations
// as JSON, or "ERROR …". Shared by the window e2e (tests/e2e/axe.rs) and the portal's
// Chromium test: WCAG 2.1 A and AA and axe's best practices, colour contrast included.
const done = arguments[arguments.length - 1];
// Toasts close on their own timers and fade as they go: one that starts fading while axe
// runs is measured against a blend nobody reads (seen as 1.1:1 on a toast's title). They
// are left out; the screens under them are what is checked.
const context = { include: [document], exclude: [[".mantine-Notifications-root"]] };
axe.run(context, { resultTypes: ["violations"], runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } })
  .then((r) => done(JSON.stringify(r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    // Each element, with what axe found wrong with it (the first failed check's words).
    nodes: v.nodes.slice(0, 6).map((n) => {
      const why = [...n.any, ...n.all, ...n.none].find((c) => c.message);
      return n.target.join(" ") + (why ? ` {${why.message}}` : "");
    }),
  })))))
  .catch((e) => done("ERROR " + e));

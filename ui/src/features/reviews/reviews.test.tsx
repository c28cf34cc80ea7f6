// Access reviews (RPT-4) in the window: the campaigns and items are Rust's; a decision asks
// Rust for exactly the person (or, in bulk, the filter shown); completing says what goes to
// a draft and that undecided people keep their access — and shows the draft Rust made.
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ReviewDecideRequest } from "../../gen/ReviewDecideRequest";
import type { ReviewItemsQuery } from "../../gen/ReviewItemsQuery";
import { callsOf, mockIpc } from "../../test/ipc";
import { session } from "../../test/fixtures";
import { renderUi } from "../../test/render";
import { ReviewsPage } from "./ReviewsPage";
import { endOfDay } from "./StartReviewDrawer";

const review = {
  id: "r1", name: "Q4 partner review", people: "partner_users", scope: "Partner users", changed_only: false,
  due: Date.UTC(2026, 11, 20), overdue: false, due_soon: false, reminded_at: null, status: "open", started_by: "Olivia", started_at: 0, fallback: "Olivia",
  completed_at: null, counts: { items: 2, undecided: 1, keep: 1, revoke: 0, change: 0 }, mine_undecided: 1, can_complete: true,
};

const item = (email: string, decided: boolean) => ({
  person: { kind: "contact", id: email }, name: email.split("@")[0], email, account: "Globex",
  roles: [{ id: "std", name: "Standard Partner Center" }], changed: false, reviewer: "Olivia", mine: true,
  last_sign_in: null, given_at: Date.UTC(2026, 9, 1), given_by: "olivia@acme.test", permissions: ["partners.read"],
  decision: decided ? { verdict: { verdict: "keep" }, comment: "Still sells", by: "Olivia", at: Date.UTC(2026, 10, 2) } : undefined,
});

function items(q: ReviewItemsQuery) {
  const rows = [item("ann@globex.test", true), item("bo@globex.test", false)].filter((r) => r.email.includes(q.filter.search));
  return { review, total: rows.length, offset: 0, rows, roles: [{ id: "adv", name: "Advanced Partner Center", audience: "partner" }] };
}

const runner = () => session(["partner_users.read", "partner_users.update", "special.manage_partner_access", "audit_log.read", "special.export"]);

describe("ReviewsPage", () => {
  it("lists Rust's items with who gave the access, and says undecided people keep it", async () => {
    mockIpc({ review_list: [review], review_items: (q) => items(q as ReviewItemsQuery) });
    renderUi(<ReviewsPage session={runner()} />);
    await waitFor(() => expect(screen.getAllByTestId("review-item")).toHaveLength(2));
    expect(screen.getByTestId("review-undecided-note")).toHaveTextContent("nothing is revoked without a decision");
    const ann = screen.getAllByTestId("review-item")[0] as HTMLElement;
    expect(ann).toHaveTextContent("by olivia@acme.test");
    expect(ann).toHaveTextContent("“Still sells”");
    expect(screen.getByTestId("review-counts")).toHaveTextContent("1 keep · 0 revoke · 0 change · 1 undecided");
  });

  it("decides one person, and in bulk sends the filter shown (undecided ones only) — never a list made here", async () => {
    mockIpc({
      review_list: [review],
      review_items: (q) => items(q as ReviewItemsQuery),
      review_decide: { decided: 1, review },
    });
    const { user } = renderUi(<ReviewsPage session={runner()} />);
    await waitFor(() => expect(screen.getAllByTestId("review-item")).toHaveLength(2));
    await user.type(screen.getByTestId("review-comment"), "Left the company");
    const bo = screen.getAllByTestId("review-item")[1] as HTMLElement;
    await user.click(within(bo).getByTestId("review-revoke"));
    await waitFor(() => expect(callsOf("review_decide")).toHaveLength(1));
    const one = callsOf("review_decide")[0] as ReviewDecideRequest;
    expect(one).toMatchObject({ review_id: "r1", verdict: "revoke", comment: "Left the company", people: [{ kind: "contact", id: "bo@globex.test" }] });
    await user.type(screen.getByTestId("review-search"), "bo@");
    await waitFor(() => expect(screen.getAllByTestId("review-item")).toHaveLength(1));
    await user.click(screen.getByTestId("review-bulk-keep"));
    await waitFor(() => expect(callsOf("review_decide")).toHaveLength(2));
    const bulk = callsOf("review_decide")[1] as ReviewDecideRequest;
    expect(bulk.people).toEqual([]);
    expect(bulk.filter?.search).toBe("bo@");
    expect(bulk.filter?.decision).toBe("undecided");
    expect(bulk.verdict).toBe("keep");
  });

  it("completes after saying what goes to a draft, then names the draft Rust made", async () => {
    const draft = { row: { name: "Access review: Q4 partner review" }, steps: [{ index: 0 }] };
    mockIpc({
      review_list: [review],
      review_items: (q) => items(q as ReviewItemsQuery),
      review_complete: { review: { ...review, status: "completed" }, draft, undecided: 1, already_done: 0 },
    });
    const { user } = renderUi(<ReviewsPage session={runner()} />);
    await user.click(await screen.findByTestId("review-complete"));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("1 undecided person keeps their access as it is");
    await user.click(within(dialog).getByRole("button", { name: "Complete review" }));
    expect(await screen.findByTestId("review-completed-note")).toHaveTextContent("Draft “Access review: Q4 partner review” holds 1 change");
    expect(callsOf("review_complete")).toEqual([{ review_id: "r1" }]);
  });

  it("offers no campaign controls to a reviewer who may not run one", async () => {
    mockIpc({ review_list: [{ ...review, can_complete: false }], review_items: (q) => items(q as ReviewItemsQuery) });
    renderUi(<ReviewsPage session={session(["partner_users.read"])} />);
    await waitFor(() => expect(screen.getAllByTestId("review-item")).toHaveLength(2));
    expect(screen.queryByTestId("review-new")).toBeNull();
    expect(screen.queryByTestId("review-complete")).toBeNull();
    expect(screen.queryByTestId("review-evidence")).toBeNull();
  });

  it("lists Rust's findings and makes the draft of one, asking with the quiet days shown", async () => {
    const finding = (kind: string, n: number) => ({
      kind, title: `${kind} title`, remedy: "Revoke their portal access", total: n,
      rows: Array.from({ length: n }, (_, i) => ({ person: { kind: "contact", id: `c${i}` }, name: `P${i}`, detail: "x", why: "never signed in" })),
    });
    mockIpc({
      review_list: [],
      review_findings: (q) => ({ quiet_days: (q as { quiet_days: number }).quiet_days, findings: [finding("quiet_partner_users", 2), finding("unused_powers", 0)] }),
      review_finding_draft: { row: { name: "Findings: quiet partner users" }, steps: [{}, {}] },
    });
    const { user } = renderUi(<ReviewsPage session={runner()} />);
    await user.click(await screen.findByText("Findings"));
    await waitFor(() => expect(screen.getAllByTestId("finding")).toHaveLength(2));
    expect(screen.getAllByTestId("finding-draft")).toHaveLength(1);
    await user.click(screen.getByTestId("finding-draft"));
    await waitFor(() => expect(callsOf("review_finding_draft")).toEqual([{ kind: "quiet_partner_users", quiet_days: 30 }]));
  });

  it("turns the due day into the end of that day", () => {
    expect(new Date(endOfDay("2026-12-20")).getHours()).toBe(23);
    expect(endOfDay("not a date")).toBe(0);
  });

  it("shows a campaign due soon and queues a reminder for its reviewers", async () => {
    const soon = { ...review, due_soon: true, reminded_at: Date.UTC(2026, 11, 1) };
    mockIpc({
      review_list: [soon], review_items: (q) => items(q as ReviewItemsQuery),
      review_remind: { reviewers: ["olivia@acme.test", "hugo@acme.test"], at: Date.UTC(2026, 11, 2) },
    });
    renderUi(<ReviewsPage session={runner()} />);
    expect(await screen.findByTestId("review-due-soon")).toHaveTextContent("Due soon");
    expect(screen.getByTestId("review-detail")).toHaveTextContent("reviewers reminded");
    screen.getByTestId("review-remind").click();
    await waitFor(() => expect(callsOf("review_remind")).toEqual([{ review_id: "r1" }]));
    expect(await screen.findByText(/Reminder queued for 2 reviewers: olivia@acme.test, hugo@acme.test/)).toBeInTheDocument();
  });
});

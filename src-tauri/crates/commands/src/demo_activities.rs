//! The demo's year of partner activity (RPT-1): calls, emails, meetings and tasks by the
//! partner users and channel managers, about customers each of them can see, on working
//! days over the twelve months before the demo was made.

use crate::engine::{now, Trellis};
use crate::ApiResult;
use trellis_core::visibility::{viewer, visible_records};
use trellis_core::{Action, ActivityFacts, ActivityType, Op, Permission, Person, RecordId, RecordKind, Resource};

const SUBJECTS: [(ActivityType, &[&str]); 4] = [
    (ActivityType::Call, &["Intro call", "Pricing follow-up", "Renewal check-in", "Escalation call", "Budget call"]),
    (ActivityType::Email, &["Sent proposal", "Shared datasheets", "Quote revision", "Deal registration sent"]),
    (
        ActivityType::Meeting,
        &["Quarterly business review", "Technical workshop", "On-site survey", "Executive briefing"],
    ),
    (ActivityType::Task, &["Prepare bill of materials", "Update forecast", "Book demo lab", "Chase purchase order"]),
];

const DAY: i64 = 86_400_000;

/// A small deterministic generator: the demo is the same every time it is made.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

impl Trellis {
    /// Logs `per_person` activities for everyone in `people` who may work on opportunities.
    pub(crate) async fn demo_activities(&self, people: &[Person], per_person: u64) -> ApiResult<()> {
        let today = now() / DAY * DAY;
        let mut dice = Dice(20_260_101);
        for (n, person) in people.iter().enumerate() {
            let customers: Vec<RecordId> = {
                let inner = self.read().await;
                let state = &inner.state;
                let Some(v) = viewer(state, *person) else { continue };
                if !v.permissions.contains(Permission::Crud(Resource::Opportunities, Action::Read)) {
                    continue;
                }
                visible_records(state, &v, Some(RecordKind::Customer)).iter().map(|r| r.id).collect()
            };
            // Busier people log more; everyone's pace varies over the year.
            let count = per_person + (n as u64 % 3) * per_person / 2;
            for _ in 0..count {
                let (kind, subjects) = SUBJECTS[dice.roll(4) as usize];
                let subject = subjects[dice.roll(subjects.len() as u64) as usize];
                let mut day = today - (1 + dice.roll(365) as i64) * DAY;
                // Working days only (1970-01-01 was a Thursday: days 2 and 3 mod 7 are weekends).
                if matches!((day / DAY).rem_euclid(7), 2 | 3) {
                    day -= 2 * DAY;
                }
                let at = day + (8 * 60 + dice.roll(10 * 60) as i64) * 60_000;
                let customer = (!customers.is_empty() && dice.roll(5) != 0)
                    .then(|| customers[dice.roll(customers.len() as u64) as usize]);
                let op = Op::LogActivity {
                    id: RecordId::new_v7(),
                    owner: *person,
                    subject: subject.into(),
                    facts: ActivityFacts { kind, at, customer },
                    segments: Default::default(),
                };
                self.execute(op).await?;
            }
        }
        Ok(())
    }
}

//! RPT-1 through the command layer: activities a member logs are counted in the summary
//! and listed in the detail after the workspace is reopened (the facts live in SQLite);
//! the CSV export quotes every cell and defuses spreadsheet formulas; bad filters are
//! refused naming their field and change nothing; logging is refused inside a draft.

use crate::support::*;
use trellis_core::reports::period::Bucket;
use trellis_core::wire::*;
use trellis_core::{ActivityType, ErrorCode};

/// 2026-03-02T09:30:00Z and 2026-03-03T23:30:00Z (already the 4th in Paris).
const MONDAY: i64 = 1_772_443_800_000;
const LATE_TUESDAY: i64 = 1_772_580_600_000;

fn filter(from: &str, to: &str) -> ActivityFilterRequest {
    ActivityFilterRequest { from: from.into(), to: to.into(), tz: Some("Europe/Paris".into()), ..Default::default() }
}

fn log(kind: ActivityType, subject: &str, at: i64) -> ActivitySaveRequest {
    ActivitySaveRequest { id: None, version: None, kind, subject: subject.into(), at, customer_id: None }
}

async fn csv_rows(t: &trellis_commands::Trellis, summary: bool) -> Vec<Vec<String>> {
    let mut bytes = Vec::new();
    let req = ActivityExportRequest { filter: filter("2026-03-01", "2026-03-31"), summary, search: String::new() };
    let rows = t.report_activity_csv(req, &mut bytes).await.unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let read: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    assert_eq!(read.len() as u32, rows, "the count returned is the rows written");
    read
}

#[tokio::test]
async fn logged_activities_are_reported_exported_and_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let t = fresh_in(dir.path()).await;
    let hostile = "=HYPERLINK(\"http://x.test\",\"Open\")";
    t.activity_save(log(ActivityType::Call, hostile, MONDAY)).await.unwrap();
    let saved = t.activity_save(log(ActivityType::Meeting, "Review, \"Q1\" plan", LATE_TUESDAY)).await.unwrap();
    // An edit at a stale version is refused, naming the field.
    let stale = ActivitySaveRequest {
        id: Some(saved.id.to_string()),
        version: Some(9),
        ..log(ActivityType::Task, "x", MONDAY)
    };
    assert_eq!(t.activity_save(stale).await.unwrap_err().field.as_deref(), Some("version"));
    drop(t);

    let t = owner_signed_in(&dir.path().join("trellis.db")).await;
    let s = t
        .report_activity_summary(ActivitySummaryRequest {
            filter: filter("2026-03-01", "2026-03-31"),
            bucket: Bucket::Day,
            expand: None,
        })
        .await
        .unwrap();
    assert_eq!((s.total, s.by_type.call, s.by_type.meeting), (2, 1, 1));
    assert_eq!(s.rows.len(), 1);
    assert_eq!(s.rows[0].name, "Internal (members)");
    // Days are Paris days: 23:30 UTC on the 3rd is the 4th there.
    let on = |day: &str| {
        let i = s.buckets.iter().position(|b| b == day).unwrap();
        s.series.iter().map(|x| x.counts[i]).sum::<u32>()
    };
    assert_eq!((on("2026-03-02"), on("2026-03-03"), on("2026-03-04")), (1, 0, 1));

    let page = t
        .report_activity_detail(ActivityDetailRequest {
            filter: filter("2026-03-01", "2026-03-31"),
            search: "q1".into(),
            sort: ActivitySort::At,
            descending: false,
            page: 0,
            page_size: None,
        })
        .await
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!((page.rows[0].when.as_str(), page.rows[0].by.as_str()), ("2026-03-04 00:30", "Olivia Owner"));
    assert!(page.rows[0].write, "the Owner may edit it");

    let detail = csv_rows(&t, false).await;
    assert_eq!(detail.len(), 2);
    assert_eq!(detail[0][2], format!("'{hostile}"), "a formula is written as text");
    assert_eq!(detail[1][2], "Review, \"Q1\" plan", "commas and quotes survive the round trip");
    let summary = csv_rows(&t, true).await;
    assert_eq!(summary[0][0], "Internal (members)");
    assert_eq!(summary[0][2], "2");
}

#[tokio::test]
async fn bad_filters_name_their_field_and_a_draft_refuses_logging() {
    let (_dir, t) = fresh().await;
    let before = t.audit_list(AuditQuery::default()).await.unwrap().total;
    let cases = [
        (ActivityFilterRequest { tz: Some("Mars/Olympus".into()), ..filter("2026-01-01", "2026-01-31") }, "tz"),
        (filter("2026-02-30", "2026-03-31"), "from"),
        (filter("2026-03-31", "2026-03-01"), "to"),
        (
            ActivityFilterRequest { partners: vec!["not an id".into()], ..filter("2026-01-01", "2026-01-31") },
            "partners",
        ),
        (
            ActivityFilterRequest {
                partners: vec!["01890000-0000-7000-8000-000000000000".into()],
                ..filter("2026-01-01", "2026-01-31")
            },
            "partners",
        ),
        (ActivityFilterRequest { customer: Some("<script>".into()), ..filter("2026-01-01", "2026-01-31") }, "customer"),
    ];
    for (f, field) in cases {
        let e = t
            .report_activity_summary(ActivitySummaryRequest { filter: f, bucket: Bucket::Week, expand: None })
            .await
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{e:?}");
    }
    for (req, field) in [
        (log(ActivityType::Call, "   ", MONDAY), "name"),
        (log(ActivityType::Call, "Call", 12), "at"),
        (
            ActivitySaveRequest { customer_id: Some("nope".into()), ..log(ActivityType::Call, "Call", MONDAY) },
            "customer_id",
        ),
    ] {
        let e = t.activity_save(req).await.unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{e:?}");
    }
    assert_eq!(t.audit_list(AuditQuery::default()).await.unwrap().total, before, "nothing was written");

    let draft =
        t.draft_create(DraftCreateRequest { name: "Q2 access".into(), description: String::new() }).await.unwrap();
    t.draft_open(DraftRef { draft_id: draft.row.id.clone() }).await.unwrap();
    let e = t.activity_save(log(ActivityType::Call, "Call", MONDAY)).await.unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Rule, Some("draft")), "{e:?}");
}

/// RPT-1 in the portal: a partner user logs an activity with its facts (here through a
/// preview, which calls the same `portal_record_*` as the portal server); it counts for
/// their partner in the manager's summary, edits keep the facts rules, and an activity
/// without facts — or facts on another kind — is refused naming `activity`.
#[tokio::test]
async fn a_partner_user_logs_and_edits_an_activity_in_the_portal() {
    let (_dir, t) = fresh().await;
    let (account, contacts) = globex(&t, 5, &[("Ann Lee", "ann@globex.test")]).await;
    t.partner_give_access(give_access(&contacts[0], trellis_core::Builtin::AdvancedPartnerCenter)).await.unwrap();
    let start = PreviewStartRequest {
        contact_id: contacts[0].clone(),
        reason: "Log a call".into(),
        minutes: None,
        draft_id: None,
    };
    let label = t.preview_start(start).await.unwrap().label;
    let facts = |kind, at, customer_id: Option<String>| Some(PortalActivity { kind, at, customer_id });
    let create = |name: &str, kind, activity| PortalRecordCreate {
        kind,
        name: name.into(),
        activity,
        department: None,
        location: None,
        class: None,
    };
    let customer =
        t.portal_record_create(&label, create("Initech", trellis_core::RecordKind::Customer, None)).await.unwrap();
    let refused = [
        (create("Call", trellis_core::RecordKind::Activity, None), "activity"),
        (create("Lead", trellis_core::RecordKind::Lead, facts(ActivityType::Call, MONDAY, None)), "activity"),
        (create("Call", trellis_core::RecordKind::Activity, facts(ActivityType::Call, 5, None)), "at"),
        (
            create("Call", trellis_core::RecordKind::Activity, facts(ActivityType::Call, MONDAY, Some("x".into()))),
            "customer_id",
        ),
        (
            create(
                "Call",
                trellis_core::RecordKind::Activity,
                facts(ActivityType::Call, MONDAY, Some(uuid::Uuid::now_v7().to_string())),
            ),
            "customer_id",
        ),
    ];
    for (req, field) in refused {
        let e = t.portal_record_create(&label, req).await.unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{e:?}");
    }
    let logged = t
        .portal_record_create(
            &label,
            create(
                "Kick-off",
                trellis_core::RecordKind::Activity,
                facts(ActivityType::Meeting, MONDAY, Some(customer.id.clone())),
            ),
        )
        .await
        .unwrap();
    let shown = logged.activity.as_ref().unwrap();
    assert_eq!((shown.kind, shown.customer.as_str()), (ActivityType::Meeting, "Initech"));
    let edit = PortalRecordUpdate {
        record_id: logged.id.clone(),
        version: logged.version,
        name: "Kick-off call".into(),
        activity: facts(ActivityType::Call, LATE_TUESDAY, None),
        department: None,
        location: None,
        class: None,
    };
    let edited = t.portal_record_update(&label, edit).await.unwrap();
    assert_eq!((edited.name.as_str(), edited.activity.unwrap().kind), ("Kick-off call", ActivityType::Call));

    // The manager's summary counts it for Globex.
    let req = ActivitySummaryRequest {
        filter: ActivityFilterRequest { partners: vec![account], ..filter("2026-03-01", "2026-03-31") },
        bucket: Bucket::Week,
        expand: None,
    };
    let s = t.report_activity_summary(req).await.unwrap();
    assert_eq!((s.total, s.by_type.call, s.rows[0].name.as_str()), (1, 1, "Globex"));
}

//! The command fuzzer's idea over HTTP (issue 18): every command the server answers gets
//! generated and mutated bodies — wrong types, unknown fields, huge, empty, control and
//! bidi strings, real ids of other people's things, broken JSON. Must hold for every
//! request: never a 5xx; a refusal is the `RuleError` shape; a refused request changes
//! nothing. `TRELLIS_FUZZ_ROUNDS` (default 30 per command), `TRELLIS_FUZZ_SEED` replays.
use crate::support::*;
use serde_json::{json, Map, Value};
use trellis_portal::COMMANDS;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[(self.next() % list.len() as u64) as usize]
    }
}

/// Every field name a portal request has.
const FIELDS: &[&str] = &[
    "kind",
    "search",
    "offset",
    "limit",
    "name",
    "record_id",
    "version",
    "department",
    "location",
    "class",
    "account_id",
    "email",
    "portal_role_id",
    "agent_role_id",
    "admin_role_id",
    "contact_id",
    "current_password",
    "new_password",
    "password",
];

fn value(rng: &mut Rng, ids: &[String]) -> Value {
    match rng.next() % 12 {
        0 => Value::Null,
        1 => json!((rng.next() >> 1) as i64 - i64::MAX / 2),
        2 => json!(-1),
        3 => json!("x".repeat(10_000)),
        4 => json!(""),
        5 => json!("\u{0}\u{7}\r\n\u{202e}evil\u{200b}"),
        6 => json!(rng.pick(ids)),
        7 => json!(rng.pick(&["lead", "opportunity", "customer", "activity", "LEAD", "spaceship"])),
        8 => json!([1, "two", null]),
        9 => json!({ "nested": { "deeper": [] } }),
        10 => json!(rng.pick(&["priya@globex.test", "not an email", "a@b", "ivan@initech.test"])),
        _ => json!(true),
    }
}

fn body(rng: &mut Rng, ids: &[String]) -> Vec<u8> {
    match rng.next() % 8 {
        0 => b"{\"req\": {".to_vec(),
        1 => vec![0xff, 0xfe, b'{', b'}'],
        2 => b"[]".to_vec(),
        3 => json!({}).to_string().into_bytes(),
        _ => {
            let mut req = Map::new();
            for _ in 0..(rng.next() % 5) {
                req.insert((*rng.pick(FIELDS)).to_owned(), value(rng, ids));
            }
            if rng.next().is_multiple_of(6) {
                req.insert("actor".into(), json!("olivia@acme.test"));
            }
            json!({ "req": req }).to_string().into_bytes()
        }
    }
}

#[tokio::test]
async fn fuzz_every_command_no_5xx_and_a_refusal_changes_nothing() {
    let rounds: usize = std::env::var("TRELLIS_FUZZ_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(30);
    let seed: u64 = std::env::var("TRELLIS_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x5eed_1234);
    let w = World::new().await;
    let p = w
        .serve_with("p", w.dir.path().join("no-ui"), |c| {
            c.per_ip_burst = 100_000;
            c.sign_ins_per_minute = 100_000;
        })
        .await;
    let priya = p.session("priya@globex.test", PRIYA_PW).await;
    let made =
        p.post("portal_record_create", json!({ "req": { "kind": "lead", "name": "Fuzz target" } }), Some(&priya)).await;
    let mut ids = vec![
        w.lena.clone(),
        w.ivan.clone(),
        w.globex.clone(),
        w.priya.clone(),
        made.body["id"].as_str().unwrap().to_owned(),
    ];
    ids.push(trellis_core::Builtin::GlobalAdmin.id().to_string());
    let mut rng = Rng(seed | 1);
    for (command, _) in COMMANDS {
        if command.starts_with("portal_sign_out") {
            continue; // ends the session every later call needs
        }
        for round in 0..rounds {
            let bytes = body(&mut rng, &ids);
            let before = p.trellis.snapshot().await;
            let a = p.raw(command, bytes.clone(), Some(&priya), Some(&p.origin())).await;
            let what = format!("{command} round {round} (seed {seed}): {}", String::from_utf8_lossy(&bytes));
            assert!(a.status < 500, "{what}: {a:?}");
            if a.status != 200 {
                assert!(a.body["code"].is_string() && a.body["message"].is_string(), "{what}: {a:?}");
                assert!(p.trellis.snapshot().await == before, "a refused request changed the state: {what}");
            }
        }
    }
    // Still signed in: nothing above ended Priya's session by accident.
    assert_eq!(p.post("portal_home", json!({}), Some(&priya)).await.status, 200);
}

#[tokio::test]
async fn too_many_requests_from_one_address_are_refused_in_the_error_shape() {
    let w = World::new().await;
    // One new request a second after a burst of 3: twelve at once cannot all pass, however
    // fast or slow this machine answers them.
    let p = w
        .serve_with("p", w.dir.path().join("no-ui"), |c| {
            c.per_ip_burst = 3;
            c.per_ip_per_second = 1;
        })
        .await;
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let (addr, origin) = (p.addr, p.origin());
        calls.spawn(async move { Server::raw_at(addr, "portal_home", b"{}".to_vec(), None, Some(&origin)).await });
    }
    let statuses = calls.join_all().await;
    let limited = statuses.iter().find(|a| a.status == 429).expect("a 429 after the burst");
    assert!(limited.body["message"].as_str().unwrap().contains("Too many requests"), "{limited:?}");
}

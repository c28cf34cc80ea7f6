//! The desktop app, launched for real: time from launch to its first painted screen, and
//! its resident memory then, with an empty workspace next to the generated one (issue 11).
//! The app prints one `trellis-first-screen key=value …` line and exits when
//! `TRELLIS_EXIT_AFTER_FIRST_SCREEN` is set; this side times the launch itself.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const ROUNDS: usize = 3;
const TIMEOUT: Duration = Duration::from_secs(120);

/// One launch: wall time from spawn to the report, and what the app reported.
#[derive(Clone, Debug)]
struct Launch {
    wall_ms: f64,
    fields: BTreeMap<String, f64>,
}

pub struct Figures {
    empty: Vec<Launch>,
    full: Vec<Launch>,
}

pub type Outcome = Result<Figures, String>;

fn app_path(given: Option<PathBuf>) -> Result<PathBuf, String> {
    let path = match given {
        Some(p) => p,
        None => {
            let exe = std::env::current_exe().map_err(|e| e.to_string())?;
            exe.with_file_name("trellis-app")
        }
    };
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "no desktop app at {} (build it: cd ui && npm run build; cargo build --release --bin trellis-app)",
            path.display()
        ))
    }
}

/// Launches the app on `full` and on fresh empty files in `dir`, alternately.
pub fn run(app: Option<PathBuf>, dir: &Path, full: &Path) -> Outcome {
    let app = app_path(app)?;
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        return Err("no display (run the bench under xvfb-run -a to include the app)".into());
    }
    println!("Launching {} to its first screen, {ROUNDS}× empty and {ROUNDS}× full", app.display());
    let mut figures = Figures { empty: Vec::new(), full: Vec::new() };
    for round in 0..ROUNDS {
        figures.empty.push(launch(&app, &dir.join(format!("empty-{round}.db")))?);
        figures.full.push(launch(&app, full)?);
    }
    Ok(figures)
}

fn launch(app: &Path, db: &Path) -> Result<Launch, String> {
    let started = Instant::now();
    let mut child = Command::new(app)
        .env("TRELLIS_DB", db)
        .env("TRELLIS_EXIT_AFTER_FIRST_SCREEN", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot launch {}: {e}", app.display()))?;
    let stdout = child.stdout.take().expect("piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("trellis-first-screen ") {
                let _ = tx.send((Instant::now(), rest.to_owned()));
                return;
            }
        }
    });
    let got = rx.recv_timeout(TIMEOUT);
    let exited = wait_for_exit(&mut child, Duration::from_secs(10));
    if !exited {
        let _ = child.kill();
        let _ = child.wait();
    }
    let (at, line) = got.map_err(|_| format!("the app showed no first screen within {TIMEOUT:?}"))?;
    let fields = line
        .split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .filter_map(|(k, v)| Some((k.to_owned(), v.parse().ok()?)))
        .collect();
    Ok(Launch { wall_ms: (at - started).as_secs_f64() * 1000.0, fields })
}

fn wait_for_exit(child: &mut std::process::Child, within: Duration) -> bool {
    let until = Instant::now() + within;
    while Instant::now() < until {
        if let Ok(Some(_)) = child.try_wait() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

fn median(launches: &[Launch], f: impl Fn(&Launch) -> f64) -> f64 {
    let mut v: Vec<f64> = launches.iter().map(f).collect();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn field(name: &'static str) -> impl Fn(&Launch) -> f64 {
    move |l| l.fields.get(name).copied().unwrap_or(0.0)
}

pub fn print(outcome: &Outcome) {
    let f = match outcome {
        Ok(f) => f,
        Err(why) => {
            println!("desktop app figures skipped: {why}");
            return;
        }
    };
    let members = median(&f.full, field("members"));
    let (empty_ms, full_ms) = (median(&f.empty, |l| l.wall_ms), median(&f.full, |l| l.wall_ms));
    let mib = |kib: f64| kib / 1024.0;
    let (empty_rss, full_rss) = (median(&f.empty, field("rss_kib")), median(&f.full, field("rss_kib")));
    let (empty_web, full_web) =
        (median(&f.empty, field("children_rss_kib")), median(&f.full, field("children_rss_kib")));
    println!();
    println!("desktop app (median of {ROUNDS} launches each)    empty   {members:>7.0} members");
    println!(
        "launch to first screen               {empty_ms:>9.0} ms {full_ms:>9.0} ms   ratio {:.2} (goal ≤ 1.2)",
        full_ms / empty_ms
    );
    println!(
        "  of which the state load            {:>9.1} ms {:>9.1} ms",
        median(&f.empty, field("state_load_ms")),
        median(&f.full, field("state_load_ms"))
    );
    println!(
        "app process resident memory          {:>9.1} MiB {:>7.1} MiB   +{:.1} MiB (goal ≤ +80)",
        mib(empty_rss),
        mib(full_rss),
        mib(full_rss - empty_rss)
    );
    println!("web content processes (not Trellis's) {:>8.1} MiB {:>7.1} MiB", mib(empty_web), mib(full_web));
}

//! The benches' stopwatch: the fastest of a few runs, printed in milliseconds.

use std::time::{Duration, Instant};

/// The fastest of `runs` runs of `f`, and what the last run returned.
pub fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = None;
    let mut fastest = Duration::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        let v = f();
        fastest = fastest.min(start.elapsed());
        out = Some(v);
    }
    (fastest, out.expect("at least one run"))
}

pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// This process's resident memory now, and its peak since the last reset, in MiB (Linux).
pub fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

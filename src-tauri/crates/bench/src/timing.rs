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

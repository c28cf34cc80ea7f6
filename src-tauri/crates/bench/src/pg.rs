//! A PostgreSQL server for the benchmarks: `TRELLIS_BENCH_PG` (a superuser URL), or a
//! throwaway one started with scripts/pg-server.sh and stopped when dropped.

pub struct Server {
    pub url: String,
    stop: Option<String>,
}

/// The server to measure against.
pub fn server() -> Server {
    if let Ok(url) = std::env::var("TRELLIS_BENCH_PG") {
        return Server { url, stop: None };
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../scripts/pg-server.sh");
    let out = std::process::Command::new("bash")
        .args([
            "-c",
            &format!(
                ". {script} && pg_server_start && echo \"$TRELLIS_TEST_PG|$TRELLIS_TEST_PG_DIR|$TRELLIS_TEST_PG_BIN\""
            ),
        ])
        .output()
        .expect("start PostgreSQL");
    let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let parts: Vec<&str> = text.split('|').collect();
    assert!(parts.len() == 3, "could not start PostgreSQL: {text}");
    let stop = format!(
        "TRELLIS_TEST_PG_DIR={} TRELLIS_TEST_PG_BIN={} bash -c '. {script} && pg_server_stop'",
        parts[1], parts[2]
    );
    Server { url: parts[0].to_owned(), stop: Some(stop) }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(cmd) = &self.stop {
            let _ = std::process::Command::new("sh").args(["-c", cmd]).status();
        }
    }
}

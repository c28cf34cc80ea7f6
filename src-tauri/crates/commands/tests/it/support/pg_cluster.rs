//! A PostgreSQL cluster of a test's own (initdb'd from the server binaries
//! `scripts/test.sh` found), for tests that stop and start the server: the shared test
//! server serves every other test at once.

use std::path::PathBuf;
use std::process::Command;

/// A PostgreSQL cluster of this test's own, so that stopping it hurts no other test.
pub struct Server {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
}

impl Server {
    fn pg_ctl(&self, args: &str) -> std::process::Output {
        as_postgres(&format!("{}/pg_ctl -D {}/data {args}", self.bin.display(), self.dir.path().display()))
    }

    fn run(&self, args: &str) {
        let out = self.pg_ctl(args);
        assert!(out.status.success(), "pg_ctl {args}: {}", String::from_utf8_lossy(&out.stderr));
    }

    pub fn start() -> Server {
        let bin = PathBuf::from(std::env::var("TRELLIS_TEST_PG_BIN").expect("run through scripts/test.sh"));
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        if is_root() {
            Command::new("chown").args(["-R", "postgres"]).arg(dir.path()).status().unwrap();
        }
        let d = dir.path().display();
        let out = as_postgres(&format!("{}/initdb -D {d}/data -A trust -U postgres --no-sync -E UTF8", bin.display()));
        assert!(out.status.success(), "initdb: {}", String::from_utf8_lossy(&out.stderr));
        let server = Server { dir, bin, port };
        server.up();
        server
    }

    pub fn up(&self) {
        let d = self.dir.path().display();
        self.run(&format!(
            "-o '-p {} -k {d} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=100' -l {d}/log -w start",
            self.port
        ));
    }

    /// Stopped as by a crash (no shutdown checkpoint).
    pub fn stop(&self) {
        self.run("-m immediate -w stop");
    }

    /// Stopped as by a crash, then started again.
    pub fn crash_and_restart(&self) {
        self.stop();
        self.up();
    }

    pub async fn admin(&self) -> sqlx::PgPool {
        let url = self.url("postgres", self.port);
        sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(&url).await.unwrap()
    }

    pub fn url(&self, user: &str, port: u16) -> String {
        format!("postgres://{user}@127.0.0.1:{port}/postgres?sslmode=disable")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.pg_ctl("-m immediate -w stop");
    }
}

/// Runs `cmd` as the cluster's owner: initdb and pg_ctl refuse to run as root.
fn as_postgres(cmd: &str) -> std::process::Output {
    let out = if is_root() {
        Command::new("su").args(["postgres", "-s", "/bin/sh", "-c", cmd]).output()
    } else {
        Command::new("sh").args(["-c", cmd]).output()
    };
    out.unwrap()
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0\n")).unwrap_or(false)
}

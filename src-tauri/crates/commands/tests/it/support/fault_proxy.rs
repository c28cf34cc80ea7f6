//! A fault-injecting TCP proxy between a desktop and PostgreSQL, for the sync fault tests
//! (issue 17). Every byte goes through a real socket pair; faults act on the live
//! connections: cut them now, cut them once N more bytes went to the server (mid
//! transaction, mid-COPY), cut at a COMMIT (before the server has it, or between the
//! server's commit and its answer reaching the desktop), delay every
//! chunk, trickle at a few bytes at a time, or partition (new connections are closed at
//! once, open ones cut) until healed.
//!
//! Why our own and not `noxious` (the Rust port of Toxiproxy): its last release is from
//! 2021 on tokio-util 0.6 and mockall, a second async stack to build for ~150 lines of
//! tokio; and `turmoil` simulates the network in-process, where the point here is the
//! real PostgreSQL server and sqlx's real sockets.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

#[derive(Default)]
struct Faults {
    partitioned: AtomicBool,
    /// Per chunk, each way.
    latency_ms: AtomicU64,
    /// Bytes a write at most (0: whole chunks); with a pause between pieces.
    trickle: AtomicU64,
    /// Cut every connection once this many more bytes went to the server (0: off).
    cut_after: AtomicU64,
    /// Cut at the next COMMIT going to the server: 1 before it gets there (the server
    /// rolls back), 2 right after (committed there, the answer never comes back).
    cut_at_commit: AtomicU64,
    conns: Mutex<Vec<AbortHandle>>,
}

pub struct FaultProxy {
    pub port: u16,
    faults: Arc<Faults>,
    accept: AbortHandle,
}

impl FaultProxy {
    /// A proxy on a free loopback port forwarding to `upstream` ("host:port").
    pub async fn start(upstream: String) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let faults = Arc::new(Faults::default());
        let f = faults.clone();
        let accept = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if f.partitioned.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let Ok(server) = TcpStream::connect(&upstream).await else { continue };
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                let (cr, cw) = client.into_split();
                let (sr, sw) = server.into_split();
                let up = tokio::spawn(pump(cr, sw, f.clone(), true));
                let down = tokio::spawn(pump(sr, cw, f.clone(), false));
                let mut conns = f.conns.lock().unwrap();
                conns.retain(|h| !h.is_finished());
                conns.push(up.abort_handle());
                conns.push(down.abort_handle());
            }
        })
        .abort_handle();
        FaultProxy { port, faults, accept }
    }

    /// Drops every open connection now (both sockets closed, as by a broken network).
    pub fn cut(&self) {
        for h in self.faults.conns.lock().unwrap().drain(..) {
            h.abort();
        }
    }

    /// Cut once `bytes` more bytes have gone towards the server.
    pub fn cut_after(&self, bytes: u64) {
        self.faults.cut_after.store(bytes.max(1), Ordering::SeqCst);
    }

    /// Cut at the next COMMIT: `reaches_server` false, it never arrives (the transaction
    /// rolls back); true, it arrives and commits, and the desktop never hears so.
    pub fn cut_at_commit(&self, reaches_server: bool) {
        self.faults.cut_at_commit.store(if reaches_server { 2 } else { 1 }, Ordering::SeqCst);
    }

    pub fn partition(&self, on: bool) {
        self.faults.partitioned.store(on, Ordering::SeqCst);
        if on {
            self.cut();
        }
    }

    pub fn latency(&self, d: Duration) {
        self.faults.latency_ms.store(d.as_millis() as u64, Ordering::SeqCst);
    }

    pub fn trickle(&self, bytes: u64) {
        self.faults.trickle.store(bytes, Ordering::SeqCst);
    }

    /// Every fault off (open connections that were cut stay cut).
    pub fn heal(&self) {
        self.partition(false);
        self.latency(Duration::ZERO);
        self.trickle(0);
        self.faults.cut_after.store(0, Ordering::SeqCst);
        self.faults.cut_at_commit.store(0, Ordering::SeqCst);
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.accept.abort();
        self.cut();
    }
}

async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    f: Arc<Faults>,
    upstream: bool,
) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let latency = f.latency_ms.load(Ordering::SeqCst);
        if latency > 0 {
            tokio::time::sleep(Duration::from_millis(latency)).await;
        }
        if upstream {
            let at_commit = f.cut_at_commit.load(Ordering::SeqCst);
            // sqlx ends a transaction with the simple query "COMMIT" (a 'Q' message).
            if at_commit > 0 && buf[..n].windows(7).any(|w| w == b"COMMIT\0") {
                if at_commit == 2 {
                    let _ = to.write_all(&buf[..n]).await;
                    let _ = to.flush().await;
                    // Give the server a moment to commit before the cut. On a machine too
                    // slow for that the cut lands before the commit instead — the other
                    // variant of this fault; the tests assert the same either way.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                f.cut_at_commit.store(0, Ordering::SeqCst);
                for h in f.conns.lock().unwrap().drain(..) {
                    h.abort();
                }
                break;
            }
            let left = f.cut_after.load(Ordering::SeqCst);
            if left > 0 {
                if (n as u64) >= left {
                    // Send what fits, then cut every connection: the server sees a
                    // statement or a COPY stream end half-way.
                    let _ = to.write_all(&buf[..left as usize]).await;
                    f.cut_after.store(0, Ordering::SeqCst);
                    for h in f.conns.lock().unwrap().drain(..) {
                        h.abort();
                    }
                    break;
                }
                f.cut_after.store(left - n as u64, Ordering::SeqCst);
            }
        }
        let piece = match f.trickle.load(Ordering::SeqCst) {
            0 => n,
            t => t as usize,
        };
        for chunk in buf[..n].chunks(piece) {
            if to.write_all(chunk).await.is_err() {
                return;
            }
            if piece < n {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        }
    }
    let _ = to.shutdown().await;
}

//! A TCP relay between one desktop and PostgreSQL that the test can unplug: "offline" is
//! a server that cannot be reached, exactly as a laptop on a plane sees it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct Cable {
    pub port: u16,
    online: Arc<AtomicBool>,
    cut: watch::Sender<u64>,
}

impl Cable {
    pub async fn to(target_port: u16) -> Cable {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind relay");
        let port = listener.local_addr().expect("relay address").port();
        let online = Arc::new(AtomicBool::new(true));
        let (cut, _) = watch::channel(0u64);
        let (flag, cuts) = (online.clone(), cut.clone());
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !flag.load(Ordering::SeqCst) {
                    continue; // dropped: connection refused, as far as the app can tell
                }
                let mut unplugged = cuts.subscribe();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(("127.0.0.1", target_port)).await else { return };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = unplugged.changed() => {}
                    }
                });
            }
        });
        Cable { port, online, cut }
    }

    pub fn unplug(&self) {
        self.online.store(false, Ordering::SeqCst);
        self.cut.send_modify(|n| *n += 1);
    }

    pub fn plug(&self) {
        self.online.store(true, Ordering::SeqCst);
    }
}

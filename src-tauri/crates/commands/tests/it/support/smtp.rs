//! A real SMTP server for the mail tests: Debian's aiosmtpd (`scripts/smtp_server.py`)
//! writing a Maildir, started per test on a free port, stopped and started again on the
//! same port to play a server that is down. What it received is read back and parsed.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct SmtpServer {
    child: Option<Child>,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

/// One message as the server stored it.
#[derive(Clone, Debug)]
pub struct Received {
    pub to: String,
    pub from: String,
    pub subject: String,
    pub message_id: String,
    pub text: String,
    pub html: String,
    pub raw: String,
}

/// `scripts/smtp_server.py`, found from whichever package's tests include this file.
fn script() -> PathBuf {
    let start = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    start
        .ancestors()
        .map(|d| d.join("scripts/smtp_server.py"))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("no scripts/smtp_server.py above {}", start.display()))
}

fn spawn(port: u16, maildir: &std::path::Path) -> (Child, u16) {
    let mut child = Command::new("/usr/bin/python3")
        .arg(script())
        .args(["--port", &port.to_string(), "--maildir"])
        .arg(maildir)
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3-aiosmtpd (scripts/setup.sh installs it)");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port = line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("smtp server said {line:?}"));
    (child, port.parse().unwrap())
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        let dir = tempfile::tempdir().unwrap();
        let (child, port) = spawn(0, &dir.path().join("mail"));
        SmtpServer { child: Some(child), port, dir }
    }

    /// Down: connections to its port are refused.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Up again on the same port, with the same mailbox.
    pub fn start_again(&mut self) {
        self.stop();
        let (child, port) = spawn(self.port, &self.dir.path().join("mail"));
        assert_eq!(port, self.port);
        self.child = Some(child);
    }

    /// Everything received so far, oldest first.
    pub fn received(&self) -> Vec<Received> {
        let new = self.dir.path().join("mail/new");
        let mut files: Vec<_> = match std::fs::read_dir(&new) {
            Ok(d) => d.flatten().map(|e| e.path()).collect(),
            Err(_) => return Vec::new(),
        };
        files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        files.iter().map(|p| parse(&std::fs::read(p).unwrap())).collect()
    }

    /// Waits (without a time assumption beyond a generous cap) for `n` messages.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..600 {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {n} message(s), the server has {}", self.received().len());
    }
}

impl SmtpServer {
    /// Waits for the first message whose plain text contains `part`.
    pub async fn wait_for_containing(&self, part: &str) -> Received {
        for _ in 0..600 {
            if let Some(m) = self.received().into_iter().find(|m| m.text.contains(part)) {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no message contains {part:?}");
    }

    /// Waits for the first message to `to` (others may come and go meanwhile).
    pub async fn wait_for_to(&self, to: &str) -> Received {
        for _ in 0..600 {
            if let Some(m) = self.received().into_iter().find(|m| m.to == to) {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no message to {to}; the server has {:?}", self.received().iter().map(|m| &m.to).collect::<Vec<_>>());
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn parse(raw: &[u8]) -> Received {
    let m = mail_parser::MessageParser::default().parse(raw).expect("a message");
    let addr = |a: Option<&mail_parser::Address>| {
        a.and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default().to_owned()
    };
    Received {
        to: addr(m.to()),
        from: addr(m.from()),
        subject: m.subject().unwrap_or_default().to_owned(),
        message_id: m.message_id().unwrap_or_default().to_owned(),
        text: m.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
        html: m.body_html(0).map(|t| t.into_owned()).unwrap_or_default(),
        raw: String::from_utf8_lossy(raw).into_owned(),
    }
}

/// The `code=…` in a link, or the line after "code:" in plain text.
pub fn code_in(text: &str) -> String {
    if let Some(i) = text.find("code=") {
        return text[i + 5..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    }
    panic!("no code in {text}");
}

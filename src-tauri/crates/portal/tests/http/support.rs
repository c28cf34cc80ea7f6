//! A shared workspace on the test PostgreSQL (started by scripts/test.sh): Olivia's desktop
//! publishes Acme with the partner Globex (Lena, Tom, Priya its Global admin, and Ivan
//! at Initech), links a portal login, and portal servers join it under that login and
//! serve on loopback ports. Requests are made as a browser would, cookie by hand.
#![allow(dead_code)]

use reqwest::header::{HeaderMap, COOKIE, ORIGIN, SET_COOKIE};
use serde_json::{json, Value};
use sqlx::postgres::PgPoolOptions;
use std::net::SocketAddr;
use std::sync::Arc;
use trellis_commands::sync::remote_request;
use trellis_commands::Trellis;
use trellis_core::wire::*;
use trellis_core::Builtin;
use trellis_portal::{Portal, PortalConfig};

pub const OWNER_PW: &str = "a long owner passphrase";
pub const LENA_PW: &str = "violet harbour sixty-one";
pub const TOM_PW: &str = "granite kettle forty-two";
pub const PRIYA_PW: &str = "saffron ladder ninety-nine";
pub const IVAN_PW: &str = "copper lantern seventy-three";

pub struct World {
    pub dir: tempfile::TempDir,
    /// The test database's superuser URL.
    pub url: String,
    pub portal_login: String,
    /// Olivia's desktop, signed in.
    pub a: Trellis,
    pub globex: String,
    pub lena: String,
    pub tom: String,
    pub priya: String,
    pub ivan: String,
    pub workspace: uuid::Uuid,
}

/// A database of its own, with `trellis_client` and `trellis_portal` and a portal login.
async fn database() -> (String, String) {
    let url = std::env::var("TRELLIS_TEST_PG").expect("run the tests through scripts/test.sh (it starts PostgreSQL)");
    let name = format!("portal_{}", &uuid::Uuid::now_v7().simple().to_string()[20..]);
    let server = PgPoolOptions::new().max_connections(1).connect(&url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&server).await.unwrap();
    for role in ["trellis_client", "trellis_portal"] {
        let _ = sqlx::query(&format!(
            "DO $$ BEGIN CREATE ROLE {role} NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        ))
        .execute(&server)
        .await;
    }
    let login = format!("web_{}", &name[7..]);
    sqlx::query(&format!("CREATE ROLE {login} LOGIN IN ROLE trellis_client, trellis_portal"))
        .execute(&server)
        .await
        .unwrap();
    (url.replace("/postgres?", &format!("/{name}?")), login)
}

pub async fn contact(t: &Trellis, account: &str, name: &str, email: &str) -> String {
    let req = ContactCreateRequest { account_id: account.into(), name: name.into(), email: email.into() };
    let record = t.contact_create(req).await.unwrap();
    record.contacts.iter().find(|c| c.email == email).unwrap().id.to_string()
}

pub async fn give(t: &Trellis, contact: &str, admin: Option<Builtin>, password: &str, require_change: bool) {
    // The account's first user makes its branch (HIER-1); the others take its lowest role.
    let state = t.snapshot().await;
    let account = state.contact(cid(contact)).unwrap().account;
    let hierarchy_role_id = state.branch_of(account).last().map(|h| h.id.to_string());
    let req = GiveAccessRequest {
        contact_id: contact.into(),
        portal_role_id: Builtin::AdvancedPartnerCenter.id().to_string(),
        agent_role_id: Some(Builtin::SalesAgent.id().to_string()),
        admin_role_id: admin.map(|b| b.id().to_string()),
        hierarchy_role_id,
        can_grant_subpartners: false,
        delivery: Delivery::Manual { password: password.into(), require_change },
    };
    t.partner_give_access(req).await.unwrap();
}

impl World {
    pub async fn new() -> World {
        let (url, portal_login) = database().await;
        let dir = tempfile::tempdir().unwrap();
        let a = Trellis::open(&dir.path().join("a.db")).await.unwrap();
        a.workspace_create(CreateWorkspaceRequest {
            workspace_name: "Acme Channel".into(),
            owner_name: "Olivia Owner".into(),
            owner_email: "olivia@acme.test".into(),
            password: OWNER_PW.into(),
        })
        .await
        .unwrap();
        let me = a.session_info().await.me.unwrap().id.to_string();
        let features =
            trellis_core::PartnerFeatures { partner_access: true, advanced_partner_access: true, licences: 20 };
        a.settings_set_partner_features(features).await.unwrap();
        let rows = a
            .hierarchy_role_create(HierarchyRoleCreateRequest { name: "Channel Manager".into(), parent_id: None })
            .await
            .unwrap();
        let cm = rows.iter().find(|r| r.name == "Channel Manager").unwrap().id.to_string();
        a.member_set_hierarchy_role(MemberHierarchyRequest { member_id: me.clone(), hierarchy_role_id: Some(cm) })
            .await
            .unwrap();
        let mut accounts = Vec::new();
        for name in ["Globex", "Initech"] {
            let req = PartnerCreateRequest {
                name: name.into(),
                kind: trellis_core::AccountKind::Business,
                owner_id: me.clone(),
                parent_id: None,
            };
            let id = a.partner_create(req).await.unwrap().id.to_string();
            a.partner_enable(PartnerRef { account_id: id.clone() }).await.unwrap();
            accounts.push(id);
        }
        let globex = accounts[0].clone();
        let priya = contact(&a, &globex, "Priya Shah", "priya@globex.test").await;
        give(&a, &priya, Some(Builtin::GlobalAdmin), PRIYA_PW, false).await;
        let lena = contact(&a, &globex, "Lena Park", "lena@globex.test").await;
        give(&a, &lena, None, LENA_PW, false).await;
        let tom = contact(&a, &globex, "Tom Reyes", "tom@globex.test").await;
        give(&a, &tom, None, TOM_PW, false).await;
        let ivan = contact(&a, &accounts[1], "Ivan Petrov", "ivan@initech.test").await;
        give(&a, &ivan, None, IVAN_PW, false).await;
        a.settings_set_portal_login(PortalLoginRequest { login: Some(portal_login.clone()) }).await.unwrap();
        a.sync_connect(remote_request(&url, "unused".into()).unwrap()).await.unwrap();
        a.sync_publish().await.unwrap();
        let workspace = a.sync_status().await.workspace.unwrap();
        World { dir, url, portal_login, a, globex, lena, tom, priya, ivan, workspace }
    }

    /// The shared database as its superuser (to look, or to play the clock forward).
    pub async fn server(&self) -> sqlx::PgPool {
        PgPoolOptions::new().max_connections(2).connect(&self.url).await.unwrap()
    }

    /// A working copy joined under the portal's login, in `name`.db.
    pub async fn replica(&self, name: &str) -> Trellis {
        let portal_url = self.url.replace("postgres@", &format!("{}@", self.portal_login));
        let join = RemoteJoinRequest { remote: remote_request(&portal_url, "unused".into()).unwrap(), workspace: None };
        let (t, _) = Trellis::sync_join(&self.dir.path().join(format!("{name}.db")), join).await.unwrap();
        t
    }

    /// A portal server on a fresh replica, on a loopback port.
    pub async fn serve(&self, name: &str) -> Server {
        self.serve_ui(name, self.dir.path().join("no-ui")).await
    }

    /// As `serve`, with the portal page from `ui` (the built `ui/dist`).
    pub async fn serve_ui(&self, name: &str, ui: std::path::PathBuf) -> Server {
        self.serve_with(name, ui, |_| ()).await
    }

    /// As `serve_ui`, with the configuration changed by `tune` (limits).
    pub async fn serve_with(&self, name: &str, ui: std::path::PathBuf, tune: impl FnOnce(&mut PortalConfig)) -> Server {
        let t = Arc::new(self.replica(name).await);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut config = PortalConfig::new(addr, ui);
        config.poll = std::time::Duration::from_millis(200);
        tune(&mut config);
        let portal = Portal::new(t.clone(), config).await.unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(trellis_portal::serve(listener, portal, async move {
            let _ = stopped.await;
        }));
        Server { addr, trellis: t, _stop: stop, _task: task }
    }
}

pub struct Server {
    pub addr: SocketAddr,
    pub trellis: Arc<Trellis>,
    _stop: tokio::sync::oneshot::Sender<()>,
    _task: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// What the server answered.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The session cookie the answer set (`name=value`), if any, and its attributes.
    pub fn set_cookie(&self) -> Option<String> {
        self.headers.get(SET_COOKIE).map(|v| v.to_str().unwrap().to_owned())
    }

    /// `name=value` of the cookie set, for the next request.
    pub fn cookie(&self) -> String {
        self.set_cookie().expect("a cookie").split(';').next().unwrap().to_owned()
    }

    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
}

impl Server {
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A POST as the portal page makes it: its own origin, JSON, the cookie if any.
    pub async fn post(&self, command: &str, body: Value, cookie: Option<&str>) -> Answer {
        self.raw(command, body.to_string().into_bytes(), cookie, Some(&self.origin())).await
    }

    pub async fn raw(&self, command: &str, body: Vec<u8>, cookie: Option<&str>, origin: Option<&str>) -> Answer {
        Self::raw_at(self.addr, command, body, cookie, origin).await
    }

    /// As `raw`, to the server at `addr` (from a spawned task).
    pub async fn raw_at(
        addr: SocketAddr,
        command: &str,
        body: Vec<u8>,
        cookie: Option<&str>,
        origin: Option<&str>,
    ) -> Answer {
        let client = reqwest::Client::new();
        let mut req =
            client.post(format!("http://{addr}/api/{command}")).header("content-type", "application/json").body(body);
        if let Some(c) = cookie {
            req = req.header(COOKIE, c);
        }
        if let Some(o) = origin {
            req = req.header(ORIGIN, o);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Answer { status, headers, body }
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Answer {
        self.post("portal_sign_in", json!({ "req": { "email": email, "password": password } }), None).await
    }

    /// Signs in and returns the cookie for the next requests.
    pub async fn session(&self, email: &str, password: &str) -> String {
        let a = self.sign_in(email, password).await;
        assert_eq!(a.status, 200, "{a:?}");
        a.cookie()
    }

    /// Waits until this portal's replica satisfies `fact` (it syncs in the background).
    pub async fn until(&self, what: &str, fact: impl Fn(&trellis_core::State) -> bool) {
        let t = &self.trellis;
        eventually(&format!("the portal never saw: {what}"), || async { fact(&t.snapshot().await) }).await;
    }

    /// Waits until this portal's copy of `contact`'s password says `flag` (PU-4's flag;
    /// `None`: no password yet).
    pub async fn until_password(&self, contact: trellis_core::ContactId, ok: impl Fn(Option<bool>) -> bool) {
        let store = self.trellis.store();
        eventually("the portal never got the password's change", || async {
            ok(store.partner_credential(contact).await.unwrap())
        })
        .await;
    }
}

/// Waits for a fact (asked again every 20 ms), failing with `what` after a minute.
pub async fn eventually<F, Fut>(what: &str, fact: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !fact().await {
        assert!(std::time::Instant::now() < deadline, "{what}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Syncs the desktop `t` until `fact` holds of its state (the portal pushes partners'
/// changes at once; the desktop pulls them).
pub async fn desktop_sees(t: &Trellis, what: &str, fact: impl Fn(&trellis_core::State) -> bool) {
    eventually(&format!("the desktop never saw: {what}"), || async {
        t.sync_now().await.unwrap();
        fact(&t.snapshot().await)
    })
    .await;
}

/// Syncs the desktop `t` until its copy of `contact`'s password satisfies `ok`.
pub async fn desktop_password(t: &Trellis, contact: trellis_core::ContactId, ok: impl Fn(Option<bool>) -> bool) {
    eventually("the desktop never saw the password's change", || async {
        t.sync_now().await.unwrap();
        ok(t.store().partner_credential(contact).await.unwrap())
    })
    .await;
}

pub fn cid(id: &str) -> trellis_core::ContactId {
    trellis_core::ContactId::parse(id, "contact_id").unwrap()
}

/// MAIL: the workspace sends through `smtp`, links point at `p`, and `p` holds the
/// sending secrets (its secret file), so it delivers the outbox itself.
pub async fn mail_on(w: &World, smtp: &crate::smtp::SmtpServer, p: &Server) {
    let settings = MailSettingsRequest {
        host: "127.0.0.1".into(),
        port: smtp.port,
        security: trellis_core::mail::MailSecurity::None,
        user: None,
        password: None,
        from_name: "Acme Partner Team".into(),
        from_address: "partners@acme.test".into(),
    };
    w.a.settings_set_email(settings).await.unwrap();
    let address = trellis_core::wire::PortalAddressRequest { url: Some(format!("http://{}", p.addr)) };
    w.a.settings_set_portal_address(address).await.unwrap();
    let file = w.dir.path().join("mail-secret.json");
    w.a.settings_email_export_secret(&file).await.unwrap();
    w.a.sync_now().await.unwrap();
    p.until("the mail settings", |s| s.workspace().is_some_and(|ws| ws.mail.is_some() && ws.portal_url.is_some()))
        .await;
    p.trellis.set_mail_secret_file(file);
}

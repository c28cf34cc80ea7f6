//! The HTTP server: routes, limits, the session cookie around the command layer, and the
//! background sync that keeps this replica current (PORT-6).

use crate::api::{self, Gate};
use crate::config::PortalConfig;
use crate::cookie;
use crate::errors::Refused;
use crate::guard;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde_json::Value;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::GovernorLayer;
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;
use trellis_commands::Trellis;
use trellis_core::wire::PortalSignInRequest;
use trellis_core::RuleError;

/// The largest request body: the biggest portal request is a few hundred bytes.
const BODY_LIMIT: usize = 64 * 1024;
/// A request that takes longer is answered 408 (a stuck database, a slow client).
const REQUEST_TIME: Duration = Duration::from_secs(30);

/// One portal server: the working copy it serves and how.
pub struct Portal {
    pub trellis: Arc<Trellis>,
    pub config: PortalConfig,
    origins: Vec<String>,
    /// Sign-ins per account (by email), on top of the shared lockout (ASVS 2.2.1).
    accounts: DefaultKeyedRateLimiter<String>,
    /// `portal.html`, read once; `None` when the UI is not built.
    page: Option<Bytes>,
}

impl Portal {
    /// A portal over `trellis`, which must follow a shared workspace whose portal service
    /// is the login it syncs under; the error says what to do otherwise.
    pub async fn new(trellis: Arc<Trellis>, config: PortalConfig) -> Result<Arc<Portal>, RuleError> {
        trellis.portal_ready().await?;
        crate::memory::steady_heap();
        let page = std::fs::read(config.ui_dir.join("portal.html")).ok().map(Bytes::from);
        if page.is_none() {
            tracing::warn!("no portal page in {}: build the UI (npm run build in ui/)", config.ui_dir.display());
        }
        let per_minute = NonZeroU32::new(config.sign_ins_per_minute.max(1)).expect("at least one");
        Ok(Arc::new(Portal {
            trellis,
            origins: config.origins(),
            accounts: RateLimiter::keyed(Quota::per_minute(per_minute)),
            page,
            config,
        }))
    }
}

pub fn router(portal: Arc<Portal>) -> Router {
    let per_ip = GovernorConfigBuilder::default()
        .per_millisecond((1000 / portal.config.per_ip_per_second.max(1)).max(1))
        .burst_size(portal.config.per_ip_burst.max(1))
        .finish()
        .expect("a period and a burst above zero");
    let assets = ServeDir::new(portal.config.ui_dir.join("assets"));
    Router::new()
        .route("/", get(page))
        .route("/accept", get(page))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/{command}", post(call))
        .nest_service("/assets", assets)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(portal.clone(), harden))
        .layer(GovernorLayer::new(per_ip).error_handler(|_| {
            let e = RuleError::forbidden("Too many requests from this address: wait a moment and try again");
            (StatusCode::TOO_MANY_REQUESTS, Json(e)).into_response()
        }))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIME))
        .with_state(portal)
}

/// Serves until `shutdown` resolves, syncing in the background.
pub async fn serve(
    listener: tokio::net::TcpListener,
    portal: Arc<Portal>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, None, portal, shutdown).await
}

/// As `serve`, over TLS when an acceptor is given (`crate::tls`).
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
    portal: Arc<Portal>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let t = portal.trellis.clone();
    let poll = portal.config.poll;
    let sync = tokio::spawn(async move {
        let mut poke = None;
        loop {
            t.sync_watch(&mut poke, poll).await;
        }
    });
    // MAIL-2: with the sending secrets (TRELLIS_MAIL_SECRET_FILE), the portal delivers
    // the outbox too: reset links and invitations leave while no desktop is open.
    let t = portal.trellis.clone();
    let every = portal.config.mail_every;
    let mail = tokio::spawn(async move {
        loop {
            t.mail_watch(every).await;
        }
    });
    let result = match tls {
        Some(acceptor) => crate::tls::serve(listener, acceptor, router(portal), shutdown).await,
        None => {
            let app = router(portal).into_make_service_with_connect_info::<SocketAddr>();
            axum::serve(listener, app).with_graceful_shutdown(shutdown).await
        }
    };
    sync.abort();
    mail.abort();
    result
}

/// Security headers on every answer; the CSRF check before anything runs.
async fn harden(State(p): State<Arc<Portal>>, req: Request, next: Next) -> Response {
    let mut res = match guard::same_origin(req.method(), req.headers(), &p.origins) {
        Ok(()) => next.run(req).await,
        Err(e) => Refused::from(e).into_response(),
    };
    guard::security_headers(res.headers_mut(), p.config.secure);
    res
}

async fn page(State(p): State<Arc<Portal>>) -> Response {
    match &p.page {
        Some(html) => {
            let headers = [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")];
            (headers, html.clone()).into_response()
        }
        None => (StatusCode::SERVICE_UNAVAILABLE, "The portal page is not built on this server").into_response(),
    }
}

async fn call(State(p): State<Arc<Portal>>, Path(command): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let mut out = HeaderMap::new();
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let result = answer(&p, &command, &headers, &body, &mut out).await;
    let mut res = match result {
        Ok(v) => (StatusCode::OK, Json(v)).into_response(),
        Err(r) => r.into_response(),
    };
    res.headers_mut().extend(out);
    res
}

async fn answer(
    p: &Arc<Portal>,
    command: &str,
    headers: &HeaderMap,
    body: &[u8],
    out: &mut HeaderMap,
) -> Result<Value, Refused> {
    let gate = api::gate(command)
        .ok_or_else(|| RuleError::not_found("command", format!("No portal command {}", command.escape_debug())))?;
    let t = &p.trellis;
    let secure = p.config.secure;
    if command == "portal_invitation" {
        return Ok(serde_json::to_value(t.portal_invitation(api::request(body)?).await?).unwrap_or(Value::Null));
    }
    if command == "portal_accept_invitation" {
        let started = t.portal_accept_invitation(api::request(body)?).await?;
        return Ok(signed_in(t, headers, secure, started, out).await);
    }
    if command == "portal_forgot_password" {
        let req: trellis_core::wire::PortalForgotRequest = api::request(body)?;
        trellis_core::validate::email("email", &req.email)?;
        // The same answer at once, whoever the email is: the work goes on apart (SEC-6).
        // The per-account limit keeps one address from being flooded with links.
        if p.accounts.check_key(&req.email.trim().to_lowercase()).is_ok() {
            let portal = p.clone();
            tokio::spawn(async move {
                if let Err(e) = portal.trellis.portal_forgot_password(req).await {
                    tracing::warn!("forgot password: {}", e.message);
                }
            });
        }
        let answer = trellis_core::wire::PortalForgotAnswer { message: trellis_commands::FORGOT_ANSWER.into() };
        return Ok(serde_json::to_value(answer).unwrap_or(Value::Null));
    }
    if gate == Gate::Public {
        let req: PortalSignInRequest = api::request(body)?;
        if p.accounts.check_key(&req.email.trim().to_lowercase()).is_err() {
            return Err(Refused {
                error: RuleError::new(
                    trellis_core::ErrorCode::Session,
                    Some("password"),
                    "Too many sign-in attempts for this email: wait a minute and try again",
                ),
                status: StatusCode::TOO_MANY_REQUESTS,
            });
        }
        let started = t.portal_sign_in(req).await?;
        return Ok(signed_in(t, headers, secure, started, out).await);
    }
    let token = cookie::read(headers, secure).ok_or_else(|| RuleError::session("Sign in first"))?;
    let who = match t.portal_session_user(&token).await {
        Ok(who) => who,
        Err(e) => {
            cookie::clear(out, secure);
            return Err(e.into());
        }
    };
    if gate == Gate::Full && who.must_change {
        return Err(api::must_change().into());
    }
    match command {
        "portal_sign_out" => {
            api::no_request(body)?;
            t.portal_sign_out(&token).await?;
            cookie::clear(out, secure);
            Ok(Value::Null)
        }
        "portal_sign_out_everywhere" => {
            api::no_request(body)?;
            let ended = t.portal_sign_out_everywhere(who).await?;
            cookie::clear(out, secure);
            Ok(Value::from(ended))
        }
        "portal_change_password" => {
            let started = t.portal_change_password(who, api::request(body)?).await?;
            cookie::set(out, &started.token, secure);
            Ok(serde_json::to_value(started.whoami).unwrap_or(Value::Null))
        }
        _ => {
            let answer = api::run(t, command, who, body).await?;
            if api::WRITES.contains(&command) {
                // PORT-5: the partner's change goes to the shared log now, not at the next
                // poll (one sync at a time: the sync gate queues this behind a running one).
                let t = t.clone();
                tokio::spawn(async move {
                    if let Err(e) = t.sync_unattended().await {
                        tracing::warn!("a portal change waits for the next sync: {}", e.message);
                    }
                });
            }
            Ok(answer)
        }
    }
}

/// A new session began (sign-in, an accepted invitation): PORT-4, the session this browser
/// had ends and the new one has a new id (fixation). A failed attempt leaves it alone.
async fn signed_in(
    t: &Trellis,
    headers: &HeaderMap,
    secure: bool,
    started: trellis_commands::PortalStarted,
    out: &mut HeaderMap,
) -> Value {
    if let Some(old) = cookie::read(headers, secure) {
        if let Err(e) = t.portal_sign_out(&old).await {
            tracing::warn!("the browser's previous portal session did not end: {}", e.message);
        }
    }
    cookie::set(out, &started.token, secure);
    serde_json::to_value(started.whoami).unwrap_or(Value::Null)
}

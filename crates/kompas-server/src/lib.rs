//! The central Kwaliteitskompas server: regions, hospices (organizations), users and
//! roles, publishing handbooks, and the sync API v1 that devices pull from.
//!
//! - [`db`] is all SQL: one SQLite file by default (WAL, versioned migrations), or
//!   PostgreSQL, behind one async interface.
//! - [`auth`] hashes passwords (argon2id) and tokens, and throttles failed logins.
//! - [`api`] are the HTTP handlers; [`problem`] turns every error into RFC 7807;
//!   [`openapi`] describes every answer they give.
//! - [`router`] assembles them with compression, body limits and request logs;
//!   [`run`] serves a router on a listener until a shutdown future completes.

pub mod api;
pub mod auth;
pub mod db;
pub mod export;
pub mod generate;
pub mod openapi;
pub mod problem;
pub mod testing;

use std::future::Future;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use axum::Router;
use kompas_proto::sync::API_PREFIX;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use db::{ChecklistReport, Db, DbError, PublishReport};

/// The largest request body accepted (logins are tiny; nothing is uploaded yet).
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// The request body limit of a submission: a self-evaluation with long explanations,
/// narratives and actions is far larger than any other request, and far below this.
pub const MAX_SUBMISSION_BYTES: usize = 1024 * 1024;

/// Shared by every handler.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub throttle: Arc<auth::Throttle>,
    pub tokens: Arc<auth::TokenCache>,
    pub metrics: Arc<Metrics>,
    /// Verified against when a login names an unknown user (see `api::login`).
    pub dummy_hash: Arc<String>,
}

impl AppState {
    pub fn new(db: Db) -> AppState {
        AppState {
            db,
            throttle: Arc::default(),
            tokens: Arc::default(),
            metrics: Arc::default(),
            dummy_hash: Arc::new(auth::dummy_hash()),
        }
    }
}

/// Counters for the Prometheus endpoint.
#[derive(Debug, Default)]
pub struct Metrics {
    pub pulls: AtomicU64,
    pub pulls_not_modified: AtomicU64,
    pub logins: AtomicU64,
    pub logins_failed: AtomicU64,
    pub logins_throttled: AtomicU64,
}

impl Metrics {
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (name, help, value) in [
            (
                "kompas_pulls_total",
                "Change pulls answered with a page.",
                &self.pulls,
            ),
            (
                "kompas_pulls_not_modified_total",
                "Change pulls answered 304 Not Modified.",
                &self.pulls_not_modified,
            ),
            ("kompas_logins_total", "Successful logins.", &self.logins),
            (
                "kompas_logins_failed_total",
                "Failed logins.",
                &self.logins_failed,
            ),
            (
                "kompas_logins_throttled_total",
                "Logins refused by the throttle.",
                &self.logins_throttled,
            ),
        ] {
            out.push_str(&format!(
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}\n",
                value.load(Ordering::Relaxed)
            ));
        }
        out
    }
}

/// Bodies smaller than this are sent as they are: gzip would cost more time than it saves
/// bytes (an empty pull page is under 100 bytes).
const COMPRESS_ABOVE_BYTES: u16 = 1024;

/// The middleware every response passes: request logs, gzip for larger bodies, and the
/// request body limit. Shared with the benchmark's hello-world reference.
pub fn with_middleware(app: Router) -> Router {
    use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
    app.layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(
            CompressionLayer::new()
                .compress_when(SizeAbove::new(COMPRESS_ABOVE_BYTES).and(NotForContentType::IMAGES)),
        )
        .layer(TraceLayer::new_for_http())
}

/// The whole HTTP API.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/health", get(api::health))
        .route("/openapi.json", get(api::openapi))
        .route("/login", post(api::login))
        .route("/logout", post(api::logout))
        .route("/me", get(api::me))
        .route("/organizations/{organization}/changes", get(api::changes))
        .route(
            "/organizations/{organization}/checklists",
            get(api::checklists),
        )
        .route(
            "/submissions/{uuid}",
            put(api::submit).layer(DefaultBodyLimit::max(MAX_SUBMISSION_BYTES)),
        )
        .route(
            "/organizations/{organization}/comparison",
            get(api::region::comparison),
        )
        .route(
            "/organizations/{organization}/submissions",
            get(api::region::own_submissions),
        )
        .route(
            "/organizations/{organization}/evaluations/{year}/progress",
            put(api::region::share_progress).delete(api::region::stop_sharing_progress),
        )
        .route(
            "/organizations/{organization}/overlay",
            get(api::overlay::overlay),
        )
        .route(
            "/organizations/{organization}/overlay/entry",
            // A section's text may be up to 256 KB, more once escaped as JSON.
            put(api::overlay::publish_entry).layer(DefaultBodyLimit::max(MAX_SUBMISSION_BYTES)),
        )
        .route(
            "/organizations/{organization}/overlay/facts",
            put(api::overlay::update_facts),
        )
        .route(
            "/organizations/{organization}/overlay/history/{section}",
            get(api::overlay::history),
        )
        .route(
            "/organizations/{organization}/readers",
            get(api::reading::readers),
        )
        .route(
            "/organizations/{organization}/readers/{id}",
            put(api::reading::save_reader),
        )
        .route(
            "/organizations/{organization}/acknowledgements/{uuid}",
            put(api::reading::acknowledge),
        )
        .route("/regions/{region}/overview", get(api::region::overview))
        .route(
            "/regions/{region}/hospices/{organization}",
            get(api::region::hospice),
        )
        .route("/regions/{region}/trend", get(api::region::trend))
        .route("/regions/{region}/results.csv", get(api::region::results))
        .route("/regions/{region}/actions.csv", get(api::region::actions))
        .route(
            "/regions/{region}/submissions/{uuid}/review",
            put(api::region::review),
        )
        .route(
            "/admin/users/{username}/revoke-tokens",
            post(api::revoke_tokens),
        )
        .route("/metrics", get(api::metrics))
        .method_not_allowed_fallback(api::method_not_allowed);
    with_middleware(
        Router::new()
            .nest(API_PREFIX, api)
            .fallback(api::not_found)
            .with_state(state),
    )
}

/// Serves `router` on `listener` until `shutdown` completes; requests in flight finish.
pub async fn run(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}

/// A certificate chain and its private key, PEM files (for example from Let's Encrypt).
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub certificate: std::path::PathBuf,
    pub key: std::path::PathBuf,
}

/// Serves `router` over TLS on `listener` until `shutdown` completes; requests in flight
/// get ten seconds to finish.
pub async fn run_tls(
    listener: std::net::TcpListener,
    router: Router,
    tls: &TlsFiles,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // One process-wide crypto provider; a second install (tests) is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&tls.certificate, &tls.key)
        .await
        .map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!(
                    "cannot use the certificate {} with the key {}: {e}",
                    tls.certificate.display(),
                    tls.key.display()
                ),
            )
        })?;
    listener.set_nonblocking(true)?;
    tracing::info!("listening on https://{}", listener.local_addr()?);
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
    });
    axum_server::from_tcp_rustls(listener, config)
        .handle(handle)
        .serve(router.into_make_service())
        .await
}

/// Why a publish was refused.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("the content folder has {} error(s); nothing was published:\n{}", .0.len(), .0.join("\n"))]
    Invalid(Vec<String>),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Validates a content folder exactly as `kompas check` does and, if it has no errors,
/// publishes it to `region`.
pub async fn publish_dir(db: &Db, dir: &Path, region: &str) -> Result<ContentReport, PublishError> {
    let checked = kompas_content::check_folder(dir, kompas_content::ReviewDates::today());
    let errors: Vec<String> = checked.errors().map(ToString::to_string).collect();
    if !errors.is_empty() {
        return Err(PublishError::Invalid(errors));
    }
    // Checklists first: a changed published version refuses the whole publish before
    // any section changed. A folder of only sections (no checklists folder beside it)
    // leaves the region's checklists as they are, and the other way round: what a
    // publish does not hold is not taken to be deleted.
    let checklists = if checked.checklists.is_empty() {
        ChecklistReport::default()
    } else {
        db.publish_checklists(region, checked.checklists).await?
    };
    let sections = if checked.sections.is_empty() {
        PublishReport::default()
    } else {
        db.publish(region, checked.sections).await?
    };
    Ok(ContentReport {
        sections,
        checklists,
    })
}

/// What publishing a content folder changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentReport {
    pub sections: PublishReport,
    pub checklists: ChecklistReport,
}

//! Builds the application from settings: database, router, listener.

use std::sync::Arc;

use anyhow::Context;
use app::ports::{Clock, Mailer, SystemClock};
use app::state::{AppState, Runtime};
use app::store::Store;
use app::{shell, App};
use axum::routing::{get, post};
use axum::serve::{ListenerExt, TapIo};
use axum::{middleware, Router};
use leptos::config::{Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::{TcpListener, TcpStream};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::config::Settings;
use crate::http::test_clock::{self, AdjustableClock, TestClockState};
use crate::http::{body_limit, csrf, health, language, link_language, request_id, security_headers, server_fn_status, staff_guard};
use crate::jobs::{Scheduler, SchedulerHealth};
use crate::mail::MailTransport;
use crate::{definitions, seed, store, telemetry};

/// A bound, ready-to-run Svar.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    scheduler_interval: Option<std::time::Duration>,
    scheduler_health: Arc<SchedulerHealth>,
}

impl Application {
    /// Connects to the database (migrating it), seeds the demo clinic if
    /// asked, and binds the listener. Port 0 picks a free port (tests).
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let store = store::connect(&settings).await.context("opening the database")?;
        let mailer = Arc::new(MailTransport::from_settings(&settings)?);
        if settings.smtp_url.is_none() {
            tracing::info!(dir = %settings.mail_dir.display(), "no SMTP server set: mail is written to this folder");
        }
        if settings.test_clock {
            // Tests move this clock forward through `POST /test/advance`.
            let clock = Arc::new(AdjustableClock::default());
            return Self::build_with_test_clock(settings, store, clock, mailer).await;
        }
        Self::build_with(settings, store, Arc::new(SystemClock), mailer).await
    }

    async fn build_with_test_clock(
        settings: Settings,
        store: Arc<dyn Store>,
        clock: Arc<AdjustableClock>,
        mailer: Arc<dyn Mailer>,
    ) -> anyhow::Result<Application> {
        Self::build_inner(settings, store, clock.clone(), mailer, Some(clock)).await
    }

    /// Like [`Application::build`] with a given store and clock.
    pub async fn build_with(
        settings: Settings,
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        mailer: Arc<dyn Mailer>,
    ) -> anyhow::Result<Application> {
        Self::build_inner(settings, store, clock, mailer, None).await
    }

    /// `test_clock`: the clock `POST /test/advance` moves (test clock only).
    async fn build_inner(
        mut settings: Settings,
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        mailer: Arc<dyn Mailer>,
        test_clock: Option<Arc<AdjustableClock>>,
    ) -> anyhow::Result<Application> {
        let definitions = definitions::load(&settings.questionnaires_dir)?;
        tracing::info!(
            dir = %settings.questionnaires_dir.display(),
            "definitions: {}",
            definitions::summary(&definitions)
        );
        if settings.demo {
            // Demo staff accounts exist only in development.
            let password = match (settings.is_development(), &settings.demo_password) {
                (false, _) => None,
                (true, Some(fixed)) => Some(secrecy::ExposeSecret::expose_secret(fixed).to_owned()),
                (true, None) => Some(seed::random_password()?),
            };
            seed::demo(store.as_ref(), clock.as_ref(), password.as_deref()).await.context("seeding the demo clinics")?;
            if let Some(password) = password {
                println!("\nDemo sign-in at /staff/sign-in (development only; new passwords at every start):");
                for (_, email, _, role) in seed::DEMO_STAFF {
                    println!("  {email:<32} {password}   ({})", role.as_str());
                }
                println!();
            }
        }
        let pkg = settings.site_root.join(crate::http::assets::PKG_DIR);
        if pkg.is_dir() {
            match crate::http::assets::remove_stale(&pkg) {
                Ok(0) => {}
                Ok(n) => tracing::info!(removed = n, "compressed client files older than the client removed"),
                Err(err) => tracing::warn!(error = %app::error::error_chain(&err), "could not check the compressed client files"),
            }
        }
        let listener = TcpListener::bind(settings.listen).await.with_context(|| format!("listening on {}", settings.listen))?;
        // Listening on port 0 (tests): the public address is the port given.
        if let Some(base) = settings.public_url.strip_suffix(":0") {
            settings.public_url = format!("{base}:{}", listener.local_addr()?.port());
        }
        let report_key = crate::sms::report::ReportKey::new(store.sms_report_key().await.context("reading the SMS report key")?);
        let sms = crate::sms::SmsTransport::from_settings(&settings, report_key.clone())?.map(|t| Arc::new(t) as Arc<dyn app::ports::SmsSender>);
        let state = AppState {
            leptos_options: leptos_options(&settings),
            store,
            clock,
            definitions: Arc::new(app::definitions::Definitions::new(definitions)),
            mailer,
            sms,
            public_url: settings.public_url.clone().into(),
            runtime: Runtime {
                secure_cookies: settings.serves_https(),
                development: settings.is_development(),
                trust_forwarded_for: settings.trust_proxy,
            },
        };
        let scheduler_interval = (settings.scheduler_interval_secs > 0).then(|| std::time::Duration::from_secs(settings.scheduler_interval_secs));
        let scheduler_health = Arc::new(SchedulerHealth::default());
        let test_clock = test_clock.map(|clock| TestClockState { clock, scheduler: Scheduler::new(state.clone()) });
        let mut router = router(state.clone(), &settings, test_clock, report_key);
        if scheduler_interval.is_some() {
            // `/healthz` reports this process's scheduler (absent: "off").
            router = router.layer(axum::Extension(scheduler_health.clone()));
        }
        Ok(Application { listener, router, state, scheduler_interval, scheduler_health })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or_default()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let addr = self.listener.local_addr()?;
        tracing::info!(database = self.state.store.backend().as_str(), "listening on http://{addr}");
        let scheduler = self.scheduler_interval.map(|every| Scheduler::new(self.state.clone()).spawn(every, self.scheduler_health.clone()));
        axum::serve(without_nagle(self.listener), self.router.into_make_service_with_connect_info::<std::net::SocketAddr>())
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        if let Some(scheduler) = scheduler {
            // Stops between rounds' statements; a round cut short is redone
            // by the next start (jobs are only done once committed).
            scheduler.abort();
        }
        Ok(())
    }
}

/// The listener with Nagle's algorithm off on every accepted connection.
/// Pages are streamed in several small writes; with Nagle on, each write
/// after the first waits for the client's delayed acknowledgement, so
/// every request on a kept-alive connection (what browsers do) took about
/// 40 ms longer than its work (measured by the review that reported it:
/// a staff page on a kept-alive connection 44 ms → 1.7 ms).
pub fn without_nagle(listener: TcpListener) -> TapIo<TcpListener, fn(&mut TcpStream)> {
    fn no_delay(tcp: &mut TcpStream) {
        if let Err(err) = tcp.set_nodelay(true) {
            tracing::debug!(error = %app::error::error_chain(&err), "could not turn Nagle's algorithm off");
        }
    }
    listener.tap_io(no_delay as fn(&mut TcpStream))
}

/// How responses are compressed: per response at brotli's (and gzip's)
/// first level. tower-http's default, brotli quality 4, allocates and
/// zeroes its match tables for every response; with many responses in
/// flight that was about half of the questionnaire page's server time, and
/// level 1 doubled the page's throughput (`make load`, 2026-12-05). The page's
/// 19 KB go out as 5.1 KB instead of 4.4 KB. The client's own files are
/// not compressed here: `svar precompress` writes them once at brotli's
/// highest level, and a response that is already encoded passes through.
pub fn compression() -> CompressionLayer {
    CompressionLayer::new().quality(tower_http::CompressionLevel::Precise(1))
}

fn leptos_options(settings: &Settings) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("svar")
        .site_root(settings.site_root.to_string_lossy().into_owned())
        .site_pkg_dir(crate::http::assets::PKG_DIR)
        .site_addr(settings.listen)
        .env(if settings.is_development() { Env::DEV } else { Env::PROD })
        .build()
}

/// The app's routes, generated once per process. Generating them renders
/// the app with a process-wide "do not load resources" flag set
/// (leptos_server's `SuppressResourceLoad`): a page served by another
/// router in the same process at that moment waits forever on its first
/// resource. One generation, before any router serves, removes that window
/// (`server/tests/api/concurrent_builds.rs`).
fn routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Every route and the layers around them. `test_clock` adds
/// `POST /test/advance` (test clock only), inside the same layers as every
/// other route (cross-site refusal, security headers).
pub fn router(state: AppState, settings: &Settings, test_clock: Option<TestClockState>, report_key: crate::sms::report::ReportKey) -> Router {
    let routes = routes();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let shell = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    let router = Router::new()
        .route("/healthz", get(health::healthz))
        // The SMS gateway's delivery reports (Kannel calls with GET).
        .route("/hooks/sms/{id}", get(crate::sms::report::receive).layer(axum::Extension(report_key)))
        .route("/lang", post(language::set_language))
        // Each feature's form posts (app/src/<feature>/forms.rs).
        .merge(app::staff::forms::router())
        .merge(app::patients::forms::router())
        .merge(app::overview::forms::router())
        .merge(app::worklist::forms::router())
        .merge(app::calls::forms::router())
        .merge(app::authoring::forms::router())
        .merge(app::respondent::forms::router())
        // The client's files, precompressed at build time where they are.
        .nest_service(
            &format!("/{}", crate::http::assets::PKG_DIR),
            crate::http::assets::service(std::path::Path::new(state.leptos_options.site_root.as_ref())),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), shell);
    let router = match test_clock {
        Some(test) => router.route_service("/test/advance", post(test_clock::advance).with_state(test)),
        None => router,
    };
    let scrape = crate::http::metrics::MetricsState {
        app: state.clone(),
        handle: crate::http::metrics::handle(),
        token: settings.metrics_token.clone().map(std::sync::Arc::new),
    };
    let router = router.route_service("/metrics", get(crate::http::metrics::scrape).with_state(scrape));
    router
        // Every matched route is counted and timed, by its pattern.
        .route_layer(middleware::from_fn(crate::http::metrics::track))
        // Every matched route (forms, server functions): cross-site posts
        // are refused before any handler runs.
        .route_layer(middleware::from_fn_with_state(csrf::Origins::new(&settings.public_url), csrf::reject_cross_site))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, app::shell))
        .layer(middleware::from_fn_with_state(state.clone(), staff_guard::require_staff_session))
        .layer(middleware::from_fn_with_state(state.clone(), link_language::respondent_language))
        .layer(middleware::from_fn(server_fn_status::status_from_error))
        .with_state(state)
        .layer(middleware::from_fn_with_state(body_limit::Limits { default: settings.max_body_bytes }, body_limit::limit_body))
        // No request may hang a client forever.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(http::StatusCode::SERVICE_UNAVAILABLE, std::time::Duration::from_secs(30)))
        .layer(compression())
        .layer(middleware::from_fn_with_state(security_headers::Https(settings.serves_https()), security_headers::add_security_headers))
        .layer(TraceLayer::new_for_http().make_span_with(telemetry::request_span))
        // Outermost: the id is there before the log span is made.
        .layer(middleware::from_fn_with_state(request_id::TrustProxy(settings.trust_proxy), request_id::assign))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

#[cfg(test)]
mod tests {
    use axum::serve::Listener;

    use super::*;

    #[tokio::test]
    async fn accepted_connections_have_nagles_algorithm_off() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let mut listener = without_nagle(listener);
        let _client = TcpStream::connect(addr).await.expect("connect");
        let (accepted, _) = listener.accept().await;
        assert!(accepted.nodelay().expect("read TCP_NODELAY"), "TCP_NODELAY is off on an accepted connection");
    }
}

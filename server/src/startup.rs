//! Builds the application from settings: database, router, listener.

use std::sync::Arc;

use anyhow::Context;
use app::ports::{AppState, Clock, Mailer, Runtime, Store, SystemClock};
use app::{shell, App};
use axum::routing::{get, post};
use axum::{middleware, Router};
use leptos::config::{Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::config::Settings;
use crate::mail::MailTransport;
use crate::http::test_clock::{self, AdjustableClock, TestClockState};
use crate::http::{authoring_forms, csrf, health, language, patient_forms, security_headers, staff_forms, staff_guard, worklist_forms};
use crate::jobs::Scheduler;
use crate::{definitions, seed, store, telemetry};

/// A bound, ready-to-run Svar.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    scheduler_interval: Option<std::time::Duration>,
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
        let mut app = Self::build_with(settings, store, clock.clone(), mailer).await?;
        let test = TestClockState { clock, scheduler: Scheduler::new(app.state.clone()) };
        let routes = Router::new().route("/test/advance", post(test_clock::advance)).with_state(test);
        app.router = app.router.merge(routes);
        Ok(app)
    }

    /// Like [`Application::build`] with a given store and clock.
    pub async fn build_with(
        settings: Settings,
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        mailer: Arc<dyn Mailer>,
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
            seed::demo(store.as_ref(), clock.as_ref(), password.as_deref())
                .await
                .context("seeding the demo clinics")?;
            if let Some(password) = password {
                println!("\nDemo sign-in at /staff/sign-in (development only; new passwords at every start):");
                for (_, email, _, role) in seed::DEMO_STAFF {
                    println!("  {email:<32} {password}   ({})", role.as_str());
                }
                println!();
            }
        }
        let listener = TcpListener::bind(settings.listen)
            .await
            .with_context(|| format!("listening on {}", settings.listen))?;
        let state = AppState {
            leptos_options: leptos_options(&settings),
            store,
            clock,
            definitions: Arc::new(app::definitions::Definitions::new(definitions)),
            mailer,
            public_url: settings.public_url.clone().into(),
            runtime: Runtime {
                secure_cookies: settings.public_url.starts_with("https://"),
                development: settings.is_development(),
                trust_forwarded_for: settings.trust_proxy,
            },
        };
        let router = router(state.clone(), &settings);
        let scheduler_interval =
            (settings.scheduler_interval_secs > 0).then(|| std::time::Duration::from_secs(settings.scheduler_interval_secs));
        Ok(Application { listener, router, state, scheduler_interval })
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
        let scheduler = self.scheduler_interval.map(|every| Scheduler::new(self.state.clone()).spawn(every));
        axum::serve(self.listener, self.router.into_make_service_with_connect_info::<std::net::SocketAddr>())
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

fn leptos_options(settings: &Settings) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("svar")
        .site_root(settings.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(settings.listen)
        .env(if settings.is_development() { Env::DEV } else { Env::PROD })
        .build()
}

/// Every route and the layers around them.
pub fn router(state: AppState, settings: &Settings) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let shell = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/lang", post(language::set_language))
        .route("/staff/sign-in", post(staff_forms::sign_in))
        .route("/staff/sign-out", post(staff_forms::sign_out))
        .route("/staff/password", post(staff_forms::change_password))
        .route("/staff/forgot", post(staff_forms::forgot_password))
        .route("/staff/reset", post(staff_forms::reset_password))
        .route("/staff/members", post(staff_forms::add_member))
        .route("/staff/patients/new", post(staff_forms::new_patient))
        .route("/staff/import", post(staff_forms::import))
        .route("/staff/enrolments/{id}", post(staff_forms::change_enrolment))
        .route("/staff/patients/{id}/enter/{questionnaire}", post(staff_forms::enter_response))
        .route("/staff/clinic/notify", post(worklist_forms::set_notify_email))
        .route("/staff/worklist/{kind}/{id}/decide", post(worklist_forms::decide))
        .route("/staff/worklist/{kind}/{id}/assign", post(worklist_forms::assign))
        .route("/staff/authoring", post(authoring_forms::catalogue_form))
        .route("/staff/authoring/import", post(authoring_forms::import))
        .route("/staff/authoring/mail", post(authoring_forms::mail_form))
        .route("/staff/authoring/{kind}/{id}/{version}", post(authoring_forms::version_form))
        .route("/staff/authoring/{kind}/{id}/{version}/test", post(authoring_forms::test_form))
        .route("/staff/authoring/{kind}/{id}/{version}/export", get(authoring_forms::export))
        .route("/p/{token}", post(patient_forms::open_link))
        .route("/a/page", post(patient_forms::save_page))
        .route("/a/submit", post(patient_forms::submit))
        .leptos_routes_with_context(&state, routes, context.clone(), shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, app::shell))
        .layer(middleware::from_fn_with_state(state.clone(), staff_guard::require_staff_session))
        .with_state(state)
        .layer(middleware::from_fn_with_state(
            csrf::Origins::new(&settings.public_url),
            csrf::reject_cross_site,
        ))
        .layer(RequestBodyLimitLayer::new(settings.max_body_bytes))
        // No request may hang a client forever.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            http::StatusCode::SERVICE_UNAVAILABLE,
            std::time::Duration::from_secs(30),
        ))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(security_headers::add_security_headers))
        .layer(TraceLayer::new_for_http().make_span_with(telemetry::request_span))
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

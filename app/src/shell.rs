use leptos::prelude::*;
use leptos_meta::MetaTags;

use crate::i18n::initial_locale;
use crate::App;

/// The HTML document around the app, rendered on the server only.
///
/// It also sets the page's Content-Security-Policy: scripts run only with
/// the nonce Leptos generated for this response (the hydration script),
/// plus what those load (`'strict-dynamic'`) and the wasm module
/// (`'wasm-unsafe-eval'`).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    let lang = initial_locale().as_str();
    // A refused form rendered at its page's address, not the one it posted
    // to (`form_response::page_with_echo_at`): the browser's address is
    // made the page's before the client starts, so both render one page.
    #[cfg(feature = "ssr")]
    let address = use_context::<crate::components::FormEcho>().and_then(|echo| echo.page).map(|page| {
        // A string in JavaScript; `<` written out so no `</script>` can end it.
        let page = serde_json::to_string(&page).unwrap_or_default().replace('<', "\\u003c");
        let nonce = use_nonce().map(|n| n.to_string());
        view! { <script nonce=nonce>{format!("history.replaceState(null, \"\", {page});")}</script> }
    });
    #[cfg(not(feature = "ssr"))]
    let address: Option<()> = None;
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                {address}
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let script_src = match use_nonce() {
        Some(nonce) => format!("'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_owned(),
    };
    let policy = format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

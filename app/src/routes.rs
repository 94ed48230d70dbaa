use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Stylesheet};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::components::PageLayout;
use crate::i18n::{initial_locale, provide_i18n};
use crate::pages::{HomePage, NotFound};

/// The whole application: every page and its address.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_i18n(initial_locale());

    view! {
        <Stylesheet id="leptos" href="/pkg/svar.css"/>
        <Router>
            <PageLayout>
                <Routes fallback=NotFound>
                    <Route path=path!("") view=HomePage/>
                </Routes>
            </PageLayout>
        </Router>
    }
}

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Stylesheet};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::authoring::{AuthoringHome, MailTextsPage, RuleTestPage, VersionPage};
use crate::components::PageLayout;
use crate::home::{HomePage, NotFound};
use crate::i18n::{initial_locale, provide_i18n};
use crate::overview::StaffHome;
use crate::patients::{EntryPage, ImportPage, NewPatientPage, PatientPage, PatientsPage};
use crate::respondent::{AnswerPage, LinkPage, ReceiptPage, ReviewPage};
use crate::staff::{AuditPage, ForgotPage, MembersPage, PasswordPage, ResetPage, SignInPage};
use crate::worklist::{WorklistEntryPage, WorklistPage};

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
                    // The respondents' pages: in order too, so each reads in full without JavaScript.
                    <Route path=path!("/p/:token") view=LinkPage ssr=SsrMode::InOrder/>
                    <Route path=path!("/a") view=AnswerPage ssr=SsrMode::InOrder/>
                    <Route path=path!("/a/review") view=ReviewPage ssr=SsrMode::InOrder/>
                    <Route path=path!("/a/done") view=ReceiptPage ssr=SsrMode::InOrder/>
                    // Staff pages stream in order (each part once its data is there),
                    // so they read right without JavaScript; the redirect to sign-in
                    // happens before rendering (server/src/http/staff_guard.rs).
                    <Route path=path!("/staff/sign-in") view=SignInPage ssr=SsrMode::InOrder/>
                    <Route path=path!("/staff/forgot") view=ForgotPage ssr=SsrMode::InOrder/>
                    <Route path=path!("/staff/reset") view=ResetPage ssr=SsrMode::InOrder/>
                    <Route path=path!("/staff") view=StaffHome ssr=SsrMode::InOrder/>
                    <Route path=path!("/staff/worklist") view=WorklistPage ssr=SsrMode::InOrder/>
                    // Whole pages (not streamed), so another clinic's or a missing entry or
                    // patient answers 404 rather than 200 with "not found" in it.
                    <Route path=path!("/staff/worklist/:kind/:id") view=WorklistEntryPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/calls") view=crate::calls::CallListPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/patients") view=PatientsPage ssr=SsrMode::InOrder/>
                    <Route path=path!("/staff/patients/new") view=NewPatientPage ssr=SsrMode::InOrder/>
                    <Route path=path!("/staff/patients/:id") view=PatientPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/patients/:id/enter/:questionnaire") view=EntryPage ssr=SsrMode::InOrder/>
                    <Route path=path!("/staff/import") view=ImportPage ssr=SsrMode::InOrder/>
                    <Route path=path!("/staff/members") view=MembersPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/password") view=PasswordPage ssr=SsrMode::InOrder/>
                    <Route path=path!("/staff/authoring") view=AuthoringHome ssr=SsrMode::InOrder/>
                    <Route path=path!("/staff/authoring/mail") view=MailTextsPage ssr=SsrMode::InOrder/>
                    <Route path=path!("/staff/authoring/:kind/:id/:version") view=VersionPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/authoring/:kind/:id/:version/test") view=RuleTestPage ssr=SsrMode::Async/>
                </Routes>
            </PageLayout>
        </Router>
    }
}

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{use_form_echo, ErrorSummary, StaffFrame};
use crate::i18n::t;
use crate::i18n::{tr, use_i18n};
use crate::overview::api::get_overview;
use crate::overview::OverviewRow;

/// `/staff`: the clinic overview — per questionnaire and time point, how
/// many were invited, the response rate and the share flagged, and each
/// score per month, beside the same for the other clinics where at least
/// three of them have enough responses (aggregates only). Admins set where
/// urgent entries are notified.
#[component]
pub fn StaffHome() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, t::overview::OVERVIEW_SVAR)/>
        <StaffFrame>
            <h1>{tr(i18n, t::overview::OVERVIEW)}</h1>
            <p><a href="/staff/worklist">{tr(i18n, t::overview::GO_WORKLIST)}</a></p>
            <OverviewView/>
        </StaffFrame>
    }
}

/// One decimal, with a decimal comma in Danish.
fn decimal(v: f64, lang: crate::i18n::Locale) -> String {
    let s = format!("{v:.1}");
    if lang == crate::i18n::Locale::Da {
        s.replace('.', ",")
    } else {
        s
    }
}

fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |p| format!("{p:.0} %"))
}

#[component]
fn OverviewView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(|| (), |_| get_overview());
    let echo = use_form_echo();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                // Saved: a redirect here with `?notify=saved` (or zone, region).
                // Refused: this page again with what was typed and why.
                let echo = echo.await.unwrap_or_default();
                let saved = |form: &str| {
                    (query.read_untracked().get(form).as_deref() == Some("saved"))
                        .then(|| view! { <p class="notice" role="status">{tr(i18n, t::overview::SAVED)}</p> })
                };
                let problem = |field: &str| echo.error(field).cloned().into_iter().collect::<Vec<_>>();
                let typed = |field: &str, current: String| if echo.values.contains_key(field) { echo.value(field) } else { current };
                match data.await {
                    Ok(o) => {
                        let lang = i18n.locale();
                        let labels = &o.labels;
                        let rows = o.clinic.iter().map(|r| {
                            let all = o.installation.iter().find(|a| a.questionnaire_id == r.questionnaire_id && a.timepoint == r.timepoint).cloned().unwrap_or_else(OverviewRow::default);
                            view! {
                                <tr>
                                    <td>{format!("{} ({})", labels.questionnaire(&r.questionnaire_id, lang), labels.timepoint(&r.timepoint, lang))}</td>
                                    <td>{r.sent}</td>
                                    <td>{r.answered}</td>
                                    <td>{percent(r.response_rate())}</td>
                                    <td>{percent(r.flagged_share())}</td>
                                    <td>{percent(all.response_rate())}</td>
                                    <td>{percent(all.flagged_share())}</td>
                                </tr>
                            }
                        }).collect_view();
                        let empty = o.clinic.is_empty();
                        let scores = o.clinic_scores.iter().map(|m| {
                            let all = o.installation_scores.iter().find(|a| a.questionnaire_id == m.questionnaire_id && a.score == m.score && a.month == m.month).cloned().unwrap_or_default();
                            view! {
                                <tr>
                                    <td>{format!("{}: {}", labels.questionnaire(&m.questionnaire_id, lang), labels.score(&m.questionnaire_id, &m.score, lang))}</td>
                                    <td>{crate::i18n::month_label(&m.month, lang)}</td>
                                    <td>{m.responses}</td>
                                    <td>{format!("{} ({}–{})", decimal(m.mean, lang), decimal(m.min, lang), decimal(m.max, lang))}</td>
                                    <td>{if all.responses == 0 { "–".to_owned() } else { format!("{}, n={}", decimal(all.mean, lang), all.responses) }}</td>
                                </tr>
                            }
                        }).collect_view();
                        let has_scores = !o.clinic_scores.is_empty();
                        let current = o.notify_email.clone();
                        let notify = o.admin.then(|| {
                            let message = view! { {saved("notify")}<ErrorSummary errors=problem("notify_email")/> };
                            view! {
                                <h2>{tr(i18n, t::overview::NOTICE_RED_FLAGS_CONTACT_REQUESTS)}</h2>
                                {message}
                                <form method="post" action="/staff/clinic/notify" class="stack-form">
                                    <label for="notify_email">{tr(i18n, t::overview::CLINIC_S_EMAIL_EMPTY_NO)}</label>
                                    <input id="notify_email" name="notify_email" type="email" autocomplete="email" value=typed("notify_email", current.unwrap_or_default())/>
                                    <button type="submit" class="button button-secondary">{tr(i18n, t::overview::SAVE)}</button>
                                </form>
                            }
                        });
                        let current_region = o.region;
                        let region = o.admin.then(|| {
                            let message = view! { {saved("region")}<ErrorSummary errors=problem("region")/> };
                            let options = crate::domain::Region::ALL
                                .into_iter()
                                .map(|r| {
                                    let (da, en) = r.names();
                                    let text = move || format!("{} ({})", if i18n.locale() == crate::i18n::Locale::Da { da } else { en }, r.out_of_hours_phone());
                                    view! { <option value=r.as_str() selected=r == current_region>{text}</option> }
                                })
                                .collect_view();
                            view! {
                                <h2>{tr(i18n, t::overview::CLINIC_S_REGION)}</h2>
                                {message}
                                <form method="post" action="/staff/clinic/region" class="stack-form">
                                    <label for="region">{tr(i18n, t::overview::REGION_OUT_OF_HOURS)}</label>
                                    <select id="region" name="region">{options}</select>
                                    <button type="submit" class="button button-secondary">{tr(i18n, t::overview::SAVE)}</button>
                                </form>
                            }
                        });
                        let sender = o.sms_sender.clone();
                        let sms_sender = o.admin.then(|| {
                            let message = view! { {saved("sms_sender")}<ErrorSummary errors=problem("sms_sender")/> };
                            view! {
                                <h2>{tr(i18n, t::overview::CLINIC_S_SMS_SENDER)}</h2>
                                {message}
                                <form method="post" action="/staff/clinic/sms-sender" class="stack-form">
                                    <label for="sms_sender">{tr(i18n, t::overview::SMS_SENDER_LABEL)}</label>
                                    <input id="sms_sender" name="sms_sender" type="text" maxlength="11" autocomplete="off" value=typed("sms_sender", sender)/>
                                    <button type="submit" class="button button-secondary">{tr(i18n, t::overview::SAVE)}</button>
                                </form>
                            }
                        });
                        let zone = o.time_zone.clone();
                        let time_zone = o.admin.then(|| {
                            let message = view! { {saved("zone")}<ErrorSummary errors=problem("time_zone")/> };
                            view! {
                                <h2>{tr(i18n, t::overview::CLINIC_S_TIME_ZONE)}</h2>
                                {message}
                                <form method="post" action="/staff/clinic/time-zone" class="stack-form">
                                    <label for="time_zone">{tr(i18n, t::overview::INVITATIONS_GO_OUT_07_00)}</label>
                                    <input id="time_zone" name="time_zone" type="text" list="time-zones" autocomplete="off" value=typed("time_zone", zone)/>
                                    <datalist id="time-zones">
                                        <option value="Europe/Copenhagen"/>
                                        <option value="Atlantic/Faroe"/>
                                        <option value="America/Nuuk"/>
                                        <option value="Europe/Oslo"/>
                                        <option value="Europe/Stockholm"/>
                                        <option value="Europe/Berlin"/>
                                        <option value="Europe/London"/>
                                    </datalist>
                                    <button type="submit" class="button button-secondary">{tr(i18n, t::overview::SAVE)}</button>
                                </form>
                            }
                        });
                        view! {
                            <h2>{tr(i18n, t::overview::RESPONSE_RATES_FLAGS)}</h2>
                            {if empty {
                                view! { <p class="muted">{tr(i18n, t::overview::NO_INVITATIONS_SENT_YET)}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-box" tabindex="0"><table class="table" id="overview">
                                        <thead>
                                            <tr>
                                                <th scope="col">{tr(i18n, t::overview::QUESTIONNAIRE_TIME_POINT)}</th>
                                                <th scope="col">{tr(i18n, t::overview::SENT)}</th>
                                                <th scope="col">{tr(i18n, t::overview::ANSWERED)}</th>
                                                <th scope="col">{tr(i18n, t::overview::RESPONSE_RATE)}</th>
                                                <th scope="col">{tr(i18n, t::overview::FLAGGED)}</th>
                                                <th scope="col">{tr(i18n, t::overview::RESPONSE_RATE_OTHER_CLINICS)}</th>
                                                <th scope="col">{tr(i18n, t::overview::FLAGGED_OTHER_CLINICS)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>{rows}</tbody>
                                    </table></div>
                                }.into_any()
                            }}
                            <p class="muted" id="comparison-note">{tr(i18n, t::overview::OTHER_CLINICS_SHOWN_WHEN)}</p>
                            {has_scores.then(|| view! {
                                <h2>{tr(i18n, t::overview::SCORES_MONTH)}</h2>
                                <div class="table-box" tabindex="0"><table class="table" id="score-months">
                                    <thead>
                                        <tr>
                                            <th scope="col">{tr(i18n, t::overview::SCORE)}</th>
                                            <th scope="col">{tr(i18n, t::overview::MONTH)}</th>
                                            <th scope="col">{tr(i18n, t::overview::RESPONSES)}</th>
                                            <th scope="col">{tr(i18n, t::overview::MEAN_LOWEST_HIGHEST)}</th>
                                            <th scope="col">{tr(i18n, t::overview::OTHER_CLINICS_MEAN)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{scores}</tbody>
                                </table></div>
                            })}
                            {notify}
                            {time_zone}
                            {region}
                            {sms_sender}
                        }.into_any()
                    }
                    Err(err) => view! { <p role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

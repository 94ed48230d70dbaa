//! A small line chart of one score over time, drawn as SVG on the server
//! (no chart library, nothing to download). Points of responses that
//! raised a flag are marked; the chart has a text alternative (a table)
//! for screen readers.

use leptos::prelude::*;
use time::OffsetDateTime;

use crate::i18n::{tr, use_i18n};

/// One value of the score.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartPoint {
    pub at: OffsetDateTime,
    pub value: f64,
    pub flagged: bool,
}

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 120.0;
const PAD: f64 = 24.0;

/// Where the points go in the drawing: (x, y) per point.
pub fn layout(points: &[ChartPoint]) -> (Vec<(f64, f64)>, f64, f64) {
    let lo = points.iter().map(|p| p.value).fold(f64::INFINITY, f64::min).min(0.0);
    let mut hi = points.iter().map(|p| p.value).fold(f64::NEG_INFINITY, f64::max);
    if !hi.is_finite() || hi <= lo {
        hi = lo + 1.0;
    }
    let first = points.first().map(|p| p.at.unix_timestamp()).unwrap_or_default() as f64;
    let last = points.last().map(|p| p.at.unix_timestamp()).unwrap_or_default() as f64;
    let span = (last - first).max(1.0);
    let xy = points
        .iter()
        .map(|p| {
            let x = if points.len() == 1 { WIDTH / 2.0 } else { PAD + (p.at.unix_timestamp() as f64 - first) / span * (WIDTH - 2.0 * PAD) };
            let y = HEIGHT - PAD - (p.value - lo) / (hi - lo) * (HEIGHT - 2.0 * PAD);
            (x, y)
        })
        .collect();
    (xy, lo, hi)
}

#[component]
pub fn ScoreChart(title: String, points: Vec<ChartPoint>) -> impl IntoView {
    let i18n = use_i18n();
    let (xy, lo, hi) = layout(&points);
    let line = xy.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
    let dots = xy
        .iter()
        .zip(&points)
        .map(|((x, y), p)| {
            let class = if p.flagged { "chart-point flagged" } else { "chart-point" };
            let r = if p.flagged { "5" } else { "3.5" };
            view! { <circle class=class cx=format!("{x:.1}") cy=format!("{y:.1}") r=r/> }
        })
        .collect_view();
    let rows = points
        .iter()
        .map(|p| {
            let flagged = p.flagged;
            view! {
                <tr>
                    <td>{let day = p.at.date(); move || crate::i18n::short_date(day, i18n.locale())}</td>
                    <td>{format!("{:.1}", p.value)}</td>
                    <td>{move || if flagged { tr(i18n, "markeret", "flagged")() } else { "" }}</td>
                </tr>
            }
        })
        .collect_view();
    let caption = title.clone();
    view! {
        <figure class="score-chart">
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-hidden="true" focusable="false">
                <line class="chart-axis" x1=PAD y1=HEIGHT - PAD x2=WIDTH - PAD y2=HEIGHT - PAD/>
                <text class="chart-label" x="2" y=HEIGHT - PAD + 4.0>{format!("{lo:.0}")}</text>
                <text class="chart-label" x="2" y=PAD + 4.0>{format!("{hi:.0}")}</text>
                <polyline class="chart-line" points=line/>
                {dots}
            </svg>
            // The wrapper is what is hidden: a table is never narrower than
            // its content, so a hidden table widened the page on a phone.
            <div class="visually-hidden"><table>
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">{tr(i18n, "Dato", "Date")}</th>
                    <th scope="col">{tr(i18n, "Værdi", "Value")}</th>
                    <th scope="col">{tr(i18n, "Flag", "Flag")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn points_spread_over_time_and_higher_values_sit_higher() {
        let p = |at, value| ChartPoint { at, value, flagged: false };
        let points = [p(datetime!(2026-01-01 0:00 UTC), 2.0), p(datetime!(2026-02-01 0:00 UTC), 8.0), p(datetime!(2026-03-01 0:00 UTC), 4.0)];
        let (xy, lo, hi) = layout(&points);
        assert_eq!((lo, hi), (0.0, 8.0));
        assert!(xy[0].0 < xy[1].0 && xy[1].0 < xy[2].0);
        assert!(xy[1].1 < xy[2].1 && xy[2].1 < xy[0].1, "SVG y grows downwards");
        assert_eq!(layout(&points[..1]).0[0].0, WIDTH / 2.0);
    }
}

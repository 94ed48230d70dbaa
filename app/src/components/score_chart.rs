//! A small line chart of one score over time, drawn as SVG on the server
//! (no chart library, nothing to download). Points of responses that
//! raised a flag are marked; the chart has a text alternative (a table)
//! for screen readers.

use leptos::prelude::*;
use time::OffsetDateTime;

use crate::i18n::t;
use crate::i18n::{tr, use_i18n};

/// One value of the score.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartPoint {
    pub at: OffsetDateTime,
    pub value: f64,
    pub flagged: bool,
}

/// A named range of the score (its cut-offs), shaded behind the line.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartBand {
    pub from: f64,
    pub to: f64,
    pub label: crate::engine::LangText,
}

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 120.0;
const PAD: f64 = 24.0;

/// Where the points go in the drawing: (x, y) per point, and the lowest
/// and highest value drawn (every band fits).
pub fn layout(points: &[ChartPoint], bands: &[ChartBand]) -> (Vec<(f64, f64)>, f64, f64) {
    let values = points.iter().map(|p| p.value).chain(bands.iter().flat_map(|b| [b.from, b.to]));
    let lo = values.clone().fold(f64::INFINITY, f64::min).min(0.0);
    let mut hi = values.fold(f64::NEG_INFINITY, f64::max);
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
            let y = y_of(p.value, lo, hi);
            (x, y)
        })
        .collect();
    (xy, lo, hi)
}

/// The y of `value` in a drawing from `lo` to `hi`.
fn y_of(value: f64, lo: f64, hi: f64) -> f64 {
    HEIGHT - PAD - (value - lo) / (hi - lo) * (HEIGHT - 2.0 * PAD)
}

/// The band a value lies in (the last band includes its top).
fn band_of(bands: &[ChartBand], value: f64) -> Option<&ChartBand> {
    bands.iter().enumerate().find(|(i, b)| value >= b.from && (value < b.to || (*i + 1 == bands.len() && value <= b.to))).map(|(_, b)| b)
}

#[component]
pub fn ScoreChart(title: String, points: Vec<ChartPoint>, #[prop(optional)] bands: Vec<ChartBand>) -> impl IntoView {
    let i18n = use_i18n();
    let (xy, lo, hi) = layout(&points, &bands);
    let shaded = bands
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let (top, bottom) = (y_of(b.to, lo, hi), y_of(b.from, lo, hi));
            let label = b.label.clone();
            view! {
                <rect class=format!("chart-band chart-band-{}", i % 3) x=PAD y=format!("{top:.1}") width=WIDTH - 2.0 * PAD height=format!("{:.1}", bottom - top)/>
                <text class="chart-band-label" x=WIDTH - PAD - 2.0 y=format!("{:.1}", bottom - 3.0) text-anchor="end">{move || label.get(i18n.locale()).to_owned()}</text>
            }
        })
        .collect_view();
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
            let band = band_of(&bands, p.value).map(|b| b.label.clone());
            view! {
                <tr>
                    <td>{let day = p.at.date(); move || crate::i18n::short_date(day, i18n.locale())}</td>
                    <td>{format!("{:.1}", p.value)}{move || band.as_ref().map(|b| format!(" ({})", b.get(i18n.locale())))}</td>
                    <td>{move || if flagged { tr(i18n, t::components::FLAGGED)() } else { "" }}</td>
                </tr>
            }
        })
        .collect_view();
    let caption = title.clone();
    view! {
        <figure class="score-chart">
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-hidden="true" focusable="false">
                {shaded}
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
                    <th scope="col">{tr(i18n, t::components::DATE)}</th>
                    <th scope="col">{tr(i18n, t::components::VALUE)}</th>
                    <th scope="col">{tr(i18n, t::components::FLAG)}</th>
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
        let (xy, lo, hi) = layout(&points, &[]);
        assert_eq!((lo, hi), (0.0, 8.0));
        assert!(xy[0].0 < xy[1].0 && xy[1].0 < xy[2].0);
        assert!(xy[1].1 < xy[2].1 && xy[2].1 < xy[0].1, "SVG y grows downwards");
        assert_eq!(layout(&points[..1], &[]).0[0].0, WIDTH / 2.0);
    }

    #[test]
    fn bands_widen_the_drawing_to_their_range_and_name_each_value() {
        let band = |from, to, en: &str| ChartBand { from, to, label: crate::engine::LangText::new(en, en) };
        let bands = [band(0.0, 6.0, "few"), band(6.0, 12.0, "some"), band(12.0, 24.0, "many")];
        let points = [ChartPoint { at: datetime!(2026-01-01 0:00 UTC), value: 7.0, flagged: false }];
        let (_, lo, hi) = layout(&points, &bands);
        assert_eq!((lo, hi), (0.0, 24.0), "the whole scale, not only the values");
        let name = |v| band_of(&bands, v).map(|b| b.label.en.clone());
        assert_eq!(
            (name(5.9), name(6.0), name(12.0), name(24.0), name(25.0)),
            (Some("few".into()), Some("some".into()), Some("many".into()), Some("many".into()), None)
        );
    }
}

//! The two faces every document uses, built into the binary so a server
//! needs no fonts installed, and their text widths for line breaking.

use super::Weight;

static REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

pub(super) fn bytes(weight: Weight) -> &'static [u8] {
    match weight {
        Weight::Regular => REGULAR,
        Weight::Bold => BOLD,
    }
}

/// Measures text as krilla draws it: rustybuzz is krilla's own shaper, so
/// a measured line is exactly as wide as the drawn one (kerning included).
pub(super) struct Measure {
    regular: rustybuzz::Face<'static>,
    bold: rustybuzz::Face<'static>,
}

impl Measure {
    /// The faces, read once per process (each is some 700 KB).
    pub(super) fn get() -> &'static Measure {
        static MEASURE: std::sync::LazyLock<Measure> = std::sync::LazyLock::new(Measure::new);
        &MEASURE
    }

    fn new() -> Self {
        // The faces are built into the binary; a unit test reads both.
        #[allow(clippy::expect_used)]
        let face = |bytes| rustybuzz::Face::from_slice(bytes, 0).expect("the built-in fonts are readable");
        Measure { regular: face(REGULAR), bold: face(BOLD) }
    }

    /// The width of `text` in points at `size` points.
    pub(super) fn width(&self, weight: Weight, size: f32, text: &str) -> f32 {
        let face = match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        };
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(face, &[], buffer);
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 * size / face.units_per_em() as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_read_and_a_wider_text_measures_wider() {
        let m = Measure::get();
        let one = m.width(Weight::Regular, 10.0, "æøå");
        assert!(one > 10.0 && one < 30.0, "{one}");
        assert!(m.width(Weight::Regular, 10.0, "æøå æøå") > 2.0 * one);
        assert!(m.width(Weight::Bold, 10.0, "æøå") > one, "bold is wider");
        assert!((m.width(Weight::Regular, 20.0, "æøå") - 2.0 * one).abs() < 0.01, "width scales with size");
    }
}

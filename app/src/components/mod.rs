//! Pieces shared by several pages.
mod language_switch;
mod layout;

pub use language_switch::LanguageSwitch;
pub use layout::PageLayout;

//! The Svar server: configuration, storage, HTTP and the command line.
//! `main.rs` only parses the command line and calls into here, so tests
//! start the real application with [`startup::Application::build`].
#![forbid(unsafe_code)]

pub mod backup;
pub mod cli;
pub mod config;
pub mod definitions;
pub mod http;
pub mod jobs;
pub mod mail;
pub mod seed;
pub mod sms;
pub mod startup;
pub mod store;
pub mod telemetry;

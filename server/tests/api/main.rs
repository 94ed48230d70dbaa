//! Integration tests of the real application, each on a fresh database.
//! Every test is written once and runs on SQLite and on PostgreSQL.

mod fixtures;
mod helpers;

mod assets;
mod authoring;
mod backup;
mod calls;
mod clinic_clock;
mod concurrent_builds;
mod copy;
mod definitions;
mod faults;
mod health;
mod injection;
mod journey;
mod labels;
mod logs;
mod metrics;
mod missed_reports;
mod out_of_hours;
mod overview;
mod pages;
mod protection;
mod responses;
mod services;
mod sms;
mod sql;
mod staff;
mod staff_entry;
mod statuses;
mod storage;
mod triage;
mod upgrade;
mod worklist;

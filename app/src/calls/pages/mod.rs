mod list;

pub use list::CallListPage;

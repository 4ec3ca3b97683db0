//! Shared support for Hilt cross-backend tests.

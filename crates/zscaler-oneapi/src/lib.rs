//! Zscaler OneAPI client (being written).

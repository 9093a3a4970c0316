//! The fake driven through the real AWS SDK clients, with moto behind it.

mod bad_input;
mod common;
mod credential_providers;
mod ecs_express;
mod forwarding;
mod harness;
mod invoke_harness;

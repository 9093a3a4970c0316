//! ZCC endpoints.

use crate::routes::Routes;
use crate::store::Tenant;

pub fn install(_routes: &mut Routes) {}

pub fn seed(_tenant: &mut Tenant, _demo: bool) {}

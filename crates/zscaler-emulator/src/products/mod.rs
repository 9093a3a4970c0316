//! One module per product: each registers its routes and seeds its part of the tenant.

use crate::routes::Routes;
use crate::store::Tenant;

pub mod zcc;
pub mod zcell;
pub mod zdx;
pub mod zeasm;
pub mod zia;
pub mod zid;
pub mod zins;
pub mod zms;
pub mod zpa;
pub mod ztw;

pub fn install(routes: &mut Routes) {
    zpa::install(routes);
    zia::install(routes);
    ztw::install(routes);
    zid::install(routes);
    zcc::install(routes);
    zdx::install(routes);
    zeasm::install(routes);
    zins::install(routes);
    zms::install(routes);
    zcell::install(routes);
}

/// `demo` fills the tenant with varied data; without it only what every new tenant has.
pub fn seed(tenant: &mut Tenant, demo: bool) {
    zpa::seed(tenant, demo);
    zia::seed(tenant, demo);
    ztw::seed(tenant, demo);
    zid::seed(tenant, demo);
    zcc::seed(tenant, demo);
    zdx::seed(tenant, demo);
    zeasm::seed(tenant, demo);
    zins::seed(tenant, demo);
    zms::seed(tenant, demo);
    zcell::seed(tenant, demo);
}

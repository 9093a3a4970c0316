//! The ZDX demo tenant: monitored apps, users and their devices spread over the demo cities,
//! ongoing and historical alerts, and a software inventory. Series data is not stored; it is
//! generated per request (see the parent module).

use serde_json::{Value, json};

use super::{ALERTS, APPS, DEPARTMENTS, DEVICES, GEOS, LOCATIONS, SOFTWARE, USERS, installs_of};
use crate::seed::{CITIES, DEPARTMENTS as DEPARTMENT_NAMES, DOMAIN, FIRST_NAMES, LAST_NAMES};
use crate::store::{Tenant, epoch_seconds};

/// (id, name, base score, host probed, reports call quality)
const APP_CATALOGUE: &[(u64, &str, f64, &str, bool)] = &[
    (1, "Microsoft 365", 84.0, "outlook.office365.com", false),
    (2, "Salesforce", 79.0, "acme-demo.my.salesforce.com", false),
    (3, "Zoom", 71.0, "zoom.us", true),
    (4, "ServiceNow", 76.0, "acme-demo.service-now.com", false),
    (5, "Slack", 88.0, "app.slack.com", false),
    (6, "Google Workspace", 86.0, "mail.google.com", false),
    (7, "Box", 63.0, "app.box.com", false),
    (8, "Workday", 58.0, "wd5.myworkday.com", false),
    (9, "GitHub", 90.0, "github.com", false),
    (10, "Okta", 92.0, "acme-demo.okta.com", false),
    (11, "Microsoft Teams", 74.0, "teams.microsoft.com", true),
];

const REGIONS: &[(&str, &str)] = &[
    ("San Jose", "California"),
    ("New York", "New York"),
    ("London", "England"),
    ("Frankfurt", "Hesse"),
    ("Bangalore", "Karnataka"),
    ("Singapore", "Singapore"),
    ("Sydney", "New South Wales"),
    ("Sao Paulo", "Sao Paulo"),
    ("Tokyo", "Tokyo"),
    ("Toronto", "Ontario"),
];

const SERVICE_EDGES: &[&str] = &[
    "San Jose IV",
    "Washington DC",
    "London III",
    "Frankfurt IV",
    "Mumbai VI",
    "Singapore IV",
    "Sydney III",
    "Sao Paulo IV",
    "Tokyo IV",
    "Toronto",
];

/// (name, vendor, group, install type, versions, every n-th device, OS filter)
type Title = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    u64,
    &'static str,
);

const SOFTWARE_CATALOGUE: &[Title] = &[
    (
        "Google Chrome",
        "Google LLC",
        "Browsers",
        "Application",
        &["131.0.6778.86", "132.0.6834.110"],
        1,
        "",
    ),
    (
        "Microsoft Edge",
        "Microsoft Corporation",
        "Browsers",
        "Application",
        &["131.0.2903.70"],
        2,
        "Windows",
    ),
    (
        "Mozilla Firefox",
        "Mozilla",
        "Browsers",
        "Application",
        &["133.0", "134.0.1"],
        5,
        "",
    ),
    (
        "Microsoft Teams",
        "Microsoft Corporation",
        "Collaboration",
        "Application",
        &["24335.206.3315.1234"],
        1,
        "",
    ),
    (
        "Zoom Workplace",
        "Zoom Video Communications",
        "Collaboration",
        "Application",
        &["6.3.0", "6.2.11"],
        2,
        "",
    ),
    (
        "Slack",
        "Slack Technologies",
        "Collaboration",
        "Application",
        &["4.41.105"],
        2,
        "",
    ),
    (
        "Zscaler Client Connector",
        "Zscaler, Inc.",
        "Security",
        "Application",
        &["4.5.2.73", "4.6.0.216"],
        1,
        "",
    ),
    (
        "CrowdStrike Falcon Sensor",
        "CrowdStrike, Inc.",
        "Security",
        "Application",
        &["7.20.19003.0"],
        1,
        "Windows",
    ),
    (
        "Microsoft 365 Apps for enterprise",
        "Microsoft Corporation",
        "Productivity",
        "Application",
        &["16.0.18129.20158"],
        1,
        "Windows",
    ),
    (
        "Adobe Acrobat Reader",
        "Adobe Inc.",
        "Productivity",
        "Application",
        &["24.005.20320"],
        3,
        "",
    ),
    (
        "Visual Studio Code",
        "Microsoft Corporation",
        "Developer Tools",
        "Application",
        &["1.96.2", "1.95.3"],
        4,
        "",
    ),
    (
        "Docker Desktop",
        "Docker Inc.",
        "Developer Tools",
        "Application",
        &["4.37.1"],
        7,
        "",
    ),
    (
        "Git",
        "The Git Development Community",
        "Developer Tools",
        "Application",
        &["2.47.1"],
        4,
        "",
    ),
    (
        "Python 3.12",
        "Python Software Foundation",
        "Developer Tools",
        "Application",
        &["3.12.8"],
        6,
        "",
    ),
    (
        "7-Zip",
        "Igor Pavlov",
        "Utilities",
        "Application",
        &["24.09"],
        3,
        "Windows",
    ),
    (
        "Notepad++",
        "Notepad++ Team",
        "Utilities",
        "Application",
        &["8.7.4"],
        5,
        "Windows",
    ),
    (
        "KB5048652 Cumulative Update",
        "Microsoft Corporation",
        "Operating System",
        "Windows Update",
        &["10.0.26100.2605"],
        1,
        "Windows",
    ),
    (
        "Microsoft .NET Runtime 8",
        "Microsoft Corporation",
        "Frameworks",
        "Application",
        &["8.0.11"],
        2,
        "Windows",
    ),
    (
        "Xcode Command Line Tools",
        "Apple Inc.",
        "Developer Tools",
        "Package",
        &["16.2"],
        2,
        "mac",
    ),
    (
        "Homebrew",
        "Homebrew",
        "Developer Tools",
        "Package",
        &["4.4.15"],
        3,
        "mac",
    ),
    (
        "Tableau Desktop",
        "Salesforce",
        "Analytics",
        "Application",
        &["2024.3.1"],
        11,
        "",
    ),
    (
        "Workday Desktop Connector",
        "Workday, Inc.",
        "HR",
        "Application",
        &["2.4.0"],
        13,
        "",
    ),
];

pub fn seed(tenant: &mut Tenant) {
    let now = epoch_seconds();
    let mut departments = Vec::new();
    for (n, name) in DEPARTMENT_NAMES.iter().enumerate() {
        let id = 6_000 + n as u64;
        tenant.insert(DEPARTMENTS, json!({"id": id, "name": name}));
        departments.push((id, *name));
    }
    let mut locations = Vec::new();
    for (n, (city, ..)) in CITIES.iter().enumerate() {
        let id = 9_000 + n as u64;
        let name = format!("{city} Office");
        tenant.insert(LOCATIONS, json!({"id": id, "name": name}));
        locations.push((id, name));
    }
    tenant.insert(LOCATIONS, json!({"id": 9_999, "name": "Road Warrior"}));

    // Countries hold regions hold cities, as `active_geo` nests them.
    let mut city_geos = Vec::new();
    for (n, (city, code, ..)) in CITIES.iter().enumerate() {
        let region = REGIONS[n].1;
        let country_id = code.to_lowercase();
        let region_id = format!("{country_id}.{}", slug(region));
        let city_id = format!("{region_id}.{}", slug(city));
        let city_geo = json!({"id": city_id, "name": city, "geo_type": "city"});
        let country_name = country_display(code);
        let existing = tenant.get(GEOS, &country_id).cloned();
        let mut country = existing.unwrap_or_else(|| {
            json!({"id": country_id, "name": country_name, "geo_type": "country", "children": []})
        });
        if let Some(children) = country["children"].as_array_mut() {
            children.push(
                json!({"id": region_id, "name": region, "geo_type": "region",
                                 "children": [city_geo]}),
            );
        }
        tenant.insert(GEOS, country);
        city_geos.push(json!({"id": city_id, "city": city, "region": region,
                              "country": country_name, "geo_type": "city"}));
    }

    for &(id, name, score, host, calls) in APP_CATALOGUE {
        let worst = tenant.rng.below(city_geos.len() as u64) as usize;
        tenant.insert(
            APPS,
            json!({"id": id, "name": name, "score": score, "most_impacted_region": city_geos[worst],
                   "stats": {}, "total_users": 0, "_base_score": score, "_host": host,
                   "_calls": calls}),
        );
    }

    let mut user_id = 70_000u64;
    let mut device_id = 132_550_000u64;
    for n in 0..540u64 {
        user_id += 1;
        let first = *tenant.rng.pick(FIRST_NAMES);
        let last = *tenant.rng.pick(LAST_NAMES);
        let email = format!(
            "{}.{}{n}@{DOMAIN}",
            first.to_lowercase(),
            last.to_lowercase()
        );
        tenant.insert(
            USERS,
            json!({"id": user_id, "name": format!("{first} {last}"), "email": email}),
        );
        let city = tenant.rng.below(CITIES.len() as u64) as usize;
        let dept = departments[tenant.rng.below(departments.len() as u64) as usize];
        let remote = tenant.rng.chance(30);
        let devices = if tenant.rng.chance(12) { 2 } else { 1 };
        for k in 0..devices {
            device_id += 1;
            let device = device(
                tenant,
                device_id,
                user_id,
                &email,
                first,
                k == 1,
                city,
                dept,
                remote,
                &locations,
                &city_geos,
            );
            tenant.insert(DEVICES, device);
        }
    }

    for (n, &(name, vendor, group, install, versions, every, os)) in
        SOFTWARE_CATALOGUE.iter().enumerate()
    {
        let key = slug(name);
        let mut sw = json!({"software_key": key, "software_name": name, "vendor": vendor,
                            "software_group": group, "sw_install_type": install,
                            "software_install_type": install, "user_total": 0, "device_total": 0,
                            "_versions": versions, "_every": every, "_os": os, "_order": n});
        let installs = installs_of(tenant, &sw);
        let users: std::collections::HashSet<String> =
            installs.iter().map(|d| d["userid"].to_string()).collect();
        sw["device_total"] = json!(installs.len());
        sw["user_total"] = json!(users.len());
        tenant.table_mut(SOFTWARE).insert(key, sw);
    }

    seed_alerts(tenant, now, &departments, &locations, &city_geos);
}

fn slug(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .split('_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

fn country_display(code: &str) -> &'static str {
    match code {
        "US" => "United States",
        "GB" => "United Kingdom",
        "DE" => "Germany",
        "IN" => "India",
        "SG" => "Singapore",
        "AU" => "Australia",
        "BR" => "Brazil",
        "JP" => "Japan",
        "CA" => "Canada",
        _ => "Unknown",
    }
}

#[allow(clippy::too_many_arguments)]
fn device(
    tenant: &mut Tenant,
    id: u64,
    userid: u64,
    email: &str,
    first: &str,
    phone: bool,
    city: usize,
    dept: (u64, &str),
    remote: bool,
    locations: &[(u64, String)],
    geos: &[Value],
) -> Value {
    let mac = tenant.rng.chance(30) && !phone;
    let tag: String = format!("{:06X}", tenant.rng.below(0xFF_FFFF));
    let (name, os_name, os_ver, hw) = if phone {
        (
            format!("{first}'s iPhone"),
            "iOS",
            "18.3.2",
            ("Apple", "iPhone16,1", "Phone"),
        )
    } else if mac {
        (
            format!("ACME-MBP-{tag}"),
            "macOS",
            "15.6.1",
            ("Apple", "MacBookPro18,3", "Laptop"),
        )
    } else {
        (
            format!("ACME-LT-{tag}"),
            "Microsoft Windows 11 Enterprise",
            "10.0.26100",
            ("Dell Inc.", "Latitude 7440", "Laptop"),
        )
    };
    let mem = *tenant.rng.pick(&[8_192u64, 16_384, 32_768]);
    let ip_host = tenant.rng.range(2, 250);
    let subnet = 10 + city;
    let (ssid, location) = if remote {
        ("HOME-5G", (9_999u64, "Road Warrior".to_owned()))
    } else {
        ("ACME-CORP", locations[city].clone())
    };
    let app_count = APP_CATALOGUE.len() as u64;
    let apps: Vec<u64> = APP_CATALOGUE
        .iter()
        .map(|a| a.0)
        .filter(|a| *a <= 3 || tenant.rng.below(app_count) < 7)
        .collect();
    let user = email.split('@').next().unwrap_or_default().to_owned();
    json!({
        "id": id, "name": name, "userid": userid,
        "_hardware": {"hw_model": hw.1, "hw_mfg": hw.0, "hw_type": hw.2,
            "hw_serial": format!("SN{tag}{}", id % 1000), "tot_mem": mem, "gpu": "Integrated",
            "disk_size": 512_000, "disk_model": "NVMe SSD", "disk_type": "SSD",
            "cpu_mfg": if mac || phone { "Apple" } else { "Intel" },
            "cpu_model": if mac || phone { "M3 Pro" } else { "Core i7-1365U" },
            "speed_ghz": if mac { 4.05 } else { 1.8 }, "logical_proc": 12, "num_cores": 10},
        "_network": [{"net_type": "wireless", "status": "Connected",
            "ipv4": format!("10.{subnet}.{}.{ip_host}", id % 200), "ipv6": "",
            "dns_srvs": format!("10.{subnet}.0.53"), "dns_suffix": "corp.acme-demo.com",
            "gateway": format!("10.{subnet}.{}.1", id % 200),
            "mac": format!("3C:22:FB:{:02X}:{:02X}:{:02X}", id % 256, (id / 256) % 256, city),
            "guid": format!("{{{:08X}-0000-4000-8000-{:012X}}}", id, userid),
            "wifi_adapter": "Intel(R) Wi-Fi 6E AX211 160MHz", "wifi_type": "802.11ax",
            "ssid": ssid, "channel": "36", "bssid": format!("A4:5E:60:{:02X}:11:22", city)}],
        "_software": {"os_name": os_name, "os_ver": os_ver, "hostname": name,
            "netbios": name.chars().take(15).collect::<String>(), "user": user,
            "client_conn_ver": "4.6.0.216", "zdx_ver": "4.6.0.216"},
        "_apps": apps, "_location_id": location.0, "_department_id": dept.0,
        "_geo_id": geos[city]["id"], "_geo_loc": [geos[city]],
        "_zs_loc": [{"id": location.0, "name": location.1}], "_zen": SERVICE_EDGES[city],
    })
}

fn seed_alerts(
    tenant: &mut Tenant,
    now: u64,
    departments: &[(u64, &str)],
    locations: &[(u64, String)],
    geos: &[Value],
) {
    // (rule, severity, type, app index, hours ago started, hours it lasted; 0 = ongoing)
    const ALERT_PLAN: &[(&str, &str, &str, usize, u64, u64)] = &[
        (
            "Zoom call quality degraded",
            "Critical",
            "CALL_QUALITY",
            2,
            1,
            0,
        ),
        (
            "Workday page fetch time high",
            "Major",
            "WEB_PROBE",
            7,
            3,
            0,
        ),
        ("Box availability below 95%", "Major", "WEB_PROBE", 6, 5, 0),
        (
            "High Wi-Fi latency in London",
            "Minor",
            "CLOUDPATH_PROBE",
            0,
            2,
            0,
        ),
        (
            "Salesforce DNS resolution slow",
            "Minor",
            "WEB_PROBE",
            1,
            30,
            4,
        ),
        (
            "Microsoft 365 outage (upstream)",
            "Critical",
            "WEB_PROBE",
            0,
            52,
            3,
        ),
        (
            "ServiceNow server response high",
            "Major",
            "WEB_PROBE",
            3,
            75,
            6,
        ),
        (
            "Slack packet loss on path",
            "Minor",
            "CLOUDPATH_PROBE",
            4,
            100,
            2,
        ),
        (
            "GitHub page fetch time high",
            "Minor",
            "WEB_PROBE",
            8,
            140,
            1,
        ),
        ("Okta login latency", "Major", "WEB_PROBE", 9, 200, 5),
        (
            "Teams jitter above threshold",
            "Major",
            "CALL_QUALITY",
            10,
            260,
            3,
        ),
        (
            "CPU saturation on engineering laptops",
            "Minor",
            "DEVICE",
            8,
            320,
            8,
        ),
    ];
    let device_ids: Vec<u64> = tenant
        .rows(DEVICES)
        .filter_map(|d| d["id"].as_u64())
        .collect();
    for (n, &(rule, severity, kind, app, ago, lasted)) in ALERT_PLAN.iter().enumerate() {
        let (app_id, app_name, ..) = APP_CATALOGUE[app];
        let started = now - ago * 3600;
        let ended = if lasted == 0 {
            0
        } else {
            started + lasted * 3600
        };
        let count = tenant.rng.range(3, 25) as usize;
        let first = tenant
            .rng
            .below(device_ids.len().saturating_sub(count) as u64) as usize;
        let affected: Vec<u64> = device_ids.iter().skip(first).take(count).copied().collect();
        let city = tenant.rng.below(geos.len() as u64) as usize;
        let dept = departments[tenant.rng.below(departments.len() as u64) as usize];
        let loc = &locations[city];
        tenant.insert(
            ALERTS,
            json!({
                "id": 7_100 + n as u64, "rule_name": rule, "severity": severity, "alert_type": kind,
                "alert_status": if lasted == 0 { "Ongoing" } else { "Resolved" },
                "num_geolocations": 1, "num_devices": affected.len(),
                "started_on": started, "ended_on": ended,
                "application": {"id": app_id, "name": app_name},
                "departments": [{"id": dept.0, "name": dept.1, "num_devices": affected.len()}],
                "locations": [{"id": loc.0, "name": loc.1, "num_devices": affected.len(),
                               "groups": [{"id": 8_800 + city as u64, "name": "Corporate Offices"}]}],
                "geolocations": [{"id": geos[city]["id"], "name": geos[city]["city"],
                                  "num_devices": affected.len()}],
                "_devices": affected,
            }),
        );
    }
}

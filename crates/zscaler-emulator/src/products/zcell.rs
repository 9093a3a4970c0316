//! Zscaler Cellular (`/zcell/config/api/v1/...`): SIMs, usage analytics, anomaly policies and
//! violations, regions, network events, SIM location groups, tags and the audit log, read-only
//! and seeded deterministically. Paths carry the ZCell customer id; time-bounded endpoints
//! demand their epoch-seconds window (query, body or path, as each endpoint names it).
//! No ZCell traffic is recorded: shapes follow the SDK's models, lists are bare arrays
//! (inferred).

use serde_json::{Value, json};

use crate::call::{Call, Product, Reply};
use crate::routes::{Routes, TenantLock};
use crate::seed::{CITIES, DOMAIN};
use crate::store::{Tenant, scalar_text};

const BASE: &str = "/zcell/config/api/v1";
const DATA: &str = "zcell";

fn customer(path: &str) -> String {
    format!("{BASE}/customers/{{cid}}{path}")
}

fn bad(message: &str) -> Reply {
    Reply::product_error(Product::Zcell, 400, "INVALID_REQUEST", message)
}

fn not_found(what: &str) -> Reply {
    Reply::product_error(
        Product::Zcell,
        404,
        "NOT_FOUND",
        &format!("{what} not found"),
    )
}

/// Runs `answer` over the tenant's ZCell data once the path's customer id is checked.
fn scoped(t: &TenantLock, c: &Call, cid: &str, answer: impl FnOnce(&Value) -> Reply) -> Reply {
    if cid != crate::DEMO_ZCELL_CUSTOMER_ID {
        return Reply::product_error(
            Product::Zcell,
            403,
            "FORBIDDEN",
            &format!("customer {cid} is not the ZCell customer of this API client"),
        );
    }
    let _ = c;
    let tenant = t.read();
    let empty = json!({});
    answer(tenant.extra.get(DATA).unwrap_or(&empty))
}

fn list(data: &Value, table: &str) -> Vec<Value> {
    data[table].as_array().cloned().unwrap_or_default()
}

/// The `(start, end)` epoch seconds named `start`/`end` in the query, both required.
fn window(c: &Call, start: &str, end: &str) -> Result<(i64, i64), Reply> {
    let read = |name: &str| -> Result<i64, Reply> {
        match c.query(name) {
            None | Some("") => Err(bad(&format!("{name} is required (epoch seconds)"))),
            Some(raw) => raw
                .parse()
                .map_err(|_| bad(&format!("{name} must be epoch seconds, got {raw:?}"))),
        }
    };
    check(read(start)?, read(end)?)
}

fn check(start: i64, end: i64) -> Result<(i64, i64), Reply> {
    if start >= end {
        return Err(bad("the window's start must be before its end"));
    }
    Ok((start, end))
}

fn named(c: &Call, rows: Vec<Value>, field: &str) -> Vec<Value> {
    match c.query("name") {
        Some(name) if !name.is_empty() => rows
            .into_iter()
            .filter(|r| {
                r[field]
                    .as_str()
                    .is_some_and(|v| v.to_lowercase().contains(&name.to_lowercase()))
            })
            .collect(),
        _ => rows,
    }
}

fn limited(c: &Call, mut rows: Vec<Value>, max: usize) -> Result<Vec<Value>, Reply> {
    let limit = match c.query("limit") {
        None | Some("") => 10.min(max),
        Some(raw) => match raw.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => n,
            _ => {
                return Err(bad(&format!(
                    "limit must be between 1 and {max}, got {raw:?}"
                )));
            }
        },
    };
    rows.truncate(limit);
    Ok(rows)
}

pub fn install(routes: &mut Routes) {
    routes.get(&customer(""), |t, c| {
        scoped(t, c, c.param("cid"), |d| Reply::ok(d["customer"].clone()))
    });
    routes.post(&customer("/sims/search"), |t, c| {
        scoped(t, c, c.param("cid"), |d| {
            let filters = c.body.clone().unwrap_or(Value::Null);
            let rows: Vec<Value> = list(d, "sims")
                .into_iter()
                .filter(|sim| sim_matches(sim, &filters))
                .collect();
            Reply::ok(Value::Array(rows))
        })
    });
    routes.get(&customer("/sims/details"), |t, c| {
        scoped(t, c, c.param("cid"), |d| {
            let Some(iccid) = c.query("iccId").filter(|v| !v.is_empty()) else {
                return bad("iccId is required");
            };
            match list(d, "sims").into_iter().find(|s| s["iccid"] == iccid) {
                Some(sim) => Reply::ok(sim),
                None => not_found(&format!("SIM {iccid}")),
            }
        })
    });
    routes.post(&customer("/sim/analytics/map"), |t, c| {
        scoped(t, c, c.param("cid"), |d| {
            let only: Vec<String> = c
                .body
                .as_ref()
                .and_then(|b| b["iccIds"].as_array().cloned())
                .unwrap_or_default()
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            let points: Vec<Value> = list(d, "sims")
                .into_iter()
                .filter(|s| only.is_empty() || only.iter().any(|i| s["iccid"] == i.as_str()))
                .map(|s| {
                    json!({"iccid": [s["iccid"]], "imsi": [s["imsi"]], "lat": s["lat"],
                           "lng": s["lng"], "tags": s["tags"]})
                })
                .collect();
            Reply::ok(Value::Array(points))
        })
    });
    routes.get(&customer("/sim/analytics/summary"), |t, c| {
        scoped(t, c, c.param("cid"), |d| {
            let sims = list(d, "sims");
            let active = sims.iter().filter(|s| s["status"] == "active").count();
            let used = sims
                .iter()
                .filter(|s| s["usage"].as_i64() > Some(0))
                .count();
            Reply::ok(json!([{"total": sims.len(), "used": used, "active": active,
                              "inactive": sims.len() - active}]))
        })
    });
    routes.get(&customer("/sim/analytics/usage/countries"), |t, c| {
        scoped(t, c, c.param("cid"), |d| {
            let (start, end) = match window(c, "startDate", "endDate") {
                Ok(w) => w,
                Err(r) => return r,
            };
            let days = ((end - start) / 86_400).max(1);
            let mut by: Vec<(String, i64)> = Vec::new();
            for sim in list(d, "sims") {
                let country = sim["locationCountry"].as_str().unwrap_or("").to_owned();
                let usage = sim["dailyUsage"].as_i64().unwrap_or(0) * days;
                match by.iter_mut().find(|(k, _)| *k == country) {
                    Some(e) => e.1 += usage,
                    None => by.push((country, usage)),
                }
            }
            by.sort_by_key(|(_, u)| -u);
            let rows = by
                .into_iter()
                .map(|(country, usage)| json!({"country": country, "usage": usage}))
                .collect();
            limited(c, rows, 20).map_or_else(|r| r, |rows| Reply::ok(Value::Array(rows)))
        })
    });
    routes.get(&customer("/sim/analytics/usage/sims"), |t, c| {
        scoped(t, c, c.param("cid"), |d| {
            let (start, end) = match window(c, "startDate", "endDate") {
                Ok(w) => w,
                Err(r) => return r,
            };
            let days = ((end - start) / 86_400).max(1);
            let mut rows: Vec<Value> = list(d, "sims")
                .into_iter()
                .map(|s| json!({"iccid": s["iccid"], "usage": s["dailyUsage"].as_i64().unwrap_or(0) * days}))
                .collect();
            rows.sort_by_key(|r| -r["usage"].as_i64().unwrap_or(0));
            limited(c, rows, 100).map_or_else(|r| r, |rows| Reply::ok(Value::Array(rows)))
        })
    });
    routes.get(&customer("/sim/analytics/usage/day"), |t, c| {
        scoped(t, c, c.param("cid"), |d| {
            let (start, end) = match window(c, "startDate", "endDate") {
                Ok(w) => w,
                Err(r) => return r,
            };
            let sims: Vec<Value> = list(d, "sims")
                .into_iter()
                .filter(|s| c.query("iccId").is_none_or(|i| s["iccid"] == i))
                .collect();
            let daily: i64 = sims.iter().filter_map(|s| s["dailyUsage"].as_i64()).sum();
            let rows: Vec<Value> = (0..((end - start) / 86_400).clamp(1, 366))
                .map(|i| {
                    json!({"creationTime": start + i * 86_400,
                           "usage": daily * (90 + (i % 3) * 10) / 100})
                })
                .collect();
            Reply::ok(Value::Array(rows))
        })
    });
    routes.get(&customer("/anomaly-policy"), |t, c| {
        scoped(t, c, c.param("cid"), |d| {
            if let Err(r) = window(c, "startDateTime", "endDateTime") {
                return r;
            }
            let rows: Vec<Value> = named(c, list(d, "policies"), "policyName")
                .into_iter()
                .filter(|p| c.query("policyType").is_none_or(|t| p["policyType"] == t))
                .map(|mut p| {
                    if let Value::Object(map) = &mut p {
                        map.remove("logs");
                        map.remove("violationList");
                    }
                    p
                })
                .collect();
            Reply::ok(Value::Array(rows))
        })
    });
    routes.get(&customer("/anomaly-policy/{policy}/logs"), |t, c| {
        scoped(t, c, c.param("cid"), |d| {
            with_policy(d, c, |p| Reply::ok(p["logs"].clone()))
        })
    });
    routes.get(&customer("/anomaly-policy/{policy}/violations"), |t, c| {
        scoped(t, c, c.param("cid"), |d| {
            if let Err(r) = window(c, "startDateTime", "endDateTime") {
                return r;
            }
            with_policy(d, c, |p| {
                let mut iccids: Vec<Value> = Vec::new();
                for v in p["violationList"].as_array().into_iter().flatten() {
                    match iccids.iter_mut().find(|e| e["iccid"] == v["iccid"]) {
                        Some(e) => {
                            e["violations"] = json!(e["violations"].as_i64().unwrap_or(0) + 1)
                        }
                        None => {
                            iccids.push(json!({"iccid": v["iccid"], "policyId": p["id"],
                                                   "policyName": p["policyName"], "violations": 1}))
                        }
                    }
                }
                Reply::ok(Value::Array(iccids))
            })
        })
    });
    routes.get(
        &customer("/anomaly-policy/{policy}/violations/{iccid}"),
        |t, c| {
            scoped(t, c, c.param("cid"), |d| {
                if let Err(r) = window(c, "startDateTime", "endDateTime") {
                    return r;
                }
                with_policy(d, c, |p| {
                    let rows: Vec<Value> = p["violationList"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|v| v["iccid"] == c.param("iccid"))
                        .cloned()
                        .collect();
                    Reply::ok(Value::Array(rows))
                })
            })
        },
    );
    routes.get(&customer("/regions"), |t, c| {
        scoped(t, c, c.param("cid"), |d| Reply::ok(d["regions"].clone()))
    });
    routes.get(&customer("/regions/operational-status"), |t, c| {
        scoped(t, c, c.param("cid"), |d| {
            let rows: Vec<Value> = list(d, "regions")
                .into_iter()
                .filter(|r| r["configured"] == true)
                .map(|r| {
                    json!({"region": r["region"], "name": r["name"], "status": "OPERATIONAL",
                                 "lastUpdated": 1_765_000_000})
                })
                .collect();
            Reply::ok(Value::Array(rows))
        })
    });
    routes.get(&customer("/sim-location-groups"), |t, c| {
        scoped(t, c, c.param("cid"), |d| {
            Reply::ok(Value::Array(named(c, list(d, "locationGroups"), "name")))
        })
    });
    routes.get(&customer("/sim-location-groups/{group}"), |t, c| {
        scoped(t, c, c.param("cid"), |d| {
            match list(d, "locationGroups")
                .into_iter()
                .find(|g| scalar_text(&g["id"]) == c.param("group"))
            {
                Some(g) => Reply::ok(g),
                None => not_found(&format!("SIM location group {}", c.param("group"))),
            }
        })
    });
    routes.get(&customer("/tag"), |t, c| {
        scoped(t, c, c.param("cid"), |d| {
            Reply::ok(Value::Array(named(c, list(d, "tags"), "name")))
        })
    });
    routes.post(
        &format!("{BASE}/network-events/{{cid}}/search/startTime/{{start}}/endTime/{{end}}"),
        |t, c| {
            let parse = |name: &str| {
                c.param(name).parse::<i64>().map_err(|_| {
                    bad(&format!(
                        "{name}Time must be epoch seconds, got {:?}",
                        c.param(name)
                    ))
                })
            };
            let (start, end) = match (parse("start"), parse("end")) {
                (Ok(s), Ok(e)) => match check(s, e) {
                    Ok(w) => w,
                    Err(r) => return r,
                },
                (Err(r), _) | (_, Err(r)) => return r,
            };
            scoped(t, c, c.param("cid"), |d| {
                let only: Vec<Value> = c
                    .body
                    .as_ref()
                    .and_then(|b| b["iccid"].as_array().cloned())
                    .unwrap_or_default();
                let rows: Vec<Value> = list(d, "events")
                    .into_iter()
                    .enumerate()
                    .map(|(i, mut e)| {
                        // Events are spread over the asked window, newest first.
                        let span = (end - start).max(1);
                        e["timestamp"] = json!(end - (i as i64 * 3_613) % span);
                        e
                    })
                    .filter(|e| only.is_empty() || only.contains(&e["iccid"]))
                    .collect();
                Reply::ok(Value::Array(rows))
            })
        },
    );
    routes.post(&format!("{BASE}/audit/customers/{{cid}}/search"), |t, c| {
        let body = c.body.clone().unwrap_or(Value::Null);
        let (Some(start), Some(end)) = (body["startDate"].as_i64(), body["endDate"].as_i64())
        else {
            return bad("startDate and endDate are required (epoch seconds)");
        };
        if let Err(r) = check(start, end) {
            return r;
        }
        scoped(t, c, c.param("cid"), |d| {
            let rows: Vec<Value> = list(d, "audit")
                .into_iter()
                .filter(|a| {
                    ["operationType", "objectType", "objectName", "visibility"]
                        .iter()
                        .all(|k| body.get(*k).is_none_or(|want| a[*k] == *want))
                })
                .collect();
            Reply::ok(Value::Array(rows))
        })
    });
    routes.get(&format!("{BASE}/audit/metadata"), |t, _c| {
        let tenant = t.read();
        Reply::ok(
            tenant
                .extra
                .get(DATA)
                .map_or(json!([]), |d| d["auditMetadata"].clone()),
        )
    });
}

const EVENT_TYPES: [&str; 4] = ["ATTACH", "DETACH", "ROAMING_START", "PDP_CONTEXT_CREATE"];
const NETWORKS: [&str; 3] = ["T-Mobile US", "Vodafone UK", "Telekom DE"];

fn with_policy(d: &Value, c: &Call, answer: impl FnOnce(&Value) -> Reply) -> Reply {
    match list(d, "policies")
        .iter()
        .find(|p| scalar_text(&p["id"]) == c.param("policy"))
    {
        Some(p) => answer(p),
        None => not_found(&format!("anomaly policy {}", c.param("policy"))),
    }
}

fn sim_matches(sim: &Value, filters: &Value) -> bool {
    let Some(filters) = filters.as_object() else {
        return true;
    };
    filters
        .iter()
        .all(|(key, want)| match (key.as_str(), want) {
            (_, Value::Null) => true,
            ("iccid", Value::Array(list)) => list.contains(&sim["iccid"]),
            ("ipAddress", Value::Array(list)) => list.contains(&sim["ipAddress"]),
            ("tag", Value::Array(list)) => sim["tags"]
                .as_array()
                .is_some_and(|tags| list.iter().any(|t| tags.contains(t))),
            (field, Value::String(s)) => sim[field]
                .as_str()
                .is_some_and(|v| v.eq_ignore_ascii_case(s)),
            _ => true,
        })
}

pub fn seed(tenant: &mut Tenant, demo: bool) {
    let mut rng = tenant.rng.clone();
    let regions = json!([
        {"region": "AMER", "name": "Americas", "available": true, "configured": true},
        {"region": "EMEA", "name": "Europe, Middle East and Africa", "available": true, "configured": demo},
        {"region": "APAC", "name": "Asia Pacific", "available": true, "configured": false},
    ]);
    let mut data = json!({
        "customer": {"id": crate::DEMO_ZCELL_CUSTOMER_ID, "name": "Acme Demo", "status": "ACTIVE",
                     "domain": DOMAIN, "regions": ["AMER"], "simLimit": 500, "activated": true},
        "regions": regions,
        "sims": [], "policies": [], "locationGroups": [], "tags": [], "events": [], "audit": [],
        "auditMetadata": [
            {"objectType": "SIM", "operations": ["Update", "Export"]},
            {"objectType": "ANOMALY_POLICY", "operations": ["Create", "Update", "Delete"]},
            {"objectType": "SIM_LOCATION_GROUP", "operations": ["Create", "Update", "Delete"]},
            {"objectType": "TAG", "operations": ["Create", "Delete"]},
        ],
    });
    if demo {
        let tags: Vec<Value> = ["Fleet", "Kiosk", "POS", "Field Staff"]
            .iter()
            .enumerate()
            .map(|(i, n)| json!({"id": 1550 + i, "name": n, "simCount": 0}))
            .collect();
        let mut sims = Vec::new();
        for i in 0..18usize {
            let (city, code, country, lat, lng) = CITIES[i % CITIES.len()];
            let tag = tags[i % tags.len()]["name"].clone();
            let active = i % 6 != 5;
            sims.push(json!({
                "iccid": format!("898523505250200{:05}", 75_800 + i * 7),
                "imsi": format!("4540061{:08}", 1_000 + i * 13),
                "msisdn": format!("+8526{:07}", 100_000 + i),
                "status": if active { "active" } else { "inactive" },
                "networkStatus": if active { "CONNECTED" } else { "DETACHED" },
                "ipAddress": format!("100.64.{}.{}", i / 8, 10 + i),
                "locationCountry": country, "locationCity": city, "countryCode": code,
                "lat": lat + rng.float(-0.05, 0.05), "lng": lng + rng.float(-0.05, 0.05),
                "tags": [tag], "deviceType": if i % 3 == 0 { "Router" } else { "Smartphone" },
                "brandName": if i % 3 == 0 { "Cradlepoint" } else { "Samsung" },
                "imei": format!("35{:013}", 4_000_000 + i * 97), "imeiStatus": "Unlocked",
                "usage": if active { rng.range(10_000_000, 3_000_000_000) } else { 0 },
                "dailyUsage": if active { rng.range(1_000_000, 90_000_000) } else { 0 },
                "lastSeen": 1_765_000_000 + i as i64 * 600,
            }));
        }
        let groups = json!([
            {"id": 219, "name": "San Jose HQ", "geoFenceData": {"lat": "37.3382082", "lng": "-121.8863286", "radius": "5"}, "simCount": 4},
            {"id": 220, "name": "London Office", "geoFenceData": {"lat": "51.5072", "lng": "-0.1276", "radius": "3"}, "simCount": 2},
            {"id": 221, "name": "EU Warehouse", "geoFenceData": {"lat": "50.1109", "lng": "8.6821", "radius": "10"}, "simCount": 2},
        ]);
        let mut policies = Vec::new();
        for (i, (name, kind, group)) in [
            ("Fleet must stay in the US", "GEOFENCING", 219),
            ("Kiosk data cap", "DATA_USAGE", 0),
            ("SIM swap detection", "IMEI_CHANGE", 0),
        ]
        .iter()
        .enumerate()
        {
            let violators: Vec<&Value> = sims.iter().skip(i).step_by(4).take(3).collect();
            let violations: Vec<Value> = violators
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    json!({"iccid": s["iccid"], "policyId": 208 + i, "policyType": kind,
                           "timestamp": 1_765_000_000 + (k as i64) * 7_200,
                           "details": format!("{} observed in {}", kind.to_lowercase().replace('_', " "), s["locationCity"].as_str().unwrap_or(""))})
                })
                .collect();
            policies.push(json!({
                "id": 208 + i, "policyName": name, "policyType": kind, "enabled": true,
                "simLocationGroupsIds": if *group > 0 { json!([group.to_string()]) } else { json!([]) },
                "violations": violations.len(),
                // Read by the logs and violations routes; never part of the list answer.
                "logs": [{"id": 1, "action": "Create", "modifiedBy": format!("admin@{DOMAIN}"),
                          "timestamp": 1_760_000_000, "policyName": name}],
                "violationList": violations,
            }));
        }
        let events: Vec<Value> = sims
            .iter()
            .take(10)
            .enumerate()
            .map(|(i, s)| {
                json!({"iccid": s["iccid"], "imsi": s["imsi"],
                       "eventType": EVENT_TYPES[i % 4],
                       "network": NETWORKS[i % 3],
                       "country": s["locationCountry"], "timestamp": 0})
            })
            .collect();
        let audit: Vec<Value> = [
            ("Create", "ANOMALY_POLICY", "Fleet must stay in the US"),
            ("Update", "SIM", "89852350525020075800"),
            ("Create", "TAG", "Field Staff"),
            ("Export", "SIM", "sims.csv"),
        ]
        .iter()
        .enumerate()
        .map(|(i, (op, kind, name))| {
            json!({"id": 9000 + i, "operationType": op, "objectType": kind, "objectName": name,
                   "objectId": 100 + i, "visibility": "Customer",
                   "customerId": crate::DEMO_ZCELL_CUSTOMER_ID,
                   "modifiedByUser": format!("admin@{DOMAIN}"), "creationTime": 1_765_000_000 + i as i64 * 86_400})
        })
        .collect();
        data["sims"] = Value::Array(sims);
        data["policies"] = Value::Array(policies);
        data["locationGroups"] = groups;
        data["tags"] = Value::Array(tags);
        data["events"] = Value::Array(events);
        data["audit"] = Value::Array(audit);
    }
    tenant.extra.insert(DATA, data);
    tenant.rng = rng;
}

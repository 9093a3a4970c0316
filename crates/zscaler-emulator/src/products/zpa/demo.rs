//! The demo tenant: Acme Demo's ZPA, internally consistent and deterministic per seed.
//!
//! Objects the recorded SDK traffic refers to by id (its IdPs, SCIM groups, policy sets,
//! certificates, isolation profile, …) keep those ids here so recordings replay against it.

use serde_json::{Value, json};

use super::{API_ADMIN, apps, connectors, fake_pem, identity, object, policy, services, uuid};
use crate::seed::{CITIES, DEPARTMENTS, DOMAIN, FIRST_NAMES, LAST_NAMES};
use crate::store::{IdStyle, Tenant, id_string};

/// "Now" for the demo's health data, so connect times are stable across runs.
const DEMO_NOW: u64 = 1_773_370_000;
const OKTA: &str = "216196257331285825";
const ENTRA: &str = "216196257331372701";

pub(crate) fn seed(tenant: &mut Tenant) {
    seed_identity(tenant);
    let networks = seed_networks_and_postures(tenant);
    let certs = seed_certificates(tenant);
    let connector_groups = seed_connectors(tenant);
    seed_service_edges(tenant, &networks);
    let server_groups = seed_servers(tenant, &connector_groups);
    let segment_groups = seed_segments(tenant, &server_groups, &certs);
    seed_services(tenant, &certs, &connector_groups);
    seed_rules(tenant, &segment_groups, &connector_groups, &server_groups);
}

fn past(tenant: &mut Tenant, from: u64, to: u64) -> String {
    (from + tenant.rng.below(to.saturating_sub(from).max(1))).to_string()
}

fn hex(tenant: &mut Tenant, len: usize) -> String {
    (0..len)
        .map(|_| char::from_digit(tenant.rng.below(16) as u32, 16).unwrap_or('0'))
        .collect()
}

fn merge(base: Value, extra: Value) -> Value {
    let mut out = object(&base);
    out.extend(object(&extra));
    Value::Object(out)
}

// ---------------------------------------------------------------------------------------------

fn seed_identity(tenant: &mut Tenant) {
    for (id, name, login, sso) in [
        (
            OKTA,
            "Acme Okta Workforce",
            "https://acme-demo.okta.com/app/zscaler_private_access/exk1acme/sso/saml",
            json!(["USER"]),
        ),
        (
            ENTRA,
            "Acme Entra ID",
            "https://login.microsoftonline.com/7f3c1a52-acme/saml2",
            json!(["USER", "ADMIN"]),
        ),
    ] {
        let created = past(tenant, 1_631_000_000, 1_700_000_000);
        let certificate = fake_pem(&mut tenant.rng, "CERTIFICATE", 20);
        let delta = hex(tenant, 32);
        let serial = tenant.rng.below(9_000_000_000_000).to_string();
        let sp = format!("https://config.private.zscaler.com/auth/{id}");
        let record = json!({
            "id": id, "modifiedTime": past(tenant, 1_760_000_000, DEMO_NOW),
            "creationTime": created, "modifiedBy": API_ADMIN, "name": name,
            "certificates": [{"cName": name, "serialNo": serial, "certificate": certificate,
                              "validFromInSec": "1739571109", "validToInSec": "2055103969"}],
            "loginUrl": login, "idpEntityId": format!("http://idp.{DOMAIN}/{id}"),
            "autoProvision": "0", "signSamlRequest": "1", "ssoType": sso,
            "domainList": [DOMAIN], "useCustomSPMetadata": true, "scimEnabled": true,
            "enableScimBasedPolicy": true, "disableSamlBasedPolicy": false,
            "reauthOnUserUpdate": false, "userSpSigningCertId": "0",
            "enableArbitraryAuthDomains": "1",
            "userMetadata": {"spEntityId": format!("https://config.private.zscaler.com/auth/metadata/{id}"),
                             "spPostUrl": format!("{sp}/sso"), "certificateUrl": format!("{sp}/certificate"),
                             "spMetadataUrl": format!("{sp}/metadata"),
                             "spBaseUrl": "https://config.private.zscaler.com/auth"},
            "oneIdentityEnabled": false,
            "scimServiceProviderEndpoint": format!("https://scim1.private.zscaler.com/scim/1/{id}/v2"),
            "scimSharedSecretExists": true, "forceAuth": false, "loginHint": true,
            "enabled": true, "delta": delta, "redirectBinding": false
        });
        tenant.insert(identity::IDPS, record);
    }

    let saml_okta = [
        ("216196257331285827", "DepartmentName"),
        ("216196257331285828", "Email"),
        ("216196257331285831", "FirstName"),
        ("216196257331285829", "GroupName"),
        ("216196257331285830", "LastName"),
    ];
    for (idp, idp_name) in [(OKTA, "Acme Okta Workforce"), (ENTRA, "Acme Entra ID")] {
        for (index, saml) in [
            "DepartmentName",
            "Email",
            "FirstName",
            "GroupName",
            "LastName",
            "Title",
        ]
        .iter()
        .enumerate()
        {
            let id = match saml_okta.iter().find(|(_, s)| s == saml) {
                Some((id, _)) if idp == OKTA => json!(id),
                _ => tenant.new_id(IdStyle::ZpaString),
            };
            let delta = hex(tenant, 32);
            let record = json!({"id": id, "modifiedTime": past(tenant, 1_750_000_000, DEMO_NOW),
                       "creationTime": (1_631_718_008 + index as u64).to_string(),
                       "modifiedBy": API_ADMIN, "name": format!("{saml}_{idp_name}"),
                       "userAttribute": *saml == "Email", "idpId": idp, "samlName": saml,
                       "delta": delta});
            tenant.insert(identity::SAML_ATTRIBUTES, record);
        }
    }

    let users: Vec<String> = (0..60)
        .map(|n| {
            let first = FIRST_NAMES[n % FIRST_NAMES.len()];
            let last = LAST_NAMES[(n * 7) % LAST_NAMES.len()];
            format!("{}.{}@{DOMAIN}", first.to_lowercase(), last.to_lowercase())
        })
        .collect();
    let core = "urn:ietf:params:scim:schemas:core:2.0:User";
    let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    let attributes: Vec<(&str, &str, &str, Vec<String>)> = vec![
        ("userName", "String", core, users.clone()),
        (
            "name.givenName",
            "String",
            core,
            FIRST_NAMES.iter().map(|s| s.to_string()).collect(),
        ),
        (
            "name.familyName",
            "String",
            core,
            LAST_NAMES.iter().map(|s| s.to_string()).collect(),
        ),
        (
            "title",
            "String",
            core,
            [
                "Engineer",
                "Senior Engineer",
                "Manager",
                "Director",
                "Analyst",
                "Administrator",
                "Contractor",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        ),
        (
            "displayName",
            "String",
            core,
            users
                .iter()
                .map(|u| u.split('@').next().unwrap_or_default().replace('.', " "))
                .collect(),
        ),
        (
            "employeeNumber",
            "String",
            enterprise,
            (0..60).map(|n| format!("E{}", 104_200 + n * 13)).collect(),
        ),
        (
            "active",
            "Boolean",
            core,
            vec!["false".into(), "true".into()],
        ),
        ("emails.value", "String", core, users.clone()),
        (
            "department",
            "String",
            enterprise,
            DEPARTMENTS.iter().map(|s| s.to_string()).collect(),
        ),
        (
            "costCenter",
            "String",
            enterprise,
            (0..12).map(|n| format!("CC-{}", 1001 + n)).collect(),
        ),
        (
            "organization",
            "String",
            enterprise,
            vec![
                "Acme Corp".into(),
                "Acme Labs".into(),
                "Acme Federal".into(),
            ],
        ),
        (
            "division",
            "String",
            enterprise,
            vec!["Americas".into(), "EMEA".into(), "APAC".into()],
        ),
        (
            "userType",
            "String",
            core,
            vec!["Contractor".into(), "Employee".into(), "Intern".into()],
        ),
        (
            "manager.value",
            "String",
            enterprise,
            users.iter().step_by(6).cloned().collect(),
        ),
    ];
    for idp in [OKTA, ENTRA] {
        for (index, (name, data_type, schema, values)) in attributes.iter().enumerate() {
            let id = if idp == OKTA {
                json!((216_196_257_331_285_833u64 + index as u64).to_string())
            } else {
                tenant.new_id(IdStyle::ZpaString)
            };
            let mut attr = json!({
                "id": id, "creationTime": "1631718085", "modifiedBy": API_ADMIN, "name": name,
                "idpId": idp, "dataType": data_type, "schemaURI": schema,
                "multivalued": *name == "emails.value", "required": *name == "userName",
            });
            if *name == "emails.value" {
                attr["canonicalValues"] = json!(["work"]);
            }
            let rest = json!({"caseSensitive": false, "mutability": "readWrite",
                              "returned": "default", "uniqueness": *name == "userName",
                              "delta": hex(tenant, 32)});
            attr = merge(attr, rest);
            let mut sorted = values.clone();
            sorted.sort();
            sorted.dedup();
            let record = json!({"id": id, "values": sorted});
            tenant.insert(identity::SCIM_VALUES, record);
            tenant.insert(identity::SCIM_ATTRIBUTES, attr);
        }
    }
    seed_scim_groups(tenant);
}

const APP_NAMES: &[&str] = &[
    "Jira",
    "Confluence",
    "GitLab",
    "Jenkins",
    "Artifactory",
    "SonarQube",
    "Grafana",
    "Kibana",
    "SAP-ERP",
    "Workday",
    "NetSuite",
    "Salesforce-Sync",
    "ServiceNow",
    "Tableau",
    "PowerBI",
    "Splunk",
    "Vault",
    "Kubernetes",
    "Harbor",
    "Nexus",
    "Oracle-DB",
    "Postgres",
    "Snowflake",
    "Zendesk",
    "Okta-Admin",
    "vCenter",
    "NetApp",
    "Veeam",
    "PaloAlto-Mgmt",
    "Cisco-DNA",
];
const REGIONS: &[&str] = &["AMER", "EMEA", "APAC", "LATAM"];
const PROJECTS: &[&str] = &[
    "Apollo", "Borealis", "Cascade", "Delta", "Everest", "Falcon", "Granite", "Helios", "Ion",
    "Juniper", "Kestrel", "Lumen", "Meridian", "Nimbus", "Orion", "Polaris", "Quasar", "Redwood",
    "Sierra", "Tundra", "Umbra", "Vega", "Willow", "Xenon", "Yukon", "Zephyr", "Atlas", "Beacon",
    "Comet", "Drift", "Ember", "Fjord", "Glacier", "Harbor", "Iris", "Jade", "Krypton", "Lotus",
    "Mosaic", "Nova",
];
const VENDORS: &[&str] = &[
    "Accenture",
    "Infosys",
    "Wipro",
    "Deloitte",
    "Cognizant",
    "TCS",
    "Capgemini",
    "EPAM",
    "Globant",
    "Thoughtworks",
    "Slalom",
    "Kforce",
    "Randstad",
    "Hays",
    "Adecco",
    "Robert-Half",
    "Tek-Systems",
    "Insight",
    "CDW",
    "Softchoice",
];

/// ~700 realistic directory groups: enough that the SCIM group list needs paging.
fn seed_scim_groups(tenant: &mut Tenant) {
    let mut names: Vec<String> = Vec::new();
    for dept in DEPARTMENTS {
        names.push(dept.to_string());
        names.push(format!("All-{}", dept.replace(' ', "-")));
        for region in REGIONS {
            names.push(format!("DL_{}_{region}", dept.replace(' ', "")));
        }
        for level in ["Managers", "Leads", "Individual Contributors"] {
            names.push(format!("{dept} {level}"));
        }
        for (city, ..) in CITIES {
            names.push(format!("{city} {dept}"));
        }
    }
    for app in APP_NAMES {
        for role in ["Users", "Admins", "ReadOnly"] {
            names.push(format!("APP_{app}_{role}"));
        }
        for env in ["Prod", "Staging", "Dev"] {
            names.push(format!("ZPA-{app}-{env}"));
        }
        for region in REGIONS {
            names.push(format!("ZPA-{app}-{region}-Users"));
        }
    }
    for project in PROJECTS {
        names.push(format!("Project-{project}-Core"));
        names.push(format!("Project-{project}-Contributors"));
    }
    for (city, ..) in CITIES {
        for floor in 1..=6 {
            names.push(format!("Building-{}-Floor{floor}", city.replace(' ', "")));
        }
    }
    for vendor in VENDORS {
        names.push(format!("Contractors-{vendor}"));
    }
    // Deterministic shuffle so the newest groups are not alphabetical.
    for i in (1..names.len()).rev() {
        let j = tenant.rng.below(i as u64 + 1) as usize;
        names.swap(i, j);
    }
    let split = names.len() * 86 / 100;
    let mut id: u64 = 3_251_059;
    let mut time: u64 = 1_765_237_277;
    for (index, name) in names.into_iter().enumerate() {
        let idp: u64 = if index < split { OKTA } else { ENTRA }
            .parse()
            .unwrap_or_default();
        let internal = uuid(&mut tenant.rng);
        let record = json!({"id": id, "modifiedTime": time, "creationTime": time, "name": name,
                   "idpId": idp, "idpGroupId": null, "internalId": internal});
        tenant.insert(identity::SCIM_GROUPS, record);
        // The two newest keep the ids recorded traffic refers to (3251059, 3251058).
        id -= if index == 0 {
            1
        } else {
            1 + tenant.rng.below(40)
        };
        time -= 3_600 + tenant.rng.below(400_000);
    }
}

// ---------------------------------------------------------------------------------------------

fn seed_networks_and_postures(tenant: &mut Tenant) -> Vec<(String, String)> {
    let mut networks = Vec::new();
    for (index, name) in [
        "Acme HQ San Jose",
        "Acme London Office",
        "Acme Frankfurt Office",
        "Acme Bangalore Campus",
        "Acme Singapore Office",
        "Acme Data Center Guest WiFi",
    ]
    .iter()
    .enumerate()
    {
        let id = match index {
            0 => json!("216196257331372849"),
            1 => json!("216196257331369930"),
            2 => json!("216196257331369931"),
            _ => tenant.new_id(IdStyle::ZpaString),
        };
        let network_id = uuid(&mut tenant.rng);
        let created = past(tenant, 1_690_000_000, 1_730_000_000);
        networks.push((id_string(&id), network_id.clone()));
        let record = json!({"id": id, "modifiedTime": created, "creationTime": created,
                   "modifiedBy": "72057594037928115", "name": format!("{name} (zscaler.net)"),
                   "networkId": network_id, "zscalerCloud": "zscaler"});
        tenant.insert(identity::NETWORKS, record);
    }
    for (index, name) in [
        "CrowdStrike ZTA Score 40",
        "CrowdStrike ZTA Score 80",
        "Domain Joined",
        "Disk Encryption Enabled",
        "Windows Firewall On",
        "Defender Real-Time Protection",
        "macOS FileVault",
        "Corporate Client Certificate",
    ]
    .iter()
    .enumerate()
    {
        let id = if index == 0 {
            json!("216196257331285223")
        } else {
            tenant.new_id(IdStyle::ZpaString)
        };
        let created = past(tenant, 1_631_000_000, 1_720_000_000);
        let udid = uuid(&mut tenant.rng);
        let record = json!({"id": id, "modifiedTime": created, "creationTime": created,
                   "modifiedBy": "72057594037928115", "name": format!("{name} (zscaler.net)"),
                   "postureUdid": udid, "applyToMachineTunnelEnabled": index == 2,
                   "crlCheckEnabled": index == 7, "nonExportablePrivateKeyEnabled": index == 7,
                   "zscalerCloud": "zscaler"});
        tenant.insert(identity::POSTURES, record);
    }
    for (index, (name, description)) in [
        ("Corp-Laptops", "Company-managed laptops"),
        ("Kiosks", "Shared kiosks in lobbies"),
        ("Build-Agents", "CI build agents"),
    ]
    .iter()
    .enumerate()
    {
        let id = if index == 0 {
            json!("216196257331291115")
        } else {
            tenant.new_id(IdStyle::ZpaString)
        };
        let created = past(tenant, 1_638_000_000, 1_727_000_000);
        let record = json!({"id": id, "modifiedTime": created, "creationTime": created,
                   "modifiedBy": API_ADMIN, "name": name, "enabled": true,
                   "description": description, "readOnly": false, "zscalerManaged": false});
        tenant.insert(identity::MACHINE_GROUPS, record);
    }
    networks
}

fn seed_certificates(tenant: &mut Tenant) -> Vec<String> {
    let mut ids = Vec::new();
    for (index, cn) in [
        "jenkins.acme-demo.com",
        "portal.acme-demo.com",
        "wiki.acme-demo.com",
    ]
    .iter()
    .enumerate()
    {
        let id = if index == 0 {
            json!("216196257331369559")
        } else {
            tenant.new_id(IdStyle::ZpaString)
        };
        let created = 1_696_448_400 + index as u64 * 46;
        let certificate = fake_pem(&mut tenant.rng, "CERTIFICATE", 24);
        let public_key = fake_pem(&mut tenant.rng, "PUBLIC KEY", 6);
        let serial = format!("{}{}", tenant.rng.next_u64(), tenant.rng.next_u64());
        ids.push(id_string(&id));
        let record = json!({"id": id, "modifiedTime": (created + 63_494_369).to_string(),
                   "creationTime": created.to_string(), "modifiedBy": API_ADMIN, "name": cn,
                   "description": format!("Browser access certificate for {cn}"),
                   "validFromInEpochSec": (created - 497).to_string(),
                   "validToInEpochSec": (created + 94_608_000).to_string(),
                   "certificate": certificate,
                   "issuedTo": format!("CN={cn},OU=IT,O=Acme Demo,L=San Jose,ST=CA,C=US"),
                   "issuedBy": "CN=Acme Demo Issuing CA 01,DC=acme-demo,DC=com",
                   "serialNo": serial, "publicKey": public_key, "san": [cn],
                   "readOnly": false, "zscalerManaged": false, "cName": cn});
        tenant.insert(services::CERTIFICATES, record);
    }
    ids
}

// ---------------------------------------------------------------------------------------------

fn seed_connectors(tenant: &mut Tenant) -> Vec<String> {
    let mut groups = Vec::new();
    for (index, (city, code, _, lat, lon)) in CITIES.iter().take(8).enumerate() {
        let short: String = city
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .take(3)
            .collect::<String>()
            .to_uppercase();
        let created = past(tenant, 1_690_000_000, 1_740_000_000);
        let fields = json!({
            "id": tenant.new_id(IdStyle::ZpaString), "modifiedTime": past(tenant, 1_745_000_000, DEMO_NOW),
            "creationTime": created, "modifiedBy": API_ADMIN,
            "name": format!("{city} DC Connectors"),
            "description": format!("App connectors in the {city} data center"),
            "versionProfileId": (["0", "2", "0", "1"][index % 4]), "overrideVersionProfile": index % 2 == 1,
            "location": format!("{city}, {code}"), "latitude": lat.to_string(), "longitude": lon.to_string(),
            "praEnabled": index < 3, "tcpQuickAckApp": index == 0, "tcpQuickAckAssistant": index == 0,
            "tcpQuickAckReadAssistant": index == 0,
        });
        let Ok(group) = connectors::connector_group_record(fields) else {
            continue;
        };
        let group_id = id_string(&group["id"]);
        tenant.insert(connectors::CONNECTOR_GROUPS, group);
        let count = 2 + tenant.rng.below(3) as u32;
        let (key_id, key_name) = connectors::seed_key(
            tenant,
            "CONNECTOR_GRP",
            &format!("{short}-connector-key"),
            &group_id,
            10,
            count,
            DEMO_NOW - 9_000_000,
        );
        for n in 0..count {
            // São Paulo's connectors are all down; elsewhere about one in six is.
            let disconnected = index == 7 || tenant.rng.chance(15);
            let outdated = tenant.rng.chance(30);
            seed_connector(
                tenant,
                &group_id,
                &format!("ac-{}-{:02}", short.to_lowercase(), n + 1),
                (city, code, *lat, *lon),
                disconnected,
                outdated,
                (&key_id, &key_name),
            );
        }
        groups.push(group_id);
    }
    groups
}

fn seed_connector(
    tenant: &mut Tenant,
    group: &str,
    name: &str,
    place: (&str, &str, f64, f64),
    disconnected: bool,
    outdated: bool,
    key: (&Value, &str),
) {
    let id = tenant.new_id(IdStyle::ZpaString);
    let created = past(tenant, 1_700_000_000, 1_750_000_000);
    let current = if outdated {
        ["25.43.2", "24.692.9", "25.120.4"][tenant.rng.below(3) as usize]
    } else {
        connectors::LATEST_VERSION
    };
    let upgrade = if !outdated {
        "COMPLETE"
    } else {
        ["IN_PROGRESS", "FAILED", "PENDING"][tenant.rng.below(3) as usize]
    };
    let connected_us = (DEMO_NOW - tenant.rng.below(3_600)) * 1_000_000;
    let disconnected_us = (DEMO_NOW - 86_400 * (1 + tenant.rng.below(9))) * 1_000_000;
    let (connect, disconnect) = if disconnected {
        (
            disconnected_us - 3_600_000_000 * (1 + tenant.rng.below(48)),
            disconnected_us,
        )
    } else {
        (connected_us, disconnected_us)
    };
    let status = if disconnected {
        "ZPN_STATUS_DISCONNECTED"
    } else {
        "ZPN_STATUS_AUTHENTICATED"
    };
    let private_ip = format!(
        "10.{}.{}.{}",
        10 + tenant.rng.below(40),
        tenant.rng.below(255),
        10 + tenant.rng.below(200)
    );
    let public_ip = format!(
        "{}.{}.{}.{}",
        34 + tenant.rng.below(120),
        tenant.rng.below(255),
        tenant.rng.below(255),
        1 + tenant.rng.below(250)
    );
    let fingerprint = format!("{}=", hex(tenant, 43));
    let broker = format!("7205759403793{:04}", tenant.rng.below(10_000));
    let tunnel = hex(tenant, 20);
    let runtime = [
        "Red Hat Enterprise Linux 9.4",
        "Rocky Linux 9.3",
        "Red Hat Enterprise Linux 8.10",
    ][tenant.rng.below(3) as usize];
    let start = (connect / 1_000_000 - tenant.rng.below(2_000_000)).to_string();
    let version = json!({
        "id": id, "creationTime": created, "modifiedTime": past(tenant, 1_760_000_000, DEMO_NOW),
        "modifiedBy": "72057594037928156", "appConnectorGroupId": group,
        "applicationStartTime": start, "brokerId": broker, "ctrlChannelStatus": status,
        "currentVersion": current, "expectedVersion": connectors::LATEST_VERSION,
        "previousVersion": "24.692.9", "lastBrokerConnectTime": connect.to_string(),
        "lastBrokerDisconnectTime": disconnect.to_string(), "lastUpgradedTime": "1765000000",
        "loneWarrior": false, "platform": "el9", "privateIp": private_ip, "publicIp": public_ip,
        "restartTimeInSec": "0", "runtimeOS": runtime, "sargeVersion": "24.566.1",
        "systemStartTime": start, "tunnelId": tunnel, "upgradeAttempt": if upgrade == "FAILED" { "3" } else { "0" },
        "upgradeStatus": upgrade,
    });
    let record = json!({
        "id": id, "modifiedTime": past(tenant, 1_760_000_000, DEMO_NOW), "creationTime": created,
        "modifiedBy": API_ADMIN, "name": name, "description": format!("{} connector {name}", place.0),
        "enabled": true, "fingerprint": fingerprint, "issuedCertId": (10_066_551 + tenant.rng.below(90_000)).to_string(),
        "appConnectorGroupId": group, "controlChannelStatus": status,
        "ctrlBrokerName": format!("broker{}.{}", 1 + tenant.rng.below(9), place.1.to_lowercase()),
        "currentVersion": current, "expectedVersion": connectors::LATEST_VERSION,
        "previousVersion": "24.692.9", "lastBrokerConnectTime": connect.to_string(),
        "lastBrokerDisconnectTime": disconnect.to_string(), "lastUpgradeTime": "1765000000",
        "latitude": place.2.to_string(), "longitude": place.3.to_string(),
        "location": format!("{}, {}", place.0, place.1), "platform": "el9",
        "platformDetail": "Zscaler RHEL 9 image - ZSIVersion: 2025.06", "runtimeOS": runtime,
        "privateIp": version["privateIp"], "publicIp": version["publicIp"],
        "provisioningKeyId": key.0, "provisioningKeyName": key.1, "sargeVersion": "24.566.1",
        "upgradeAttempt": version["upgradeAttempt"], "upgradeStatus": upgrade,
        "applicationStartTime": start,
        "enrollmentCert": {"id": "6573", "name": "Connector"},
        "assistantVersion": version,
    });
    tenant.insert(connectors::CONNECTORS, record);
}

fn seed_service_edges(tenant: &mut Tenant, networks: &[(String, String)]) {
    for (index, city_index) in [3usize, 5, 1].iter().enumerate() {
        let (city, code, _, lat, lon) = CITIES[*city_index];
        let mut fields = json!({
            "id": tenant.new_id(IdStyle::ZpaString), "modifiedTime": past(tenant, 1_745_000_000, DEMO_NOW),
            "creationTime": past(tenant, 1_700_000_000, 1_740_000_000), "modifiedBy": API_ADMIN,
            "name": format!("{city} Private Service Edges"),
            "description": format!("Private service edges for the {city} offices"),
            "versionProfileId": "2", "overrideVersionProfile": true, "isPublic": "FALSE",
            "location": format!("{city}, {code}"), "latitude": lat.to_string(), "longitude": lon.to_string(),
        });
        if index == 0 {
            fields["graceDistanceEnabled"] = json!(true);
            fields["graceDistanceValue"] = json!("10.0");
            fields["graceDistanceValueUnit"] = json!("MILES");
        }
        if let Some((network, _)) = networks.get(index + 1) {
            fields["trustedNetworks"] = json!([{"id": network}]);
        }
        let Ok(group) = connectors::edge_group_record(fields) else {
            continue;
        };
        let group_id = id_string(&group["id"]);
        tenant.insert(connectors::EDGE_GROUPS, group);
        let short: String = city
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .take(3)
            .collect::<String>()
            .to_lowercase();
        let (key_id, key_name) = connectors::seed_key(
            tenant,
            "SERVICE_EDGE_GRP",
            &format!("{short}-pse-key"),
            &group_id,
            4,
            2,
            DEMO_NOW - 8_000_000,
        );
        for n in 0..2 {
            let id = tenant.new_id(IdStyle::ZpaString);
            let disconnected = index == 2 && n == 1;
            let status = if disconnected {
                "ZPN_STATUS_DISCONNECTED"
            } else {
                "ZPN_STATUS_AUTHENTICATED"
            };
            let connect = (DEMO_NOW - tenant.rng.below(7_200)) * 1_000_000;
            let disconnect = (DEMO_NOW - 86_400 * 3) * 1_000_000;
            let (connect, disconnect) = if disconnected {
                (disconnect - 7_200_000_000, disconnect)
            } else {
                (connect, disconnect)
            };
            let private_ip = format!("172.{}.{}.{}", 16 + index, n + 1, 10 + n);
            let public_ip = format!(
                "{}.{}.{}.{}",
                80 + tenant.rng.below(100),
                tenant.rng.below(255),
                tenant.rng.below(255),
                2 + n
            );
            let version = if index == 1 {
                "25.43.2"
            } else {
                connectors::LATEST_VERSION
            };
            let broker = json!({
                "id": id, "modifiedTime": past(tenant, 1_760_000_000, DEMO_NOW), "creationTime": past(tenant, 1_700_000_000, 1_740_000_000),
                "modifiedBy": "72057594037928156", "currentVersion": version,
                "expectedVersion": connectors::LATEST_VERSION,
                "systemStartTime": "1765980851", "applicationStartTime": "1765887246",
                "lastConnectTime": connect.to_string(), "lastDisconnectTime": disconnect.to_string(),
                "platform": "el9", "runtimeOS": "Red Hat Enterprise Linux 9.5",
                "brokerId": format!("7205759403793{:04}", tenant.rng.below(10_000)),
                "ctrlChannelStatus": status, "privateIp": private_ip, "publicIp": public_ip,
                "loneWarrior": n == 0, "tunnelId": hex(tenant, 20), "upgradeAttempt": "0",
                "upgradeStatus": if index == 1 { "IN_PROGRESS" } else { "COMPLETE" },
                "sargeVersion": "24.566.1", "platformDetail": "Zscaler RHEL 9 image - ZSIVersion: 2025.06",
                "osUpgradeEnabled": false, "serviceEdgeGroupId": group_id,
            });
            let record = json!({
                "id": id, "modifiedTime": broker["modifiedTime"], "creationTime": broker["creationTime"],
                "modifiedBy": API_ADMIN, "name": format!("pse-{short}-{:02}", n + 1),
                "description": format!("{city} private service edge {}", n + 1),
                "fingerprint": format!("{}=", hex(tenant, 43)),
                "issuedCertId": (10_066_551 + tenant.rng.below(90_000)).to_string(), "enabled": true,
                "serviceEdgeGroupId": group_id, "controlChannelStatus": status,
                "currentVersion": version, "expectedVersion": connectors::LATEST_VERSION,
                "lastBrokerConnectTime": connect.to_string(), "lastBrokerDisconnectTime": disconnect.to_string(),
                "latitude": lat.to_string(), "longitude": lon.to_string(), "location": format!("{city}, {code}"),
                "listenIps": [private_ip], "publishIps": [public_ip], "publishIpv6": false,
                "platform": "el9", "privateIp": private_ip, "publicIp": public_ip,
                "runtimeOS": "Red Hat Enterprise Linux 9.5", "upgradeStatus": broker["upgradeStatus"],
                "upgradeAttempt": "0", "provisioningKeyId": key_id, "provisioningKeyName": key_name,
                "enrollmentCert": {"id": "6574", "name": "Service Edge"},
                "privateBrokerVersion": broker,
            });
            tenant.insert(connectors::EDGES, record);
        }
    }
}

// ---------------------------------------------------------------------------------------------

fn seed_servers(tenant: &mut Tenant, connector_groups: &[String]) -> Vec<String> {
    let mut servers = Vec::new();
    for (name, address) in [
        ("srv-jira-01", "10.10.20.11"),
        ("srv-confluence-01", "10.10.20.12"),
        ("srv-gitlab-01", "10.10.21.5"),
        ("srv-jenkins-01", "10.10.21.6"),
        ("srv-sap-app-01", "10.20.5.21"),
        ("srv-sap-app-02", "10.20.5.22"),
        ("srv-netsuite-proxy", "10.20.6.9"),
        ("srv-hr-portal", "10.30.1.15"),
        ("srv-bastion-sjc", "10.10.0.5"),
        ("srv-bastion-lon", "10.40.0.5"),
        ("srv-vcenter", "10.10.0.20"),
        ("srv-grafana", "10.10.22.30"),
        ("srv-kibana", "10.10.22.31"),
        ("srv-zendesk-bridge", "10.50.3.4"),
        ("srv-oracle-db", "10.20.9.40"),
        ("srv-legacy-crm", "10.60.1.8"),
    ] {
        let id = tenant.new_id(IdStyle::ZpaString);
        let created = past(tenant, 1_700_000_000, 1_760_000_000);
        servers.push(id_string(&id));
        let record = json!({"id": id, "modifiedTime": created, "creationTime": created, "modifiedBy": API_ADMIN,
                   "name": name, "address": address, "enabled": true,
                   "description": format!("{name} ({address})"), "configSpace": "DEFAULT"});
        tenant.insert(apps::SERVERS, record);
    }
    let specs: &[(&str, &[usize], &[usize])] = &[
        ("Engineering Servers - SJC", &[0], &[0, 1, 2, 3]),
        ("Engineering Dynamic - Global", &[0, 1, 2], &[]),
        ("SAP Servers", &[0, 3], &[4, 5]),
        ("Finance Dynamic", &[1, 3], &[]),
        ("HR Servers", &[2], &[7]),
        ("Bastion Hosts", &[0, 2], &[8, 9]),
        ("Infrastructure Admin", &[0], &[10, 11, 12]),
        ("Support Tools", &[4, 5], &[13]),
        ("Databases", &[0, 1], &[14]),
        ("Legacy Apps - Sao Paulo", &[7], &[15]),
    ];
    let mut groups = Vec::new();
    for (name, acgs, members) in specs {
        let id = tenant.new_id(IdStyle::ZpaString);
        let created = past(tenant, 1_700_000_000, 1_760_000_000);
        let mut group = object(&json!({
            "id": id, "modifiedTime": created, "creationTime": created, "modifiedBy": API_ADMIN,
            "enabled": true, "name": name, "description": format!("{name} server group"),
            "ipAnchored": false, "configSpace": "DEFAULT", "extranetEnabled": false,
            "readOnly": false, "zscalerManaged": false, "dynamicDiscovery": members.is_empty(),
            "appConnectorGroups": acgs.iter().filter_map(|i| connector_groups.get(*i)).map(|g| json!({"id": g})).collect::<Vec<_>>(),
            "servers": members.iter().filter_map(|i| servers.get(*i)).map(|s| json!({"id": s})).collect::<Vec<_>>(),
        }));
        if apps::server_group_hook(tenant, &mut group).is_ok() {
            groups.push(id_string(&id));
            tenant.insert(apps::SERVER_GROUPS, Value::Object(group));
        }
    }
    groups
}

/// Application segment specs: name, domains, TCP ports, segment group, server groups, sub-app.
type AppSpec = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    usize,
    &'static [usize],
    Option<(&'static str, &'static str, &'static str)>,
);

const APP_SPECS: &[AppSpec] = &[
    (
        "Jira",
        &["jira.acme-demo.com"],
        &["443", "443"],
        1,
        &[0],
        None,
    ),
    (
        "Confluence",
        &["wiki.acme-demo.com"],
        &["443", "443"],
        1,
        &[0],
        Some(("BROWSER_ACCESS", "443", "HTTPS")),
    ),
    (
        "GitLab",
        &["gitlab.acme-demo.com"],
        &["443", "443", "22", "22"],
        1,
        &[0],
        None,
    ),
    (
        "Jenkins",
        &["jenkins.acme-demo.com"],
        &["8443", "8443"],
        1,
        &[0],
        Some(("INSPECT", "8443", "HTTPS")),
    ),
    (
        "Artifactory",
        &["artifacts.acme-demo.com"],
        &["443", "443"],
        1,
        &[1],
        None,
    ),
    (
        "SonarQube",
        &["sonar.acme-demo.com"],
        &["9000", "9000"],
        1,
        &[1],
        None,
    ),
    (
        "Kubernetes API",
        &["k8s-api.prod.acme-demo.com", "k8s-api.stg.acme-demo.com"],
        &["6443", "6443"],
        1,
        &[1],
        None,
    ),
    (
        "Dev Wildcard",
        &["*.dev.acme-demo.com"],
        &["1", "65535"],
        1,
        &[1],
        None,
    ),
    (
        "SAP ERP",
        &["sap.acme-demo.com"],
        &["3200", "3299", "8000", "8001"],
        2,
        &[2],
        None,
    ),
    (
        "SAP GUI Web",
        &["sapweb.acme-demo.com"],
        &["443", "443"],
        2,
        &[2],
        None,
    ),
    (
        "NetSuite Connector",
        &["netsuite-proxy.acme-demo.com"],
        &["443", "443"],
        2,
        &[3],
        None,
    ),
    (
        "Expense Reports",
        &["expenses.acme-demo.com"],
        &["443", "443"],
        2,
        &[3],
        None,
    ),
    (
        "Treasury Portal",
        &["treasury.acme-demo.com"],
        &["443", "443"],
        2,
        &[3],
        None,
    ),
    (
        "Payroll",
        &["payroll.acme-demo.com"],
        &["443", "443"],
        3,
        &[4],
        None,
    ),
    (
        "HR Portal",
        &["hr.acme-demo.com"],
        &["443", "443"],
        3,
        &[4],
        Some(("BROWSER_ACCESS", "443", "HTTPS")),
    ),
    (
        "Benefits",
        &["benefits.acme-demo.com"],
        &["443", "443"],
        3,
        &[4],
        None,
    ),
    (
        "Recruiting",
        &["recruiting.acme-demo.com"],
        &["443", "443"],
        3,
        &[4],
        None,
    ),
    (
        "Bastion SSH - SJC",
        &["bastion-sjc.acme-demo.com"],
        &["22", "22"],
        4,
        &[5],
        Some(("SECURE_REMOTE_ACCESS", "22", "SSH")),
    ),
    (
        "Bastion SSH - London",
        &["bastion-lon.acme-demo.com"],
        &["22", "22"],
        4,
        &[5],
        Some(("SECURE_REMOTE_ACCESS", "22", "SSH")),
    ),
    (
        "Windows Jump Host",
        &["jump01.acme-demo.com"],
        &["3389", "3389"],
        4,
        &[5],
        Some(("SECURE_REMOTE_ACCESS", "3389", "RDP")),
    ),
    (
        "vCenter",
        &["vcenter.acme-demo.com"],
        &["443", "443"],
        4,
        &[6],
        None,
    ),
    (
        "Grafana",
        &["grafana.acme-demo.com"],
        &["3000", "3000"],
        4,
        &[6],
        None,
    ),
    (
        "Kibana",
        &["kibana.acme-demo.com"],
        &["5601", "5601"],
        4,
        &[6],
        None,
    ),
    (
        "Network Devices",
        &["10.0.0.0/16"],
        &["22", "22", "443", "443"],
        4,
        &[6],
        None,
    ),
    (
        "DNS Servers",
        &["dns1.acme-demo.com", "dns2.acme-demo.com"],
        &["53", "53"],
        4,
        &[6],
        None,
    ),
    (
        "Zendesk Bridge",
        &["zendesk-bridge.acme-demo.com"],
        &["443", "443"],
        5,
        &[7],
        None,
    ),
    (
        "Support Knowledge Base",
        &["kb.acme-demo.com"],
        &["443", "443"],
        5,
        &[7],
        None,
    ),
    (
        "Call Recording",
        &["recordings.acme-demo.com"],
        &["443", "443"],
        5,
        &[7],
        None,
    ),
    (
        "Oracle Finance DB",
        &["oradb.acme-demo.com"],
        &["1521", "1521"],
        2,
        &[8],
        None,
    ),
    (
        "Analytics Warehouse",
        &["warehouse.acme-demo.com"],
        &["5432", "5432"],
        0,
        &[8],
        None,
    ),
    (
        "Intranet",
        &["intranet.acme-demo.com"],
        &["443", "443", "80", "80"],
        0,
        &[1],
        None,
    ),
    (
        "Corporate Wiki Legacy",
        &["oldwiki.acme-demo.com"],
        &["80", "80"],
        6,
        &[9],
        None,
    ),
    (
        "Legacy CRM",
        &["crm-legacy.acme-demo.com"],
        &["8080", "8080"],
        6,
        &[9],
        None,
    ),
    (
        "Print Servers",
        &["print.acme-demo.com"],
        &["631", "631", "9100", "9100"],
        0,
        &[1],
        None,
    ),
    (
        "File Shares",
        &["files.acme-demo.com"],
        &["445", "445"],
        0,
        &[1],
        None,
    ),
    (
        "Time Tracking",
        &["timesheets.acme-demo.com"],
        &["443", "443"],
        0,
        &[1],
        None,
    ),
];

fn seed_segments(tenant: &mut Tenant, server_groups: &[String], certs: &[String]) -> Vec<String> {
    let mut segment_groups = Vec::new();
    for (name, description) in [
        (
            "Corporate Apps",
            "Intranet, file and print services for all employees",
        ),
        (
            "Engineering Tools",
            "Source control, CI/CD and developer tooling",
        ),
        ("Finance Systems", "ERP, treasury and finance databases"),
        ("HR Systems", "Payroll, benefits and recruiting"),
        (
            "Infrastructure Admin",
            "Privileged access to infrastructure",
        ),
        ("Customer Support", "Support tooling and knowledge base"),
        ("Legacy Apps", "Applications scheduled for retirement"),
    ] {
        let id = tenant.new_id(IdStyle::ZpaString);
        let created = past(tenant, 1_690_000_000, 1_740_000_000);
        let mut group = object(&json!({
            "id": id, "modifiedTime": past(tenant, 1_745_000_000, DEMO_NOW), "creationTime": created,
            "modifiedBy": API_ADMIN, "name": name, "description": description,
            "enabled": name != "Legacy Apps", "configSpace": "DEFAULT", "tcpKeepAliveEnabled": "0",
            "readOnly": false, "zscalerManaged": false,
        }));
        if apps::segment_group_hook(tenant, &mut group).is_ok() {
            segment_groups.push(id_string(&id));
            tenant.insert(apps::SEGMENT_GROUPS, Value::Object(group));
        }
    }
    for (name, domains, ports, group, servers, sub) in APP_SPECS {
        let id = tenant.new_id(IdStyle::ZpaString);
        let created = past(tenant, 1_700_000_000, 1_765_000_000);
        let mut app = object(&apps::application_defaults());
        app.extend(object(&json!({
            "id": id, "modifiedTime": past(tenant, 1_765_000_000, DEMO_NOW), "creationTime": created,
            "modifiedBy": API_ADMIN, "name": name, "description": format!("{name} ({})", domains.join(", ")),
            "domainNames": domains, "segmentGroupId": segment_groups.get(*group),
            "serverGroups": servers.iter().filter_map(|s| server_groups.get(*s)).map(|s| json!({"id": s})).collect::<Vec<_>>(),
            "tcpPortRanges": ports, "enabled": *group != 6 || *name == "Legacy CRM",
            "healthReporting": if *group == 4 { "CONTINUOUS" } else { "ON_ACCESS" },
            "bypassType": if *name == "Print Servers" { "ON_NET" } else { "NEVER" },
            "doubleEncrypt": *group == 2,
        })));
        if let Some((kind, port, protocol)) = sub {
            let mut config = json!({"enabled": true, "appTypes": [kind], "applicationPort": port,
                                    "applicationProtocol": protocol, "domain": domains[0], "name": name});
            if *kind != "SECURE_REMOTE_ACCESS" {
                let cert = match *name {
                    "Jenkins" => certs.first(),
                    "HR Portal" => certs.get(1),
                    _ => certs.get(2),
                };
                config["certificateId"] = json!(cert);
            } else {
                config["connectionSecurity"] = json!("ANY");
            }
            app.insert("commonAppsDto".into(), json!({"appsConfig": [config]}));
        }
        if apps::application_hook(tenant, &mut app).is_ok() {
            tenant.insert(apps::APPLICATIONS, Value::Object(app));
        }
    }
    segment_groups
}

// ---------------------------------------------------------------------------------------------

fn seed_services(tenant: &mut Tenant, certs: &[String], connector_groups: &[String]) {
    for (name, domain, cert) in [
        ("Acme Privileged Portal", "pra.acme-demo.com", 1usize),
        ("Acme Vendor Access Portal", "vendors.acme-demo.com", 1),
    ] {
        let id = tenant.new_id(IdStyle::ZpaString);
        let created = past(tenant, 1_720_000_000, 1_765_000_000);
        let record = json!({"id": id, "modifiedTime": created, "creationTime": created, "modifiedBy": API_ADMIN,
                   "name": name, "enabled": true, "description": format!("{name} for privileged sessions"),
                   "certificateId": certs.get(cert), "domain": domain,
                   "userNotification": "Sessions on this portal are recorded.",
                   "userNotificationEnabled": true});
        tenant.insert(services::PRA_PORTALS, record);
    }
    for (name, kind, user) in [
        ("svc-linux-admin", "SSH_KEY", Some("svc-linux-admin")),
        (
            "win-domain-admin",
            "USERNAME_PASSWORD",
            Some("ACME\\da-operator"),
        ),
        ("vcenter-root", "USERNAME_PASSWORD", Some("root")),
        ("network-enable", "PASSWORD", None),
        ("oracle-sysdba", "USERNAME_PASSWORD", Some("sys")),
    ] {
        let id = tenant.new_id(IdStyle::ShortString);
        let created = past(tenant, 1_740_000_000, 1_765_000_000);
        let mut credential = json!({"id": id, "modifiedTime": created, "creationTime": created,
            "modifiedBy": API_ADMIN, "name": name, "description": format!("PRA credential {name}"),
            "credentialType": kind, "lastCredentialResetTime": created, "microtenantName": "Default"});
        if let Some(user) = user {
            credential["userName"] = json!(user);
        }
        tenant.insert(services::CREDENTIALS, credential);
    }
    for (index, name) in [
        "Acme Isolation - Default",
        "Acme Isolation - Read Only",
        "Acme Isolation - Contractors",
    ]
    .iter()
    .enumerate()
    {
        let id = if index == 0 {
            json!("216196257331370022")
        } else {
            tenant.new_id(IdStyle::ZpaString)
        };
        let profile = uuid(&mut tenant.rng);
        let created = past(tenant, 1_697_000_000, 1_720_000_000);
        let record = json!({"id": id, "creationTime": created, "modifiedBy": API_ADMIN,
                   "name": name, "description": name, "enabled": true, "isolationProfileId": profile,
                   "isolationTenantId": "ba55848a-36c0-4a09-800f-40660606d5a3",
                   "isolationUrl": format!("https://redirect.isolation.zscaler.com/tenant/acme-demo/profile/{profile}/zpa/render")});
        tenant.insert(services::ISOLATION_PROFILES, record);
    }
    let controls: Vec<Value> = [
        ("4000", "Protocol Enforcement", "CRITICAL"),
        ("913100", "Scanner Detection", "WARNING"),
        ("930100", "Path Traversal", "CRITICAL"),
        ("932100", "Remote Command Execution", "CRITICAL"),
        ("941100", "Cross-Site Scripting", "ERROR"),
        ("942100", "SQL Injection", "CRITICAL"),
    ]
    .iter()
    .map(|(id, name, severity)| {
        json!({"id": id, "name": name, "action": "BLOCK",
        "controlType": "PREDEFINED", "severity": severity, "version": "OWASP_CRS/3.3.5",
        "protocolType": "HTTP"})
    })
    .collect();
    for (name, level, count) in [
        ("OWASP Baseline", "1", 4usize),
        ("Strict - Finance Apps", "3", 6),
    ] {
        let id = tenant.new_id(IdStyle::ZpaString);
        let created = past(tenant, 1_720_000_000, 1_765_000_000);
        let chosen: Vec<Value> = controls.iter().take(count).cloned().collect();
        let record = json!({"id": id, "modifiedTime": created, "creationTime": created, "modifiedBy": API_ADMIN,
                   "name": name, "description": format!("AppProtection profile: {name}"),
                   "paranoiaLevel": level, "predefinedControlsVersion": "OWASP_CRS/3.3.5",
                   "incarnationNumber": "3", "checkControlDeploymentStatus": false,
                   "zsDefinedControlChoice": "ALL", "apiProfile": false, "overrideAction": "COMMON",
                   "globalControlActions": ["PREDEFINED:PASS", "CUSTOM:NONE", "OVERRIDE_ACTION:COMMON"],
                   "predefinedControls": chosen, "customControls": [],
                   "controlsInfo": [{"controlType": "PREDEFINED", "count": count.to_string()}]});
        tenant.insert(services::INSPECTION_PROFILES, record);
    }
    for (name, log_type, host, port) in [
        (
            "Splunk - User Activity",
            "zpn_trans_log",
            "splunk-hec.acme-demo.com",
            "5514",
        ),
        (
            "Splunk - Connector Status",
            "zpn_ast_auth_log",
            "splunk-hec.acme-demo.com",
            "5515",
        ),
    ] {
        let id = tenant.new_id(IdStyle::ZpaString);
        let format = format!(
            "{{\"LogTimestamp\": %j{{LogTimestamp:time}},\"Customer\": %j{{Customer}},\"SourceLogType\": \"{log_type}\"}}\\n"
        );
        let record = json!({"id": id, "name": name,
                   "config": {"id": id, "name": name, "description": format!("{name} to Splunk"),
                              "enabled": true, "format": format, "lssHost": host, "lssPort": port,
                              "sourceLogType": log_type, "useTls": true, "filter": []},
                   "connectorGroups": connector_groups.iter().take(2).map(|g| json!({"id": g})).collect::<Vec<_>>()});
        tenant.insert(services::LSS_CONFIGS, record);
    }
    let micro = tenant.new_id(IdStyle::ZpaString);
    let record = json!({"id": micro, "modifiedTime": "1760000000", "creationTime": "1750000000",
               "modifiedBy": API_ADMIN, "name": "Acme EU Subsidiary",
               "description": "Configuration delegated to the EU IT team", "enabled": true,
               "operator": "OR", "criteriaAttribute": "AuthDomain",
               "criteriaAttributeValues": [DOMAIN], "privilegedApprovalsEnabled": false});
    tenant.insert(services::MICROTENANTS, record);
}

// ---------------------------------------------------------------------------------------------

fn seed_rules(
    tenant: &mut Tenant,
    segment_groups: &[String],
    connector_groups: &[String],
    server_groups: &[String],
) {
    let scim = |tenant: &Tenant, name_part: &str| -> Value {
        tenant
            .rows(identity::SCIM_GROUPS)
            .find(|g| {
                g["name"].as_str().is_some_and(|n| n.contains(name_part))
                    && id_string(&g["idpId"]) == OKTA
            })
            .map(|g| g["id"].clone())
            .unwrap_or(json!(3_251_059))
    };
    let posture = |tenant: &Tenant, index: usize| -> String {
        tenant
            .rows(identity::POSTURES)
            .nth(index)
            .map(|p| id_string(&p["postureUdid"]))
            .unwrap_or_default()
    };
    let network = |tenant: &Tenant, index: usize| -> String {
        tenant
            .rows(identity::NETWORKS)
            .nth(index)
            .map(|n| id_string(&n["networkId"]))
            .unwrap_or_default()
    };
    let app = |tenant: &Tenant, name: &str| -> String {
        tenant
            .rows(apps::APPLICATIONS)
            .find(|a| a["name"] == json!(name))
            .map(|a| id_string(&a["id"]))
            .unwrap_or_default()
    };
    let sg = |i: usize| segment_groups.get(i).cloned().unwrap_or_default();
    let zapp = json!({"objectType": "CLIENT_TYPE", "lhs": "id", "rhs": "zpn_client_type_zapp"});
    let browser =
        json!({"objectType": "CLIENT_TYPE", "lhs": "id", "rhs": "zpn_client_type_exporter"});
    let okta_group = |tenant: &Tenant, part: &str| json!({"objectType": "SCIM_GROUP", "lhs": OKTA, "rhs": scim(tenant, part)});

    let access = vec![
        json!({"name": "Block Legacy Apps", "description": "Legacy applications are being retired", "action": "DENY",
               "customMsg": "This application has been retired. Contact the service desk.",
               "conditions": [{"operator": "OR", "operands": [{"objectType": "APP_GROUP", "lhs": "id", "rhs": sg(6)}]}]}),
        json!({"name": "Engineering - Dev Tools", "description": "Engineers reach source control and CI from managed devices", "action": "ALLOW",
               "conditions": [{"operator": "OR", "operands": [{"objectType": "APP_GROUP", "lhs": "id", "rhs": sg(1)}]},
                              {"operator": "OR", "operands": [okta_group(tenant, "Engineering"), okta_group(tenant, "R&D")]},
                              {"operator": "OR", "operands": [{"objectType": "POSTURE", "lhs": posture(tenant, 2), "rhs": "true"}]},
                              {"operator": "OR", "operands": [zapp.clone()]}],
               "appConnectorGroups": [{"id": connector_groups.first()}]}),
        json!({"name": "Finance - ERP Access", "description": "Finance staff on compliant devices", "action": "ALLOW",
               "conditions": [{"operator": "OR", "operands": [{"objectType": "APP_GROUP", "lhs": "id", "rhs": sg(2)}]},
                              {"operator": "OR", "operands": [okta_group(tenant, "Finance")]},
                              {"operator": "AND", "operands": [{"objectType": "POSTURE", "lhs": posture(tenant, 3), "rhs": "true"},
                                                               {"objectType": "POSTURE", "lhs": posture(tenant, 1), "rhs": "true"}]}],
               "appServerGroups": [{"id": server_groups.get(2)}]}),
        json!({"name": "HR - People Systems", "description": "HR team access to payroll and benefits", "action": "ALLOW",
               "conditions": [{"operator": "OR", "operands": [{"objectType": "APP_GROUP", "lhs": "id", "rhs": sg(3)}]},
                              {"operator": "OR", "operands": [okta_group(tenant, "Human Resources")]}]}),
        json!({"name": "IT Ops - Infrastructure", "description": "Privileged infrastructure access from trusted networks", "action": "ALLOW",
               "conditions": [{"operator": "OR", "operands": [{"objectType": "APP_GROUP", "lhs": "id", "rhs": sg(4)}]},
                              {"operator": "OR", "operands": [okta_group(tenant, "IT Operations"), okta_group(tenant, "Security")]},
                              {"operator": "OR", "operands": [{"objectType": "TRUSTED_NETWORK", "lhs": network(tenant, 0), "rhs": "true"},
                                                              {"objectType": "TRUSTED_NETWORK", "lhs": network(tenant, 1), "rhs": "true"}]}]}),
        json!({"name": "Support - Customer Tools", "action": "ALLOW",
               "conditions": [{"operator": "OR", "operands": [{"objectType": "APP_GROUP", "lhs": "id", "rhs": sg(5)}]},
                              {"operator": "OR", "operands": [okta_group(tenant, "Support")]},
                              {"operator": "OR", "operands": [zapp.clone(), browser.clone()]}]}),
        json!({"name": "Contractors - Jira and Confluence", "description": "Contractors get ticketing and wiki via browser only", "action": "ALLOW",
               "conditions": [{"operator": "OR", "operands": [{"objectType": "APP", "lhs": "id", "rhs": app(tenant, "Jira")},
                                                              {"objectType": "APP", "lhs": "id", "rhs": app(tenant, "Confluence")}]},
                              {"operator": "OR", "operands": [okta_group(tenant, "Contractors-")]},
                              {"operator": "OR", "operands": [browser.clone()]}]}),
        json!({"name": "Block Mobile Admin Access", "action": "DENY",
               "conditions": [{"operator": "OR", "operands": [{"objectType": "APP_GROUP", "lhs": "id", "rhs": sg(4)}]},
                              {"operator": "OR", "operands": [{"objectType": "PLATFORM", "lhs": "ios", "rhs": "true"},
                                                              {"objectType": "PLATFORM", "lhs": "android", "rhs": "true"}]}]}),
        json!({"name": "All Employees - Corporate Apps", "description": "Everyone reaches the intranet, files and printers", "action": "ALLOW",
               "conditions": [{"operator": "OR", "operands": [{"objectType": "APP_GROUP", "lhs": "id", "rhs": sg(0)}]},
                              {"operator": "OR", "operands": [{"objectType": "IDP", "lhs": "id", "rhs": OKTA},
                                                              {"objectType": "IDP", "lhs": "id", "rhs": ENTRA}]}]}),
        json!({"name": "Block Embargoed Countries", "action": "DENY", "disabled": "1",
               "conditions": [{"operator": "OR", "operands": [{"objectType": "COUNTRY_CODE", "lhs": "KP", "rhs": "true"},
                                                              {"objectType": "COUNTRY_CODE", "lhs": "IR", "rhs": "true"}]}]}),
        json!({"name": "Build Agents - Artifacts", "action": "ALLOW",
               "conditions": [{"operator": "OR", "operands": [{"objectType": "APP", "lhs": "id", "rhs": app(tenant, "Artifactory")}]},
                              {"operator": "OR", "operands": [{"objectType": "MACHINE_GRP", "lhs": "id",
                                   "rhs": tenant.rows(identity::MACHINE_GROUPS).nth(2).map(|m| id_string(&m["id"]))}]}]}),
    ];
    for body in access {
        let _ = policy::seed_rule(tenant, "ACCESS_POLICY", body);
    }
    for (name, timeout, idle, part) in [
        ("Engineering - 8h re-auth", "28800", "3600", "Engineering"),
        (
            "Privileged Admins - 1h re-auth",
            "3600",
            "900",
            "IT Operations",
        ),
        ("Contractors - 4h re-auth", "14400", "1800", "Contractors-"),
    ] {
        let body = json!({"name": name, "description": format!("Re-authenticate {part} users"),
                          "action": "RE_AUTH", "reauthTimeout": timeout, "reauthIdleTimeout": idle,
                          "conditions": [{"operator": "OR", "operands": [okta_group(tenant, part)]}]});
        let _ = policy::seed_rule(tenant, "TIMEOUT_POLICY", body);
    }
    for (name, action, operands) in [
        (
            "Bypass on Trusted Networks",
            "BYPASS",
            json!([{"objectType": "TRUSTED_NETWORK", "lhs": network(tenant, 0), "rhs": "true"}]),
        ),
        (
            "Intercept Client Connector",
            "INTERCEPT",
            json!([zapp.clone()]),
        ),
        (
            "Intercept Accessible - Machine Tunnel",
            "INTERCEPT_ACCESSIBLE",
            json!([{"objectType": "CLIENT_TYPE", "lhs": "id", "rhs": "zpn_client_type_machine_tunnel"}]),
        ),
    ] {
        let body = json!({"name": name, "description": format!("{name} ({action})"), "action": action,
                          "conditions": [{"operator": "OR", "operands": operands}]});
        let _ = policy::seed_rule(tenant, "CLIENT_FORWARDING_POLICY", body);
    }
    for (name, part) in [
        ("Isolate Contractors in Browser", "Contractors-"),
        ("Isolate Interns", "Engineering"),
    ] {
        let body = json!({"name": name, "description": "Render in Cloud Browser Isolation",
                          "action": "ISOLATE", "zpnIsolationProfileId": "216196257331370022",
                          "conditions": [{"operator": "OR", "operands": [okta_group(tenant, part)]},
                                         {"operator": "OR", "operands": [browser.clone()]}]});
        let _ = policy::seed_rule(tenant, "ISOLATION_POLICY", body);
    }
    let inspection = tenant
        .rows(services::INSPECTION_PROFILES)
        .nth(1)
        .map(|p| id_string(&p["id"]));
    let body = json!({"name": "Inspect Finance Web Apps", "description": "AppProtection for CI",
                      "action": "INSPECT", "zpnInspectionProfileId": inspection,
                      "conditions": [{"operator": "OR", "operands": [{"objectType": "APP", "lhs": "id", "rhs": app(tenant, "Jenkins")}]}]});
    let _ = policy::seed_rule(tenant, "INSPECTION_POLICY", body);
}

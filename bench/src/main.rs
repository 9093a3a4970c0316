//! `oneapi-bench`: how fast the emulator answers, and what the OneAPI client adds per call.
//!
//! Both figures come from one run on one machine and are reported as rates and ratios, never
//! as pass/fail thresholds. The load generator shares the machine's cores with the emulator,
//! so the emulator figure is a lower bound (see `bench/run.sh` for the `wrk` figure too).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use zscaler_emulator::EmulatorConfig;
use zscaler_oneapi::{ClientConfig, Credentials, OneApiClient, RateLimits, Request};

const PATH: &str = "/zia/api/v1/status";

#[tokio::main]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let secs: u64 = flag(&args, "--secs").unwrap_or(5);
    let calls: usize = flag(&args, "--calls").unwrap_or(20_000);

    let mut config = EmulatorConfig::demo(1);
    // The request log is a test aid; a benchmark measures the serving path without it.
    config.log_capacity = 0;
    let emu = zscaler_emulator::spawn(config).await?;
    let client = oneapi_client(&emu)?;
    let token = client
        .token_provider()
        .token()
        .await
        .context("token")?
        .to_string();
    let raw = reqwest::Client::builder().tcp_nodelay(true).build()?;
    let url = format!("{}{PATH}", emu.base_url());

    println!("## Emulator throughput (GET {PATH}, keep-alive, generator in the same process)");
    for connections in [8usize, 64] {
        let rate = throughput(&raw, &url, &token, connections, Duration::from_secs(secs)).await;
        println!("connections={connections:<3} requests/s={rate:.0}");
    }

    println!("\n## Client cost per call ({calls} sequential GETs each, interleaved blocks)");
    let (raw_us, client_us) = overhead(&raw, &client, &url, &token, calls).await?;
    println!("raw reqwest GET      mean {raw_us:8.1} µs");
    println!("OneApiClient::send   mean {client_us:8.1} µs");
    println!(
        "added by the client  {:8.1} µs per call (ratio {:.2})",
        client_us - raw_us,
        client_us / raw_us
    );
    Ok(())
}

fn flag<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

fn oneapi_client(emu: &zscaler_emulator::RunningEmulator) -> Result<OneApiClient> {
    let registration = emu.client();
    let mut config = ClientConfig::new(
        emu.token_url().parse()?,
        emu.base_url().parse()?,
        Credentials::secret(
            registration.client_id.clone(),
            registration.client_secret.clone().unwrap_or_default(),
        ),
    );
    config.rate_limits = RateLimits::disabled();
    Ok(OneApiClient::new(config)?)
}

async fn throughput(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    connections: usize,
    duration: Duration,
) -> f64 {
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let workers: Vec<_> = (0..connections)
        .map(|_| {
            let (http, url, token) = (http.clone(), url.to_owned(), token.to_owned());
            let (done, stop) = (done.clone(), stop.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let ok = http.get(&url).bearer_auth(&token).send().await;
                    if let Ok(resp) = ok
                        && resp.bytes().await.is_ok()
                    {
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        let _ = worker.await;
    }
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

/// Alternates blocks of raw and client calls so drift in machine load hits both alike.
async fn overhead(
    http: &reqwest::Client,
    client: &OneApiClient,
    url: &str,
    token: &str,
    calls: usize,
) -> Result<(f64, f64)> {
    const BLOCK: usize = 500;
    let (mut raw_time, mut client_time) = (Duration::ZERO, Duration::ZERO);
    // Warm both connection pools first.
    for _ in 0..200 {
        http.get(url)
            .bearer_auth(token)
            .send()
            .await?
            .bytes()
            .await?;
        client.send(Request::get(PATH)).await?;
    }
    for _ in 0..calls.div_ceil(BLOCK) {
        let started = Instant::now();
        for _ in 0..BLOCK {
            let body = http
                .get(url)
                .bearer_auth(token)
                .send()
                .await?
                .bytes()
                .await?;
            let _: serde_json::Value = serde_json::from_slice(&body)?;
        }
        raw_time += started.elapsed();
        let started = Instant::now();
        for _ in 0..BLOCK {
            client.send(Request::get(PATH)).await?;
        }
        client_time += started.elapsed();
    }
    let n = (calls.div_ceil(BLOCK) * BLOCK) as f64;
    Ok((
        raw_time.as_micros() as f64 / n,
        client_time.as_micros() as f64 / n,
    ))
}

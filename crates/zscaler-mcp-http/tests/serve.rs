//! The accept loop over plain TCP: peer addresses reach handlers, HTTP/1.1 and HTTP/2 are both
//! served, streamed bodies are not buffered, and slow, idle and surplus clients are handled.

mod common;

use std::time::Duration;

use common::{TestServer, WAIT, raw, read_response, read_until_closed};
use zscaler_mcp_http::ServeOptions;

#[tokio::test]
async fn handlers_see_the_peer_address_over_http1_and_http2() {
    let server = TestServer::start(ServeOptions::default()).await;
    let mut tcp = raw(
        server.addr,
        b"GET /whoami HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    )
    .await;
    let local = tcp.local_addr().unwrap();
    let response = read_response(&mut tcp).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(
        response.contains(&format!("\"peer\":\"{local}\"")),
        "the handler sees this connection's address {local}: {response}"
    );

    let h2 = reqwest::Client::builder()
        .http2_prior_knowledge()
        .no_proxy()
        .timeout(WAIT)
        .build()
        .unwrap();
    let response = h2.get(server.http("/whoami")).send().await.unwrap();
    assert_eq!(response.version(), reqwest::Version::HTTP_2);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(
        body["peer"].as_str().unwrap().starts_with("127.0.0.1:"),
        "{body}"
    );
    assert_eq!(body["subject"], serde_json::Value::Null, "no TLS, no cert");
}

#[tokio::test]
async fn a_streamed_body_reaches_the_client_while_it_is_still_open() {
    // The header-read timeout is about requests: a response that streams for longer is fine.
    let server = TestServer::start(ServeOptions {
        header_read_timeout: Duration::from_secs(1),
        ..ServeOptions::default()
    })
    .await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut response = client.get(server.http("/stream")).send().await.unwrap();
    let first = tokio::time::timeout(WAIT, response.chunk())
        .await
        .expect("the first chunk arrives before the stream ends")
        .unwrap()
        .unwrap();
    assert_eq!(&first[..], b"data: first\n\n");
    tokio::time::sleep(Duration::from_secs(2)).await;
    server.release.send(true).unwrap();
    let rest = tokio::time::timeout(WAIT, response.text())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(rest, "data: second\n\n");
}

#[tokio::test]
async fn a_client_stalling_in_its_headers_is_disconnected_while_others_are_served() {
    let server = TestServer::start(ServeOptions {
        header_read_timeout: Duration::from_secs(1),
        idle_timeout: Duration::from_secs(600),
        ..ServeOptions::default()
    })
    .await;
    let mut stalled = raw(server.addr, b"GET /health HTTP/1.1\r\nHost: x\r\n").await;

    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let health = client.get(server.http("/health")).send().await.unwrap();
    assert_eq!(health.status(), 200);

    let received = read_until_closed(&mut stalled)
        .await
        .expect("the server closes a connection whose headers never finish");
    let text = String::from_utf8_lossy(&received);
    assert!(
        !text.contains("200 OK"),
        "the partial request was not answered: {text}"
    );
    let health = client.get(server.http("/health")).send().await.unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn an_idle_connection_is_closed_but_a_slow_handler_is_not_idleness() {
    let server = TestServer::start(ServeOptions {
        header_read_timeout: Duration::from_secs(600),
        idle_timeout: Duration::from_secs(1),
        ..ServeOptions::default()
    })
    .await;
    // /slow takes longer than the idle timeout without a byte on the wire.
    let mut slow = raw(server.addr, b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let response = read_response(&mut slow).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with("slow ok"), "{response}");

    // The same keep-alive connection, now quiet, is closed.
    let rest = read_until_closed(&mut slow)
        .await
        .expect("an idle keep-alive connection is closed");
    assert!(rest.is_empty(), "{:?}", String::from_utf8_lossy(&rest));

    // A connection that never sends anything is closed too.
    let mut silent = raw(server.addr, b"").await;
    read_until_closed(&mut silent)
        .await
        .expect("a silent connection is closed");
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_until_one_closes() {
    let server = TestServer::start(ServeOptions {
        max_connections: 1,
        ..ServeOptions::default()
    })
    .await;
    let request = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    let mut first = raw(server.addr, request).await;
    let response = read_response(&mut first).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");

    // The first connection stays open (keep-alive), so the second is not served yet.
    let mut second = raw(server.addr, request).await;
    let mut byte = [0u8; 1];
    let early = tokio::time::timeout(
        Duration::from_millis(500),
        tokio::io::AsyncReadExt::read(&mut second, &mut byte),
    )
    .await;
    assert!(
        early.is_err(),
        "the second connection waits while the first is open"
    );

    drop(first);
    let response = read_response(&mut second).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
}

#[tokio::test]
async fn shutdown_closes_idle_connections_and_returns() {
    let server = TestServer::start(ServeOptions::default()).await;
    let mut idle = raw(server.addr, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let response = read_response(&mut idle).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    server.shutdown.cancel();
    tokio::time::timeout(WAIT, server.task)
        .await
        .expect("serve returns after shutdown")
        .unwrap();
    read_until_closed(&mut idle)
        .await
        .expect("the idle connection was closed");
    assert!(
        tokio::net::TcpStream::connect(server.addr).await.is_err(),
        "nothing listens after shutdown"
    );
}

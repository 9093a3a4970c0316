# syntax=docker/dockerfile:1
#
# zscaler-mcp container image: one static (musl) binary on distroless, running as non-root.
#
#   make docker-build                                   # this machine's platform
#   make docker-build-multiarch IMAGE=<uri>:<tag>       # linux/amd64 + linux/arm64, pushed
#
# Defaults suit a platform that terminates TLS and starts the container without arguments
# (AWS Bedrock AgentCore, ECS, Cloud Run, Kubernetes): streamable HTTP on 0.0.0.0:8000,
# stateless (any replica answers any request). At run time also give it:
#   - the tenant: ZSCALER_CLIENT_ID, ZSCALER_CLIENT_SECRET (or ZSCALER_PRIVATE_KEY),
#     ZSCALER_VANITY_DOMAIN, ZSCALER_CUSTOMER_ID;
#   - the names clients use to reach it: ZSCALER_MCP_ALLOWED_HOSTS (e.g. mcp.example.com,*.on.aws);
#     on 0.0.0.0 the server refuses to start without it (DNS-rebinding defence);
#   - how MCP clients authenticate: ZSCALER_MCP_AUTH_MODE and its settings (docs/security.md).
# `docker run -i --rm -e ZSCALER_MCP_TRANSPORT=stdio …` serves stdio instead.
#
# No HEALTHCHECK: Docker runs it inside the container, and this image has no shell and no
# curl to run one with. Probe from outside instead: GET /health (Kubernetes probes, load
# balancer health checks) or GET /ping (AgentCore).

ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-alpine AS builder
# Alpine's Rust targets *-unknown-linux-musl, which links statically by default. aws-lc-sys
# (rustls' crypto) needs a C toolchain, cmake and perl to build.
RUN apk add --no-cache musl-dev gcc g++ make cmake perl
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY crates crates
COPY bench bench
# Size (target: an image under 20 MB): the `dist` profile (Cargo.toml) trades build time for size
# with fat LTO, one codegen unit, opt-level "s" and stripped symbols. scripts/static-smoke.sh builds
# the same profile in CI and fails above 18 MiB.
ARG TARGETPLATFORM
RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,id=zscaler-mcp-target-${TARGETPLATFORM},target=/src/target \
    cargo build --profile dist --locked -p zscaler-mcp --bin zscaler-mcp \
    && cp target/dist/zscaler-mcp /zscaler-mcp
# Fail the build rather than ship a binary that needs a loader the runtime image lacks.
RUN apk add --no-cache file && file /zscaler-mcp | grep -Eq 'statically linked|static-pie linked'

# distroless/static: CA certificates (/etc/ssl/certs, read by the OneAPI client's TLS), tzdata,
# /etc/passwd with the nonroot user (65532); no shell, no package manager.
FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=0.1.0
LABEL io.modelcontextprotocol.server.name="io.github.zscaler-mcp-rs/zscaler-mcp" \
      org.opencontainers.image.title="zscaler-mcp" \
      org.opencontainers.image.description="MCP server for the Zscaler Zero Trust Exchange (OneAPI)" \
      org.opencontainers.image.source="https://github.com/zscaler-mcp-rs/zscaler-mcp" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}"
COPY --from=builder /zscaler-mcp /usr/local/bin/zscaler-mcp
ENV ZSCALER_MCP_TRANSPORT=streamable-http \
    ZSCALER_MCP_HOST=0.0.0.0 \
    ZSCALER_MCP_PORT=8000 \
    ZSCALER_MCP_STATELESS=true \
    ZSCALER_MCP_ALLOW_HTTP=true
USER 65532:65532
EXPOSE 8000
ENTRYPOINT ["/usr/local/bin/zscaler-mcp"]

# Developer shortcuts. Cargo does the building; Docker targets need a Docker engine with buildx.
#
#   make build                    debug build of the server
#   make test                     the whole test suite (README: bash scripts/test.sh)
#   make static                   static release binary + smoke test (scripts/static-smoke.sh)
#   make docker-build             image for this machine's platform, loaded locally
#   make docker-build-multiarch IMAGE=<uri>:<tag> [PLATFORMS=linux/amd64,linux/arm64]
#                                 one image for every platform, pushed to IMAGE (Fargate,
#                                 Graviton and AgentCore pull the platform they run on)

IMAGE ?=
PLATFORMS ?= linux/amd64,linux/arm64
LOCAL_IMAGE ?= zscaler-mcp:local
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

.PHONY: build test static docker-build docker-build-multiarch

build:
	cargo build -p zscaler-mcp

test:
	bash scripts/test.sh

static:
	bash scripts/static-smoke.sh

docker-build:
	docker build --build-arg VERSION=$(VERSION) -t $(LOCAL_IMAGE) .

docker-build-multiarch:
	@if [ -z "$(IMAGE)" ]; then \
		echo "error: docker-build-multiarch needs IMAGE=<registry>/<repository>:<tag>," >&2; \
		echo "       e.g. make docker-build-multiarch IMAGE=123456789012.dkr.ecr.us-east-1.amazonaws.com/zscaler-mcp:$(VERSION)" >&2; \
		echo "       (the image is pushed there; PLATFORMS defaults to $(PLATFORMS))" >&2; \
		exit 2; \
	fi
	docker buildx build --platform $(PLATFORMS) --provenance=false --sbom=false \
		--build-arg VERSION=$(VERSION) -t $(IMAGE) --push .

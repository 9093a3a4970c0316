"""One complete MCP session with the official Python client (`mcp` 2.3.0) against zscaler-mcp.

Run by crates/zscaler-mcp/tests/peers.rs with the venv's python:

    python_session.py stdio  --mode legacy --expect-version 2025-11-25 BINARY -- --demo --tools-page-size 10
    python_session.py http   --mode auto   --expect-version 2026-07-28 http://127.0.0.1:PORT/mcp
    python_session.py sse    --mode legacy --expect-version 2025-11-25 http://127.0.0.1:PORT/sse

The server must run with `--tools-page-size 10`. Exits 0 when every check passed; otherwise a
traceback says which check failed and what the server answered.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import warnings
from typing import Any

from mcp import Client
from mcp.client.sse import sse_client
from mcp.client.stdio import StdioServerParameters
from mcp.shared.exceptions import MCPError

# Set by the Rust test that runs this script (the size of the build's catalogue).
EXPECTED_TOOLS = int(os.environ.get("ZSCALER_MCP_EXPECTED_TOOLS", "8"))
PAGE_SIZE = 10


def step(message: str) -> None:
    print(f"[python] {message}", flush=True)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


async def walk_tools(client: Client, refresh: bool) -> tuple[list[str], list[int]]:
    """Every tool name, following nextCursor to the end; and the size of each page."""
    names: list[str] = []
    pages: list[int] = []
    cursor: str | None = None
    while True:
        page = await client.list_tools(cursor=cursor, cache_mode="refresh" if refresh else "use")
        pages.append(len(page.tools))
        names.extend(tool.name for tool in page.tools)
        cursor = page.next_cursor
        if cursor is None:
            return names, pages
        check(len(pages) <= -(-EXPECTED_TOOLS // PAGE_SIZE) + 1, f"tools/list never ends: {pages} pages so far")


def text_of(result: Any) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "type", None) == "text")


async def session(client: Client, args: argparse.Namespace) -> dict[str, Any]:
    version = client.protocol_version
    step(f"connected: protocol {version}, server {client.server_info}")
    if args.expect_version:
        check(version == args.expect_version, f"negotiated {version}, expected {args.expect_version}")
    if args.mode in ("legacy", "auto"):
        capabilities = client.server_capabilities.model_dump(mode="json", exclude_none=True)
    else:
        # A client that adopts a version directly has not asked; ask now, as `auto` would.
        discovered = await client.session.send_discover(version)
        check(version in discovered.get("supportedVersions", []), f"server/discover: {discovered}")
        capabilities = discovered.get("capabilities", {})
    check({"tools", "prompts", "resources"} <= capabilities.keys(), f"capabilities: {capabilities}")

    names, pages = await walk_tools(client, refresh=False)
    step(f"tools/list pages {pages}: {names}")
    check(len(names) == EXPECTED_TOOLS, f"expected {EXPECTED_TOOLS} tools, got {len(names)}: {names}")
    check(len(set(names)) == len(names), f"duplicate tool names: {names}")
    check(all(size <= PAGE_SIZE for size in pages), f"a page is larger than {PAGE_SIZE}: {pages}")
    check(len(pages) == -(-EXPECTED_TOOLS // PAGE_SIZE), f"expected full pages of {PAGE_SIZE}, got {pages}")
    again, _ = await walk_tools(client, refresh=True)
    check(again == names, f"the tool order changed between two listings:\n{names}\n{again}")

    listed = await client.call_tool("zpa_list_segment_groups", {"page_size": 2})
    check(not listed.is_error, f"zpa_list_segment_groups failed: {text_of(listed)}")
    structured = listed.structured_content
    check(isinstance(structured, dict) and structured.get("count") == 2, f"structuredContent: {structured}")
    check(len(structured["items"]) == 2, f"items: {structured['items']}")
    check(json.loads(text_of(listed)) == structured, "the text content is not the structured content")
    step(f"zpa_list_segment_groups: {[item.get('name') for item in structured['items']]}")

    status = await client.call_tool("zia_get_activation_status", {})
    check(not status.is_error, f"zia_get_activation_status failed: {text_of(status)}")
    check(
        isinstance(status.structured_content, dict) and status.structured_content.get("status") in ("ACTIVE", "PENDING"),
        f"activation status: {status.structured_content}",
    )
    step(f"zia_get_activation_status: {status.structured_content}")

    bad = await client.call_tool("zpa_get_application_segment", {})
    check(bad.is_error is True, f"a missing argument was not an error: {bad}")
    check("segment_id" in text_of(bad), f"the error does not name segment_id: {text_of(bad)}")
    step(f"argument error: {text_of(bad)}")

    try:
        unknown = await client.call_tool("zpa_no_such_tool", {})
    except MCPError as error:
        check(error.code == -32602, f"unknown tool: code {error.code}, expected -32602")
        check("zpa_no_such_tool" in error.message, f"the error does not name the tool: {error.message}")
        step(f"unknown tool raised {error.code}: {error.message}")
    else:
        raise AssertionError(f"an unknown tool did not raise: {unknown}")

    prompts = await client.list_prompts()
    prompt_names = [prompt.name for prompt in prompts.prompts]
    check("zpa_review_application_segment" in prompt_names, f"prompts: {prompt_names}")
    prompt = await client.get_prompt("zpa_review_application_segment", {"segment": "Finance"})
    check(len(prompt.messages) >= 1, f"prompt without messages: {prompt}")
    check("Finance" in json.dumps(prompt.model_dump(mode="json")), f"the prompt ignores its argument: {prompt}")
    step(f"prompts: {prompt_names}")

    resources = await client.list_resources()
    uris = [str(resource.uri) for resource in resources.resources]
    check("zscaler://services" in uris, f"resources: {uris}")
    services = await client.read_resource("zscaler://services")
    body = "".join(getattr(content, "text", "") for content in services.contents)
    check("zpa" in body and "zia" in body, f"zscaler://services: {body[:300]}")
    step(f"resources: {uris}; zscaler://services has {len(body)} characters")

    if version != "2026-07-28":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ping is deprecated from 2026-07-28 on only
            await client.send_ping()
        step("ping answered")

    return {"version": version, "tools": names, "pages": pages}


def make_client(args: argparse.Namespace) -> Client:
    if args.transport == "stdio":
        server_args = [a for a in args.server_args if a != "--"]
        target: Any = StdioServerParameters(command=args.target, args=server_args)
    elif args.transport == "http":
        target = args.target
    else:
        target = sse_client(args.target, timeout=10)
    return Client(target, mode=args.mode, read_timeout_seconds=30)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("transport", choices=["stdio", "http", "sse"])
    parser.add_argument("--mode", default="auto", help="legacy, auto or a modern protocol version")
    parser.add_argument("--expect-version", help="the protocol version the session must negotiate")
    parser.add_argument("target", help="the server binary (stdio) or URL (http, sse)")
    parser.add_argument("server_args", nargs=argparse.REMAINDER, help="arguments for the stdio server")
    args = parser.parse_args()

    started = time.monotonic()
    async with make_client(args) as client:
        summary = await session(client, args)
    summary["seconds"] = round(time.monotonic() - started, 3)
    print(json.dumps({"peer": "python mcp 2.3.0", "transport": args.transport, "mode": args.mode, **summary}))


def leaves(error: BaseException) -> list[BaseException]:
    """The exceptions an (anyio) exception group wraps, however deeply."""
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in leaves(inner)]
    return [error]


if __name__ == "__main__":
    try:
        asyncio.run(asyncio.wait_for(main(), timeout=90))
    except Exception as error:
        import traceback

        traceback.print_exc()
        for leaf in leaves(error):
            print(f"[python] FAILED: {type(leaf).__name__}: {leaf}", file=sys.stderr)
        sys.exit(1)

// One complete MCP session with the official TypeScript SDK (@modelcontextprotocol/sdk 1.32.2)
// against zscaler-mcp. Run by crates/zscaler-mcp/tests/peers.rs with the pinned Node 22:
//
//   node ts_session.mjs stdio BINARY --demo --tools-page-size 10
//   node ts_session.mjs http  http://127.0.0.1:PORT/mcp
//   node ts_session.mjs sse   http://127.0.0.1:PORT/sse
//
// The SDK is loaded from $ZSCALER_MCP_PEERS/npm/node_modules. The server must run with
// `--tools-page-size 10`. Exits 0 when every check passed; otherwise prints what failed.

import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Set by the Rust test that runs this script (the size of the build's catalogue).
const EXPECTED_TOOLS = Number(process.env.ZSCALER_MCP_EXPECTED_TOOLS ?? 8);
const PAGE_SIZE = 10;
const EXPECTED_VERSION = '2025-11-25'; // the SDK's LATEST_PROTOCOL_VERSION

const peers = process.env.ZSCALER_MCP_PEERS;
assert.ok(peers, 'ZSCALER_MCP_PEERS is not set');
const sdk = (file) =>
    import(pathToFileURL(path.join(peers, 'npm/node_modules/@modelcontextprotocol/sdk/dist/esm', file)).href);

const { Client } = await sdk('client/index.js');
const { McpError } = await sdk('types.js');

const step = (message) => console.log(`[ts] ${message}`);
const textOf = (result) =>
    result.content
        .filter((block) => block.type === 'text')
        .map((block) => block.text)
        .join('\n');

async function makeTransport(kind, target, serverArgs) {
    if (kind === 'stdio') {
        const { StdioClientTransport } = await sdk('client/stdio.js');
        return new StdioClientTransport({ command: target, args: serverArgs, stderr: 'ignore' });
    }
    if (kind === 'http') {
        const { StreamableHTTPClientTransport } = await sdk('client/streamableHttp.js');
        return new StreamableHTTPClientTransport(new URL(target));
    }
    if (kind === 'sse') {
        const { SSEClientTransport } = await sdk('client/sse.js');
        return new SSEClientTransport(new URL(target));
    }
    throw new Error(`unknown transport ${kind}: use stdio, http or sse`);
}

/// Records the protocol version the server answered `initialize` with, whatever the transport.
function watchHandshake(transport) {
    const seen = { version: undefined };
    let handler;
    Object.defineProperty(transport, 'onmessage', {
        configurable: true,
        get: () => handler,
        set: (fn) => {
            handler = (message, extra) => {
                if (seen.version === undefined && message?.result?.protocolVersion) {
                    seen.version = message.result.protocolVersion;
                }
                return fn?.(message, extra);
            };
        },
    });
    return seen;
}

async function walkTools(client) {
    const names = [];
    const pages = [];
    let cursor;
    do {
        const page = await client.listTools(cursor === undefined ? {} : { cursor });
        pages.push(page.tools.length);
        names.push(...page.tools.map((tool) => tool.name));
        cursor = page.nextCursor;
        assert.ok(pages.length <= Math.ceil(EXPECTED_TOOLS / PAGE_SIZE) + 1, `tools/list never ends: ${pages}`);
    } while (cursor !== undefined);
    return { names, pages };
}

async function session(kind, target, serverArgs) {
    const transport = await makeTransport(kind, target, serverArgs);
    const handshake = watchHandshake(transport);
    const client = new Client({ name: 'zscaler-mcp-peer-test', version: '1.0.0' });
    await client.connect(transport);
    step(`connected: protocol ${handshake.version}, server ${JSON.stringify(client.getServerVersion())}`);
    assert.equal(handshake.version, EXPECTED_VERSION, 'negotiated protocol version');
    assert.ok(client.getServerCapabilities()?.tools, 'the server does not announce tools');

    const { names, pages } = await walkTools(client);
    step(`tools/list pages ${JSON.stringify(pages)}: ${names.join(', ')}`);
    assert.equal(names.length, EXPECTED_TOOLS, `tool count: ${names}`);
    assert.equal(new Set(names).size, names.length, `duplicate tool names: ${names}`);
    assert.ok(pages.every((size) => size <= PAGE_SIZE), `a page is larger than ${PAGE_SIZE}: ${pages}`);
    assert.equal(pages.length, Math.ceil(EXPECTED_TOOLS / PAGE_SIZE), `pages: ${pages}`);
    const again = await walkTools(client);
    assert.deepEqual(again.names, names, 'the tool order changed between two listings');

    const listed = await client.callTool({ name: 'zpa_list_segment_groups', arguments: { page_size: 2 } });
    assert.ok(!listed.isError, `zpa_list_segment_groups failed: ${textOf(listed)}`);
    assert.equal(listed.structuredContent?.count, 2, JSON.stringify(listed.structuredContent));
    assert.equal(listed.structuredContent.items.length, 2);
    assert.deepEqual(JSON.parse(textOf(listed)), listed.structuredContent, 'text is not the structured content');
    step(`zpa_list_segment_groups: ${JSON.stringify(listed.structuredContent.items.map((i) => i.name))}`);

    const status = await client.callTool({ name: 'zia_get_activation_status', arguments: {} });
    assert.ok(!status.isError, `zia_get_activation_status failed: ${textOf(status)}`);
    assert.ok(['ACTIVE', 'PENDING'].includes(status.structuredContent?.status), JSON.stringify(status));
    step(`zia_get_activation_status: ${JSON.stringify(status.structuredContent)}`);

    const bad = await client.callTool({ name: 'zpa_get_application_segment', arguments: {} });
    assert.equal(bad.isError, true, `a missing argument was not an error: ${JSON.stringify(bad)}`);
    assert.match(textOf(bad), /segment_id/, 'the error names the missing field');
    step(`argument error: ${textOf(bad)}`);

    await assert.rejects(
        client.callTool({ name: 'zpa_no_such_tool', arguments: {} }),
        (error) => {
            assert.ok(error instanceof McpError, `not an McpError: ${error}`);
            assert.equal(error.code, -32602, error.message);
            assert.match(error.message, /zpa_no_such_tool/);
            step(`unknown tool rejected: ${error.message}`);
            return true;
        },
    );

    const prompts = await client.listPrompts();
    const promptNames = prompts.prompts.map((prompt) => prompt.name);
    assert.ok(promptNames.includes('zscaler_investigate_access'), `prompts: ${promptNames}`);
    const resource = await client.readResource({ uri: 'zscaler://services' });
    assert.match(resource.contents[0].text, /zpa/);
    step(`prompts ${promptNames.join(', ')}; zscaler://services read`);

    await client.ping();
    // Closing stdin must end a stdio server by itself: the SDK waits 2 s, then sends SIGTERM.
    const child = transport._process;
    const signals = [];
    if (child) {
        const kill = child.kill.bind(child);
        child.kill = (signal) => {
            signals.push(signal);
            return kill(signal);
        };
    }
    await client.close();
    assert.deepEqual(signals, [], 'the client had to signal the server to end it after closing stdin');
    if (child) step(`stdio server exited by itself (code ${child.exitCode})`);
    return { version: handshake.version, tools: names, pages };
}

const [kind, target, ...serverArgs] = process.argv.slice(2);
const started = performance.now();
const timer = setTimeout(() => {
    console.error('[ts] the session did not finish within 90 s');
    process.exit(2);
}, 90_000);
try {
    const summary = await session(kind, target, serverArgs);
    const seconds = Number(((performance.now() - started) / 1000).toFixed(3));
    console.log(JSON.stringify({ peer: 'ts sdk 1.32.2', transport: kind, ...summary, seconds }));
    clearTimeout(timer);
} catch (error) {
    console.error('[ts] FAILED:', error);
    process.exit(1);
}

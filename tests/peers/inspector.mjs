// The MCP Inspector CLI (@modelcontextprotocol/inspector 2.12.0) against zscaler-mcp: one CLI run
// per MCP method, in each protocol era asked for, checking its JSON output and exit codes.
// Run by crates/zscaler-mcp/tests/peers.rs with the pinned Node 22:
//
//   node inspector.mjs http  http://127.0.0.1:PORT/mcp legacy,auto,modern
//   node inspector.mjs sse   http://127.0.0.1:PORT/sse legacy
//   node inspector.mjs stdio BINARY legacy,auto --demo --tools-page-size 10
//
// The server must run with `--tools-page-size 10`. HOME should be a scratch directory: the
// Inspector keeps a catalog there. Exits 0 when every check passed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

// Set by the Rust test that runs this script (the size of the build's catalogue).
const EXPECTED_TOOLS = Number(process.env.ZSCALER_MCP_EXPECTED_TOOLS ?? 8);
const VERSION_BY_ERA = { legacy: '2025-11-25', auto: '2026-07-28', modern: '2026-07-28' };
const EXIT_TOOL_ERROR = 5;

const peers = process.env.ZSCALER_MCP_PEERS;
assert.ok(peers, 'ZSCALER_MCP_PEERS is not set');
const inspector = path.join(peers, 'npm/node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js');

const [transport, target, eraList, ...serverArgs] = process.argv.slice(2);
assert.ok(['http', 'sse', 'stdio'].includes(transport), `unknown transport ${transport}`);
const eras = (eraList ?? 'legacy').split(',');

const step = (message) => console.log(`[inspector] ${message}`);

/// One CLI run; returns its exit code and its parsed JSON output (stdout) and error (stderr).
function cli(era, method, ...extra) {
    const args = [inspector, '--cli', target, ...serverArgs, '--transport', transport, '--protocol-era', era];
    args.push('--method', method, ...extra, '--format', 'json', '--quiet', '--connect-timeout', '20000');
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
    const where = `inspector ${transport} ${era} ${method} ${extra.join(' ')}`;
    assert.equal(run.error, undefined, `${where}: ${run.error}`);
    const parse = (text, stream) => {
        const trimmed = text.trim();
        if (trimmed === '') return undefined;
        try {
            return JSON.parse(trimmed.split('\n').at(-1));
        } catch {
            assert.fail(`${where}: ${stream} is not JSON:\n${text}`);
        }
    };
    const out = { status: run.status, stdout: parse(run.stdout, 'stdout'), stderr: parse(run.stderr, 'stderr') };
    out.explain = `${where} exited ${run.status}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
    return out;
}

function ok(run) {
    assert.equal(run.status, 0, run.explain);
    assert.ok(run.stdout?.result, run.explain);
    return run.stdout.result;
}

const textOf = (result) =>
    result.content
        .filter((block) => block.type === 'text')
        .map((block) => block.text)
        .join('\n');

function session(era) {
    const init = ok(cli(era, 'initialize'));
    assert.equal(init.protocolVersion, VERSION_BY_ERA[era], `negotiated version in era ${era}`);
    assert.equal(init.serverInfo?.name, 'zscaler-mcp');
    assert.ok(init.capabilities?.tools && init.capabilities?.prompts && init.capabilities?.resources);
    step(`${era}: initialize → ${init.protocolVersion}`);

    // The Inspector walks every page itself; the server pages by ten.
    const names = ok(cli(era, 'tools/list')).tools.map((tool) => tool.name);
    assert.equal(names.length, EXPECTED_TOOLS, `tools: ${names}`);
    assert.equal(new Set(names).size, names.length, `duplicate tool names: ${names}`);
    const again = ok(cli(era, 'tools/list')).tools.map((tool) => tool.name);
    assert.deepEqual(again, names, 'the tool order changed between two listings');
    step(`${era}: tools/list → ${names.join(', ')}`);

    // The last tool of the last page: the Inspector finds a tool in its listing before calling.
    const status = ok(cli(era, 'tools/call', '--tool-name', 'zia_get_activation_status'));
    assert.equal(status.isError, false, JSON.stringify(status));
    assert.ok(['ACTIVE', 'PENDING'].includes(status.structuredContent?.status), JSON.stringify(status));
    step(`${era}: zia_get_activation_status → ${textOf(status)}`);

    const listed = ok(
        cli(era, 'tools/call', '--tool-name', 'zpa_list_segment_groups', '--tool-args-json', '{"page_size": 2}'),
    );
    assert.equal(listed.structuredContent?.count, 2, JSON.stringify(listed.structuredContent));
    assert.equal(listed.structuredContent.items.length, 2);

    // A tool's own error: exit 5, the result still printed, naming the missing field.
    const bad = cli(era, 'tools/call', '--tool-name', 'zpa_get_application_segment', '--tool-args-json', '{}');
    assert.equal(bad.status, EXIT_TOOL_ERROR, bad.explain);
    assert.equal(bad.stdout?.result?.isError, true, bad.explain);
    assert.match(textOf(bad.stdout.result), /segment_id/, bad.explain);
    assert.equal(bad.stderr?.error?.code, 'tool_is_error', bad.explain);
    step(`${era}: argument error → exit ${bad.status}: ${textOf(bad.stdout.result)}`);

    const unknown = cli(era, 'tools/call', '--tool-name', 'zpa_no_such_tool');
    assert.equal(unknown.status, EXIT_TOOL_ERROR, unknown.explain);
    assert.equal(unknown.stderr?.error?.code, 'tool_not_found', unknown.explain);
    step(`${era}: unknown tool → exit ${unknown.status}: ${unknown.stderr.error.message}`);

    const prompts = ok(cli(era, 'prompts/list')).prompts.map((prompt) => prompt.name);
    assert.ok(prompts.includes('zpa_review_application_segment'), `prompts: ${prompts}`);
    const services = ok(cli(era, 'resources/read', '--uri', 'zscaler://services'));
    const body = JSON.parse(services.contents[0].text);
    assert.deepEqual(
        body.services.map((service) => service.service).sort(),
        ['zcc', 'zcell', 'zdx', 'zeasm', 'zia', 'zid', 'zins', 'zms', 'zpa', 'ztw'],
        services.contents[0].text,
    );
    step(`${era}: prompts ${prompts.join(', ')}; zscaler://services read`);
}

const started = performance.now();
try {
    for (const era of eras) {
        assert.ok(era in VERSION_BY_ERA, `unknown era ${era}`);
        session(era);
    }
} catch (error) {
    console.error('[inspector] FAILED:', error.message ?? error);
    process.exit(1);
}
const seconds = Number(((performance.now() - started) / 1000).toFixed(3));
console.log(JSON.stringify({ peer: 'inspector 2.12.0', transport, eras, seconds }));

// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import sosUrl from '../fixtures/bundles/sos-iptables-nft-drop/sosreport-vm-2026-11-25-uwyykac.tar.xz?url&inline';
import pcapUrl from '../fixtures/bundles/sos-iptables-nft-drop/srv-eth0.pcap?url&inline';
import type { IngestRequest } from '../../renderer/src/engine/engine-api';
import { createEngineSession } from '../../renderer/src/engine/engine-session';
import { dataUrlBytes, memoryFile, memoryHost } from './memory-engine';

// Issue 11 in the app: a sosreport .tar.xz dropped on the workbench opens in the worker's session like the CLI
// opens it — its command outputs as artifacts with their provenance, the rest summed up on the archive.
function request(batch: number, files: File[]): IngestRequest {
  return { batch, files, names: files.map((f) => f.name), cancel: new Int32Array(files.length + 1) };
}

describe('engine session with a sosreport (.tar.xz)', () => {
  test('dropped with the capture, gives its command outputs, the bundle facts and the recorded owner', async () => {
    const session = createEngineSession(memoryHost());
    const outcomes = await session.ingest(request(1, [memoryFile('sosreport.tar.xz', dataUrlBytes(sosUrl)), memoryFile('srv-eth0.pcap', dataUrlBytes(pcapUrl))]), () => {});
    expect(outcomes.map((o) => o.phase)).toEqual(['done', 'done']);
    const archive = outcomes[0].summary!;
    expect(archive.meta).toMatchObject({ container: 'tar.xz', bundle: 'sosreport', host: 'vm' });
    expect(archive.meta!.bundleSummary).toMatch(/^sosreport of vm: \d+ command output\(s\) read, \d+ other files ignored$/);
    const members = outcomes[0].members ?? [];
    expect(members.find((m) => m.meta?.command === 'nft list ruleset')?.format).toBe('nft-ruleset');
    expect(members.find((m) => m.meta?.command === 'iptables -vnxL')?.format).toBe('iptables-list');
    expect(members.some((m) => /\/etc\//.test(m.name))).toBe(false);
    const verdict = session.verdict();
    const f = verdict.findings.find((x) => x.flow.src === '10.0.2.8' && x.flow.dport === 20202);
    expect(f?.drop).toMatchObject({ hook: 'LOCAL_IN', owner: { kind: 'iptables', backend: 'nft', table: 'filter', chain: 'INPUT' } });
  });
});

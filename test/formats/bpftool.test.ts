import { describe, expect, it } from 'vitest';
import { bpftoolFormat } from '../../shared/formats/bpftool.format';
import type { HookEntry } from '../../shared/model/hook-entry';
import type { BpfAttachFact, BpfProgFact } from '../../shared/model/bpf-prog';
import { detectedId, fixture, fixtureFiles, runFormat } from './run-text-format';

const read = (path: string) => runFormat(bpftoolFormat, fixture(path));
const text = (path: string) => new TextDecoder().decode(fixture(path));
const hooks = (records: Array<{ kind: string }>) => records.filter((r): r is HookEntry => r.kind === 'hook-entry');
const progs = (records: Array<{ kind: string }>) => records.filter((r): r is BpfProgFact => r.kind === 'bpf-prog');

/** The HookEntry bpftool 7.7 gives for the lab's netfilter link (prog 301 at ip input, priority 10). */
const labHook: Omit<HookEntry, 'line'> = {
  kind: 'hook-entry', family: 'ip', hook: 'LOCAL_IN', priority: 10, hookFunction: 'bpf_prog_301', address: null, module: null,
  nftChain: null, device: null, order: 0, bpfId: 301,
};

describe('bpftool: every sample and recording is detected and read', () => {
  it.each([...fixtureFiles('samples/bpftool'), ...fixtureFiles('bpftool')])('%s', (file) => {
    const bytes = fixture(file);
    expect(detectedId(bytes)).toBe('bpftool');
    const { records } = runFormat(bpftoolFormat, bytes);
    expect(records.length).toBeGreaterThan(0);
  });
});

describe('bpftool 7.7 (netfilter links known)', () => {
  it('link show, -j link show and net show give the same hook entry', () => {
    for (const [file, line] of [['lab-6.18-bpftool-link-show.txt', 2], ['lab-6.18-bpftool-link-show.json', 1], ['lab-6.18-bpftool-net-show.txt', 9]] as const) {
      const { records, warnings } = read(`samples/bpftool/${file}`);
      expect(warnings).toEqual([]);
      expect(records).toEqual([{ ...labHook, line }]);
    }
  });

  it('prog show: the program with its tag, load time and maps', () => {
    const { records, warnings } = read('samples/bpftool/lab-6.18-bpftool-prog-show.txt');
    expect(warnings).toEqual([]);
    expect(records).toEqual([{ kind: 'bpf-prog', line: 1, id: 301, type: 'netfilter', name: 'nfguard_in_v4', tag: '54444455074489bf', loadedAt: '2026-11-25T01:03:26+0000', uid: 0, mapIds: [62], pids: [] }]);
  });

  it('link show and prog show pasted together: the hook function is the program\'s JIT symbol; net show adds no second entry', () => {
    const pasted = ['link-show.txt', 'prog-show.txt', 'net-show.txt'].map((f) => text(`samples/bpftool/lab-6.18-bpftool-${f}`)).join('');
    const { records, warnings } = runFormat(bpftoolFormat, pasted);
    expect(warnings).toEqual([]);
    expect(hooks(records)).toEqual([{ ...labHook, line: 2, hookFunction: 'bpf_prog_54444455074489bf_nfguard_in_v4' }]);
    expect(progs(records).map((p) => p.id)).toEqual([301]);
  });
});

describe('bpftool -j commands pasted one after the other', () => {
  it('each compact JSON line is read; the link is named after the program of the other document', () => {
    const link = text('samples/bpftool/lab-6.18-bpftool-link-show.json');
    // The 7.7 prog-show sample's program as `bpftool -j prog show` prints it (field names as in the 7.1 recording).
    const prog = '[{"id":301,"type":"netfilter","name":"nfguard_in_v4","tag":"54444455074489bf","gpl_compatible":true,"loaded_at":1795563806,"uid":0}]\n';
    const { records, warnings } = runFormat(bpftoolFormat, `$ bpftool -j link show\n${link}$ bpftool -j prog show\n${prog}`);
    expect(warnings).toEqual([]);
    expect(hooks(records)).toEqual([{ ...labHook, line: 2, hookFunction: 'bpf_prog_54444455074489bf_nfguard_in_v4' }]);
    expect(progs(records).map((p) => [p.line, p.id, p.loadedAt])).toEqual([[4, 301, '1795563806']]);
  });
});

describe('bpftool 7.1 (Debian 12): netfilter links as `type 10`, programs as `type 32` (lab recording)', () => {
  it('programs are read and named netfilter; the links give no hook, and a warning says why', () => {
    const { records, warnings } = read('bpftool/lab-6.18-bpftool-7.1-link-prog-net-show.txt');
    expect(hooks(records)).toEqual([]);
    expect(progs(records).map((p) => [p.line, p.id, p.type, p.name, p.tag, p.loadedAt])).toEqual([
      [5, 162, 'netfilter', 'hl_nf_accept', 'b11459a0e11ca14c', '2026-11-25T02:10:00+0000'],
      [8, 163, 'netfilter', 'hl_nf_accept', 'b11459a0e11ca14c', '2026-11-25T02:10:00+0000'],
    ]);
    expect(warnings).toEqual([{ code: 'bpftool/netfilter-link-without-hook', line: 2, message: 'link of type 10 (netfilter) printed without family and hook: bpftool older than 7.2; run a newer bpftool or `nft list hooks`' }]);
  });

  it('-j prog show: `"type":32` is netfilter, loaded_at an epoch number', () => {
    const { records, warnings } = read('bpftool/lab-6.18-bpftool-7.1-j-prog-show.json');
    expect(warnings).toEqual([]);
    expect(progs(records).map((p) => [p.id, p.type, p.tag, p.loadedAt])).toEqual([[162, 'netfilter', 'b11459a0e11ca14c', '1795572600'], [163, 'netfilter', 'b11459a0e11ca14c', '1795572600']]);
  });
});

describe('bpftool: other attachments and listing shapes (bpftool src/link.c, src/net.c)', () => {
  it('an xdp link and net show xdp / tc lines are BpfAttachFacts', () => {
    const { records, warnings } = runFormat(bpftoolFormat, '7: xdp  prog 30  \n\tifindex eth0(2)  \nxdp:\neth0(2) driver id 30\n\ntc:\neth0(2) clsact/ingress cls_main id 46\n');
    expect(warnings).toEqual([]);
    expect(records.map((r) => { const a = r as BpfAttachFact; return [a.line, a.attachType, a.device, a.where, a.progId]; })).toEqual([
      [2, 'xdp', 'eth0', null, 30], [4, 'xdp', 'eth0', 'driver', 30], [7, 'tc', 'eth0', 'clsact/ingress', 46],
    ]);
  });

  it('a family bpftool has no name for prints `pf: N, hook M`', () => {
    const { records } = runFormat(bpftoolFormat, '12: netfilter  prog 40  \n\tpf: 10, hook 4, prio -100 flags 0x1\n');
    expect(hooks(records).map((h) => [h.family, h.hook, h.priority, h.bpfId])).toEqual([['ip6', 'POST_ROUTING', -100, 40]]);
  });
});

describe('bpftool: bad input never throws; unused lines are warnings with their number', () => {
  it('empty input', () => {
    expect(runFormat(bpftoolFormat, '')).toEqual({ records: [], warnings: [], meta: {} });
  });

  it('cut JSON is one warning at its first line', () => {
    const cut = text('samples/bpftool/lab-6.18-bpftool-link-show.json').slice(0, 40);
    const { records, warnings } = runFormat(bpftoolFormat, `$ bpftool -j link show\n${cut}`);
    expect(records).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'bpftool/json', line: 2 });
  });

  it('garbage: 20 warnings then a summary; CRLF and 3-byte chunks read as the plain file', () => {
    expect(runFormat(bpftoolFormat, Array.from({ length: 24 }, () => '~~ ~~').join('\n')).warnings).toHaveLength(21);
    const plain = text('samples/bpftool/lab-6.18-bpftool-prog-show.txt');
    expect(runFormat(bpftoolFormat, plain.split('\n').join('\r\n'), 3)).toEqual(runFormat(bpftoolFormat, plain));
  });
});

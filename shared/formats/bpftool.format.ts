import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { HookEntry } from '../model/hook-entry';
import type { BpfAttachFact, BpfProgFact } from '../model/bpf-prog';
import { readLines } from '../text/read-lines';
import { LONGEST_LINE, unquotedLines } from './unquote-paste';
import { ChatterFilter } from './paste-chatter';
import { LineWarnings } from './line-warnings';
import { probeLines, scoreHits } from './probe-lines';
import { familyFromNfproto, hookFromNftName, hookFromNumber } from './netfilter-hook-names';

// bpftool listings of BPF programs that can drop packets (formats-notes §17), text and `-j` / `-p` JSON:
//   link show   `ID: netfilter  prog PROG  ` + TAB `ip input prio 10 [flags 0x1]` (or `pf: N, hook M, prio P`);
//               `ID: xdp  prog P` + TAB `ifindex eth0(2)`; `ID: tcx  prog P` + TAB `ifindex eth0(2)  attach_type tcx_ingress`
//   prog show   `ID: TYPE  name NAME  tag HEX  gpl` + TAB `loaded_at … uid N`, `xlated … map_ids 1,2`, `btf_id N`, `pids c(p)`
//   net show    `xdp:` / `tc:` / `flow_dissector:` / `netfilter:` sections (TAB `ip input prio 10 prog_id 301`)
// A netfilter link becomes a HookEntry (bpfId = program id). Its hookFunction is the program's JIT symbol
// `bpf_prog_<tag>_<name>` (what kallsyms and stacks show) when `prog show` is in the same file, else `bpf_prog_<id>`.
// bpftool < 7.2 (Debian 12's 7.1) does not know netfilter links or programs: `type 10` / `type 32`, no hook line.
// Ref: bpftool src/link.c show_link_header_plain / netfilter_dump_plain / netfilter_dump_json, src/prog.c
// print_prog_header_plain / print_prog_plain, src/net.c do_show; include/uapi/linux/bpf.h (BPF_LINK_TYPE_NETFILTER
// = 10, BPF_PROG_TYPE_NETFILTER = 32); kernel/bpf/core.c bpf_get_prog_name.

type BpftoolRecord = HookEntry | BpfProgFact | BpfAttachFact;

const LINK = /^(\d+): (\S+|type \d+)  (?:prog (\d+)|map (\d+))?/;
const PROG = /^(\d+): (\S+|type \d+)  (?:name (\S+)  )?tag ([0-9a-f]{16})(?:  (gpl))?/;
const NETFILTER_PLAIN = /^(ip|ip6|inet|arp|bridge|netdev) (\S+) prio (-?\d+)(?: flags 0x[0-9a-f]+)?(?: prog_id (\d+))?$/;
const NETFILTER_NUMBERS = /^pf: (\d+), hook (\d+), prio (-?\d+)(?: flags 0x[0-9a-f]+)?(?: prog_id (\d+))?$/;
const SECTION = /^(xdp|tc|tcx|flow_dissector|netfilter|netkit):$/;
/** net show xdp / tc lines: `eth0(2) driver id 45`, `eth0(2) clsact/ingress prog.o:[tc] id 46`, `eth0(2) tcx/ingress n prog_id 7 link_id 3`. */
const NET_ATTACH = /^(\S+?)\((\d+)\) (\S+)(?: (.*?))? (?:prog_)?id (\d+)(?: .*)?$/;
const IFINDEX = /^ifindex ([^\s(]+)(?:\(\d+\))?(?:  attach_type (\S+))?/;
/** Program types by number for a bpftool that prints `type N` (uapi enum bpf_prog_type, stable). */
const PROG_TYPES: Record<number, string> = { 6: 'xdp', 3: 'sched_cls', 4: 'sched_act', 32: 'netfilter' };

interface PendingHook {
  line: number;
  family: string;
  hook: string;
  priority: number;
  progId: number | null;
}

function progTypeOf(text: string): string {
  const m = /^type (\d+)$/.exec(text);
  return m ? PROG_TYPES[Number(m[1])] ?? text : text;
}

/** The JIT symbol of a program: `bpf_prog_<tag>_<name>` (kernel/bpf/core.c bpf_get_prog_name). */
function jitSymbol(prog: BpfProgFact): string {
  return prog.tag === null ? `bpf_prog_${prog.id}` : `bpf_prog_${prog.tag}${prog.name ? `_${prog.name}` : ''}`;
}

function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : null;
}

/** The line where `"id":N` (or `"prog_id":N`) first appears at or after `from`, for records read from JSON. */
function jsonLine(lines: string[], key: string, id: number, from: number): number {
  const re = new RegExp(`"${key}"\\s*:\\s*${id}\\b`);
  for (let i = from; i < lines.length; i++) if (re.test(lines[i])) return i + 1;
  return from + 1;
}

/** Records from bpftool `-j` / `-p` output (link, prog or net show). */
function readJson(value: unknown, lines: string[], hooks: PendingHook[], progs: BpfProgFact[], attaches: BpfAttachFact[], warn: (what: string, message: string) => void, from = 0): void {
  const items = Array.isArray(value) ? value : [value];
  let cursor = from;
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    const o = item as Record<string, unknown>;
    if ('netfilter' in o || 'xdp' in o || 'tc' in o) {
      for (const nf of Array.isArray(o.netfilter) ? o.netfilter : []) {
        const n = nf as Record<string, unknown>;
        const pf = numberOf(n.pf);
        const family = pf === null ? null : familyFromNfproto(pf);
        const hook = family === null ? null : hookFromNumber(family, numberOf(n.hook) ?? -1);
        const progId = numberOf(n.prog_id);
        if (family && hook) hooks.push({ line: progId === null ? 1 : jsonLine(lines, 'prog_id', progId, from), family, hook, priority: numberOf(n.prio) ?? 0, progId });
      }
      for (const section of ['xdp', 'tc']) {
        for (const entry of Array.isArray(o[section]) ? (o[section] as unknown[]) : []) {
          const e = entry as Record<string, unknown>;
          const progId = numberOf(e.id) ?? numberOf(e.prog_id);
          attaches.push({
            kind: 'bpf-attach', line: progId === null ? 1 : jsonLine(lines, e.id !== undefined ? 'id' : 'prog_id', progId, from), attachType: section,
            device: typeof e.devname === 'string' ? e.devname : null, where: typeof e.mode === 'string' ? e.mode : typeof e.kind === 'string' ? e.kind : null,
            progId, progName: typeof e.name === 'string' ? e.name : null,
          });
        }
      }
      continue;
    }
    const id = numberOf(o.id);
    if (id === null) {
      warn('json-item', 'a JSON item without an id');
      continue;
    }
    const line = jsonLine(lines, 'id', id, cursor);
    cursor = line - 1;
    if (typeof o.tag === 'string') {
      progs.push({
        // bpftool < 7.2 writes a type it has no name for as a number (`"type":32`).
        kind: 'bpf-prog', line, id, type: progTypeOf(typeof o.type === 'number' ? `type ${o.type}` : String(o.type ?? '')), name: typeof o.name === 'string' ? o.name : null, tag: o.tag,
        loadedAt: o.loaded_at === undefined ? null : String(o.loaded_at), uid: numberOf(o.uid), mapIds: Array.isArray(o.map_ids) ? o.map_ids.map(Number) : [],
        pids: Array.isArray(o.pids) ? o.pids.map((p) => { const q = p as Record<string, unknown>; return `${String(q.comm)}(${String(q.pid)})`; }) : [],
      });
    } else if (o.type === 'netfilter' || o.type === 10) {
      const pf = numberOf(o.pf);
      const family = pf === null ? null : familyFromNfproto(pf);
      const hook = family === null ? null : hookFromNumber(family, numberOf(o.hook) ?? -1);
      if (family && hook) hooks.push({ line, family, hook, priority: numberOf(o.prio) ?? 0, progId: numberOf(o.prog_id) });
      else warn('netfilter-link-without-hook', `netfilter link ${id} without family / hook (bpftool < 7.2?)`);
    } else if (o.type === 'xdp' || o.type === 'tcx' || o.type === 'netkit') {
      attaches.push({ kind: 'bpf-attach', line, attachType: String(o.type), device: typeof o.devname === 'string' ? o.devname : null, where: typeof o.attach_type === 'string' ? o.attach_type : null, progId: numberOf(o.prog_id), progName: null });
    }
  }
}

/** Yields programs and attachments as read, then one HookEntry per netfilter link (named after its program). */
export function* parseBpftool(source: ArtifactSource, ctx: ParseContext): Generator<BpftoolRecord> {
  const warnings = new LineWarnings(ctx, 'bpftool');
  const chatter = new ChatterFilter();
  const hooks: PendingHook[] = [];
  const progs: BpfProgFact[] = [];
  const attaches: BpfAttachFact[] = [];
  const jsonLines: string[] = [];
  let json: { start: number } | null = null;
  let object: { type: 'link' | 'prog' | 'other'; line: number; id: number; linkType: string; progId: number | null; prog: BpfProgFact | null; sawHook: boolean } | null = null;
  let section: string | null = null;
  let oldLinkNoted = false;

  const endObject = () => {
    if (object?.type === 'link' && object.linkType === 'type 10' && !object.sawHook && !oldLinkNoted) {
      warnings.warn('netfilter-link-without-hook', object.line, 'link of type 10 (netfilter) printed without family and hook: bpftool older than 7.2; run a newer bpftool or `nft list hooks`');
      oldLinkNoted = true;
    }
    object = null;
  };

  for (const { n, text } of unquotedLines(readLines(source))) {
    const line = text.trim();
    if (json) {
      jsonLines.push(text);
      continue;
    }
    if (line.length === 0) continue;
    if (text.length > LONGEST_LINE && !/^[[{]/.test(line)) {
      warnings.warn('line-too-long', n, `line of ${text.length} characters skipped`);
      continue;
    }
    if (/^[[{]/.test(line) && object === null && section === null) {
      json = { start: n };
      for (let i = 1; i < n; i++) jsonLines.push('');
      jsonLines.push(text);
      continue;
    }
    const indented = /^\s/.test(text);
    if (!indented) endObject();
    const sectionHead = SECTION.exec(line);
    if (sectionHead && !indented) {
      section = sectionHead[1];
      continue;
    }
    const prog = !indented ? PROG.exec(line) : null;
    if (prog) {
      section = null;
      const fact: BpfProgFact = {
        kind: 'bpf-prog', line: n, id: Number(prog[1]), type: progTypeOf(prog[2]), name: prog[3] ?? null, tag: prog[4],
        loadedAt: null, uid: null, mapIds: [], pids: [],
      };
      progs.push(fact);
      object = { type: 'prog', line: n, id: fact.id, linkType: '', progId: null, prog: fact, sawHook: false };
      continue;
    }
    const link = !indented ? LINK.exec(line) : null;
    if (link) {
      section = null;
      object = { type: 'link', line: n, id: Number(link[1]), linkType: link[2], progId: link[3] ? Number(link[3]) : null, prog: null, sawHook: false };
      continue;
    }
    if (object && indented) {
      const nf = NETFILTER_PLAIN.exec(line);
      const numbers = NETFILTER_NUMBERS.exec(line);
      if (object.type === 'link' && (nf || numbers)) {
        const family = nf ? nf[1] : familyFromNfproto(Number(numbers![1]));
        const hook = nf ? hookFromNftName(nf[2]) : family ? hookFromNumber(family, Number(numbers![2])) : null;
        if (family && hook) hooks.push({ line: n, family, hook, priority: Number(nf ? nf[3] : numbers![3]), progId: object.progId });
        object.sawHook = true;
        continue;
      }
      const ifindex = object.type === 'link' ? IFINDEX.exec(line) : null;
      if (ifindex) {
        attaches.push({ kind: 'bpf-attach', line: n, attachType: object.linkType, device: ifindex[1], where: ifindex[2] ?? null, progId: object.progId, progName: null });
        continue;
      }
      if (object.prog) {
        const loaded = /^loaded_at (.+?)  uid (\d+)/.exec(line);
        if (loaded) {
          object.prog.loadedAt = loaded[1];
          object.prog.uid = Number(loaded[2]);
        }
        const maps = /\bmap_ids ([\d,]+)/.exec(line);
        if (maps) object.prog.mapIds = maps[1].split(',').map(Number);
      }
      const pids = /^pids (.+)$/.exec(line);
      if (pids && object.prog) object.prog.pids.push(...pids[1].split(/,\s*/));
      // Other detail lines (xlated/jited sizes, btf_id, pinned paths, tracepoints, metadata) describe the object.
      continue;
    }
    if (section !== null && (indented || NET_ATTACH.test(line))) {
      if (section === 'netfilter') {
        const nf = NETFILTER_PLAIN.exec(line) ?? null;
        const numbers = nf ? null : NETFILTER_NUMBERS.exec(line);
        const family = nf ? nf[1] : numbers ? familyFromNfproto(Number(numbers[1])) : null;
        const hook = nf ? hookFromNftName(nf[2]) : family && numbers ? hookFromNumber(family, Number(numbers[2])) : null;
        const progId = nf?.[4] ?? numbers?.[4];
        if (family && hook) {
          hooks.push({ line: n, family, hook, priority: Number(nf ? nf[3] : numbers![3]), progId: progId ? Number(progId) : null });
          continue;
        }
      } else {
        const attach = NET_ATTACH.exec(line);
        if (attach) {
          attaches.push({ kind: 'bpf-attach', line: n, attachType: section, device: attach[1], where: attach[3], progId: Number(attach[5]), progName: attach[4] ?? null });
          continue;
        }
      }
      warnings.warn('net-show-line', n, `bpftool net show ${section} line not read: "${line.slice(0, 80)}"`);
      continue;
    }
    if (chatter.test(text)) continue;
    warnings.unreadable(n, text);
  }
  endObject();
  if (json) {
    const start = json.start;
    const warnAt = (line: number) => (what: string, message: string) => warnings.warn(what, line, message);
    try {
      readJson(JSON.parse(jsonLines.join('\n')), jsonLines, hooks, progs, attaches, warnAt(start));
    } catch (error) {
      // Several `-j` commands pasted one after the other (with their prompts): one compact JSON document per line.
      const documents = jsonLines.map((l, i) => ({ text: l.trim(), line: i + 1 })).filter((d) => /^[[{]/.test(d.text));
      const parsed = documents.map((d) => { try { return { ...d, value: JSON.parse(d.text) as unknown }; } catch { return null; } });
      const rest = jsonLines.filter((l, i) => l.trim() !== '' && i + 1 >= start && !documents.some((d) => d.line === i + 1) && !chatter.test(l));
      if (documents.length > 1 && parsed.every((d) => d !== null) && rest.length === 0) {
        for (const d of parsed) readJson(d!.value, jsonLines, hooks, progs, attaches, warnAt(d!.line), d!.line - 1);
      } else {
        warnings.warn('json', start, `bpftool JSON output could not be read (${(error as Error).message.slice(0, 80)})`);
      }
    }
  }
  yield* progs;
  yield* attaches;
  const byId = new Map(progs.map((p) => [p.id, p]));
  const seen = new Set<string>();
  let order = 0;
  for (const h of hooks) {
    // `link show` and `net show` list the same link: one HookEntry for it.
    const key = `${h.progId} ${h.family} ${h.hook} ${h.priority}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const prog = h.progId === null ? undefined : byId.get(h.progId);
    yield {
      kind: 'hook-entry', line: h.line, family: h.family, hook: h.hook, priority: h.priority,
      hookFunction: prog ? jitSymbol(prog) : h.progId === null ? null : `bpf_prog_${h.progId}`,
      address: null, module: null, nftChain: null, device: null, order: order++, bpfId: h.progId,
    };
  }
  warnings.finish();
}

/** Scores bpftool link / prog headers, their TAB detail lines, net show sections and bpftool JSON. */
export function probeBpftool(input: ProbeInput): number {
  const lines = probeLines(input);
  let hits = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (PROG.test(line) || /^\d+: (?:\S+|type \d+)  (?:prog|map) \d+/.test(line)) hits += 2;
    else if (/^\t(?:loaded_at |xlated |(?:ip|ip6|inet|arp|bridge) \S+ prio -?\d+)/.test(raw)) hits++;
    else if (/^(?:xdp|tc|flow_dissector|netfilter):$/.test(line)) hits++;
    else if (/^\[?\{"(?:id|xdp)":.*"(?:prog_id|tag|netfilter|tc)"/.test(line)) hits += 3;
  }
  return scoreHits(hits, lines);
}

/** bpftool link / prog / net show (text and JSON): BPF netfilter hooks and the programs behind them. */
export const bpftoolFormat: ArtifactFormat<BpftoolRecord> = {
  id: 'bpftool',
  label: 'BPF programs and links (bpftool link / prog / net show)',
  kind: 'text',
  probe: probeBpftool,
  parse: parseBpftool,
};

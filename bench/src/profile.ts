// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time per function, top N.
interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Self time per function, as a share of busy (non-idle) time. `window` keeps only samples taken
 * between `fromEndMs` and `toEndMs` before the end of the profile (the load, not start-up).
 */
const frameName = (n: CpuProfileNode): string => {
  const cf = n.callFrame;
  const where = cf.url ? `${cf.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(/^.*\/work\/main\//, '')}:${cf.lineNumber + 1}` : '';
  return `${cf.functionName || '(anonymous)'} ${where}`.trim();
};

export function selfTimes(profile: CpuProfile, window?: { fromEndMs: number; toEndMs: number }): { name: string; ms: number; share: number; caller: string }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  // The heaviest calling chain (3 frames up) of each function, for the report.
  const callers = new Map<string, Map<string, number>>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    at += profile.timeDeltas[i] ?? 0;
    if (window) {
      const beforeEndMs = (profile.endTime - at) / 1000;
      if (beforeEndMs > window.fromEndMs || beforeEndMs < window.toEndMs) return;
    }
    const node = byId.get(id);
    if (!node) return;
    if (node.callFrame.functionName === '(idle)') return;
    const key = frameName(node);
    self.set(key, (self.get(key) ?? 0) + dt);
    const chain: string[] = [];
    for (let p = parent.get(node.id); p !== undefined && chain.length < 3; p = parent.get(p)) {
      const pn = byId.get(p)!;
      if (pn.callFrame.functionName === '(root)') break;
      chain.push(frameName(pn));
    }
    const c = callers.get(key) ?? new Map<string, number>();
    const ck = chain.join(' ← ');
    c.set(ck, (c.get(ck) ?? 0) + dt);
    callers.set(key, c);
    total += dt;
  });
  return [...self.entries()]
    .map(([name, ms]) => ({ name, ms, share: ms / total, caller: [...(callers.get(name) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '' }))
    .sort((a, b) => b.ms - a.ms);
}

export function summarizeProfile(profile: CpuProfile, top: number, window?: { fromEndMs: number; toEndMs: number }): string {
  return selfTimes(profile, window)
    .slice(0, top)
    .map((r, i) => `${String(i + 1).padStart(2)}. ${(r.share * 100).toFixed(1).padStart(5)} %  ${r.ms.toFixed(0).padStart(6)} ms  ${r.name}${r.caller ? `\n                        ← ${r.caller}` : ''}`)
    .join('\n');
}

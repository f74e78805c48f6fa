// The region tree: a region and everything below it.

export function regionSubtree(regions: readonly { code: string; parentCode?: string | null }[], code: string): Set<string> {
  const out = new Set<string>([code]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of regions) {
      if (r.parentCode && out.has(r.parentCode) && !out.has(r.code)) {
        out.add(r.code);
        grew = true;
      }
    }
  }
  return out;
}

// Keeps start-up from leaving a maximum-size young generation resident in an idle service.
//
// Loading modules and building the schema and ORM metadata allocate tens of MB that mostly
// survive; V8 answers a high survival rate by doubling the young generation up to its maximum
// (2 × 16 MB semi-spaces on 64-bit), and nothing shrinks it again until the service is busy.
// Holding the growth factor at 1 during start-up keeps it small; releasing it once the service
// serves gives load the usual growth, so throughput is unchanged.
import { setFlagsFromString } from 'node:v8';

const DEFAULT_GROWTH_FACTOR = 2;

/** An explicit young-generation setting on the command line or in NODE_OPTIONS wins. */
function configuredExplicitly(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => /semi[-_]space/.test(a));
}

let held = false;

/** Call first thing in an entry point; release with releaseYoungGenerationGrowth() once serving. */
export function holdYoungGenerationGrowth(): void {
  if (held || configuredExplicitly()) return;
  setFlagsFromString('--semi-space-growth-factor=1');
  held = true;
}

export function releaseYoungGenerationGrowth(): void {
  if (!held) return;
  setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
  held = false;
}

// Defers modules that a library requires eagerly but this process only calls when a feature it
// has turned off is on, so an idle gateway does not keep them resident.
//
// @apollo/gateway requires, at load time, four cloud resource detectors (with gcp-metadata,
// gaxios and bignumber.js behind them), an OTLP metrics exporter and the metrics SDK for
// Apollo's own data collection (off here: APOLLO_TELEMETRY_DISABLED), make-fetch-happen for
// RemoteGraphQLDataSource's default fetcher (unused: our data source brings its own undici
// client) and the usage-reporting protobuf (federated traces, not requested). Together about
// 10 MB of heap and source text in a process whose idle budget is 120 MB.
//
// A deferred module is a stand-in in the require cache: the first read, write, call, `new`,
// `in`, enumeration or prototype lookup on it loads the real module and forwards to it, so
// a feature that is turned on later works unchanged, only its first use pays the load.
import { createRequire, Module } from 'node:module';

export interface DeferredModule {
  id: string;
  /**
   * Whether the real module marks itself `__esModule` (compiled from TypeScript/ESM). A plain
   * CommonJS module (false) is presented as its own `default` export with `__esModule` set, so
   * that both of TypeScript's interop helpers (`__importDefault`, `__importStar`) take the
   * stand-in as it is instead of enumerating it, which would load it.
   */
  esModule: boolean;
}

/** The modules the gateway defers; resolved from @apollo/gateway's own location. */
export const GATEWAY_DEFERRED_MODULES: DeferredModule[] = [
  { id: '@opentelemetry/resource-detector-alibaba-cloud', esModule: true },
  { id: '@opentelemetry/resource-detector-aws', esModule: true },
  { id: '@opentelemetry/resource-detector-gcp', esModule: true },
  { id: '@opentelemetry/resource-detector-azure', esModule: true },
  { id: '@opentelemetry/exporter-metrics-otlp-http', esModule: true },
  { id: '@opentelemetry/sdk-metrics', esModule: true },
  { id: '@apollo/usage-reporting-protobuf', esModule: true },
  { id: 'make-fetch-happen', esModule: false },
];

/**
 * Puts a loading stand-in into the require cache for each module (as resolved from `fromFile`),
 * unless the module is loaded already or cannot be resolved. Returns the ids it deferred.
 */
export function deferModules(modules: DeferredModule[], fromFile: string): string[] {
  const fromRequire = createRequire(fromFile);
  const deferred: string[] = [];
  for (const { id, esModule } of modules) {
    let file: string;
    try {
      file = fromRequire.resolve(id);
    } catch {
      continue; // not installed where the library looks: nothing to defer
    }
    if (require.cache[file]) continue;
    const stand = new Module(file);
    stand.filename = file;
    stand.loaded = true;
    stand.exports = loadingStandIn(() => {
      // Take the stand-in out, load the real module in its place and keep it there.
      if (require.cache[file] === stand) delete require.cache[file];
      return fromRequire(file) as object;
    }, esModule);
    require.cache[file] = stand;
    deferred.push(id);
  }
  return deferred;
}

/** A proxy that loads the real exports on first use and forwards every operation to them. */
export function loadingStandIn(load: () => object, esModule: boolean): unknown {
  let real: object | undefined;
  const target = (): object => (real ??= load());
  // A bound function is callable and constructible yet has no own non-configurable keys, so
  // the proxy can report the real module's keys without breaking the Proxy invariants.
  const shell = function deferred() {}.bind(null);
  const proxy: object = new Proxy(shell, {
    get: (_s, key) => {
      if (key === '__esModule' && (real === undefined || !esModule)) return true;
      const exports = target();
      if (key === 'default' && !esModule && !Reflect.has(exports, 'default')) return exports;
      return Reflect.get(exports, key);
    },
    has: (_s, key) => Reflect.has(target(), key),
    set: (_s, key, value) => Reflect.set(target(), key, value),
    apply: (_s, self, args) => Reflect.apply(target() as (...a: unknown[]) => unknown, self, args),
    construct: (_s, args, newTarget) => {
      const Real = target() as new (...a: unknown[]) => object;
      return Reflect.construct(Real, args, newTarget === proxy ? Real : newTarget);
    },
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_s, key) => {
      const d = Reflect.getOwnPropertyDescriptor(target(), key);
      return d ? { ...d, configurable: true } : undefined;
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  });
  return proxy;
}

// Hive Gateway config for P4: default settings; the only addition is the signed principal
// header our subgraphs require, one long-lived token per subgraph from BENCH_PRINCIPAL_TOKENS.
// Loaded by `hive-gateway supergraph <file> -c bench/dist/hive-gateway.config.js`.
const tokens = JSON.parse(process.env.BENCH_PRINCIPAL_TOKENS ?? '{}') as Record<string, string>;

export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs({ subgraphName }: { subgraphName: string }): Record<string, string> {
      const token = tokens[subgraphName];
      return token ? { 'x-salesgraph-principal': token } : {};
    },
  },
};

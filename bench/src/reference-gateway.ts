// The P4 reference: a MINIMAL @apollo/gateway — ApolloServer + ApolloGateway with the default
// RemoteGraphQLDataSource, no auth, no limits, no plugins. The only addition is the signed
// principal header our subgraphs require: one long-lived token per subgraph, signed by the
// bench at start and passed in BENCH_PRINCIPAL_TOKENS ({ "<subgraph>": "<token>" }).
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
const tokens = JSON.parse(process.env.BENCH_PRINCIPAL_TOKENS ?? '{}') as Record<string, string>;

class PrincipalDataSource extends RemoteGraphQLDataSource {
  constructor(
    private readonly subgraph: string,
    url: string,
  ) {
    super({ url });
  }
  override willSendRequest({ request }: Parameters<NonNullable<RemoteGraphQLDataSource['willSendRequest']>>[0]): void {
    const token = tokens[this.subgraph];
    if (token) request.http?.headers.set('x-salesgraph-principal', token);
  }
}

async function main(): Promise<void> {
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(process.env.SUPERGRAPH_PATH!, 'utf8'),
    buildService: ({ name, url }) => new PrincipalDataSource(name, url!),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT ?? 4100), host: '127.0.0.1' } });
  process.stdout.write(`reference gateway listening ${url}\n`);
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  process.stderr.write(`reference gateway failed: ${(e as Error).stack}\n`);
  process.exit(1);
});

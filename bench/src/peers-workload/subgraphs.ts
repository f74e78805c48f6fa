// Process entry: serves the four peers-workload subgraphs on the ports in PEER_PORTS
// ("accounts,inventory,products,reviews"), one process, in-memory data.
import { parse } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { PEER_SUBGRAPHS, PRODUCTS, REVIEWS, SDL, USERS } from './schema';

type Ref = Record<string, unknown>;
const userById = new Map(USERS.map((u) => [u.id, u]));
const productByUpc = new Map(PRODUCTS.map((p) => [p.upc, p]));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const RESOLVERS: Record<string, any> = {
  accounts: {
    Query: { me: () => USERS[0], users: () => USERS },
    User: { __resolveReference: (ref: Ref) => userById.get(String(ref.id)) },
  },
  inventory: {
    Product: {
      __resolveReference: (ref: Ref) => ({ ...ref, inStock: Number(ref.upc) % 2 === 1 }),
      shippingEstimate: (p: Ref) => (Number(p.price) > 1000 ? 0 : Math.round(Number(p.weight) * 0.5)),
    },
  },
  products: {
    Query: { topProducts: (_: unknown, args: { first?: number }) => PRODUCTS.slice(0, args.first ?? 5) },
    Product: { __resolveReference: (ref: Ref) => productByUpc.get(String(ref.upc)) },
  },
  reviews: {
    Review: {
      __resolveReference: (ref: Ref) => REVIEWS.find((r) => r.id === ref.id),
      author: (r: { authorId: string }) => ({ __typename: 'User', id: r.authorId, username: userById.get(r.authorId)?.username }),
      product: (r: { upc: string }) => ({ __typename: 'Product', upc: r.upc }),
    },
    User: {
      __resolveReference: (ref: Ref) => ({ id: ref.id }),
      reviews: (u: Ref) => REVIEWS.filter((r) => r.authorId === u.id),
      username: (u: Ref) => userById.get(String(u.id))?.username,
    },
    Product: {
      __resolveReference: (ref: Ref) => ({ upc: ref.upc }),
      reviews: (p: Ref) => REVIEWS.filter((r) => r.upc === p.upc),
    },
  },
};

async function main(): Promise<void> {
  const ports = (process.env.PEER_PORTS ?? '').split(',').map(Number);
  for (const [i, name] of PEER_SUBGRAPHS.entries()) {
    const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs: parse(SDL[name]!), resolvers: RESOLVERS[name]! }) });
    await startStandaloneServer(server, { listen: { port: ports[i]!, host: '127.0.0.1' } });
  }
  process.stdout.write('peer subgraphs ready\n');
  process.on('SIGTERM', () => process.exit(0));
  process.on('SIGINT', () => process.exit(0));
}

main().catch((e) => {
  process.stderr.write(`peer subgraphs failed: ${(e as Error).stack}\n`);
  process.exit(1);
});

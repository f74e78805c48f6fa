// The peers' public workload shape (The Guild's federation benchmark: accounts, inventory,
// products, reviews), re-written here with @apollo/subgraph and in-memory data.
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])';

export const SDL: Record<string, string> = {
  accounts: `${LINK}
type Query { me: User users: [User] }
type User @key(fields: "id") { id: ID! name: String username: String @shareable birthday: Int }`,
  inventory: `${LINK}
type Product @key(fields: "upc") { upc: String! weight: Int @external price: Int @external inStock: Boolean shippingEstimate: Int @requires(fields: "price weight") }`,
  products: `${LINK}
type Query { topProducts(first: Int = 5): [Product] }
type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }`,
  reviews: `${LINK}
type Review @key(fields: "id") { id: ID! body: String author: User @provides(fields: "username") product: Product }
type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
type Product @key(fields: "upc") { upc: String! reviews: [Review] }`,
};

export const PEER_SUBGRAPHS = ['accounts', 'inventory', 'products', 'reviews'] as const;

export const USERS = Array.from({ length: 10 }, (_, i) => ({ id: String(i + 1), name: `User ${i + 1}`, username: `user${i + 1}`, birthday: 1_000_000 + i }));
export const PRODUCTS = Array.from({ length: 5 }, (_, i) => ({ upc: String(i + 1), name: `Product ${i + 1}`, price: 100 * (i + 1), weight: 10 + i }));
export const REVIEWS = USERS.flatMap((u, i) => [i % 5, (i + 2) % 5].map((p, k) => ({ id: String(i * 2 + k + 1), body: `Review ${i * 2 + k + 1} by ${u.username}`, authorId: u.id, upc: PRODUCTS[p]!.upc })));

export const PEERS_QUERY = `fragment User on User { id username name }
fragment Review on Review { id body }
fragment Product on Product { inStock name price shippingEstimate upc weight }
query TestQuery {
  users { ...User reviews { ...Review product { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } } } }
  topProducts { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } }
}`;

// The GraphQL operations the k6 scripts send, with realistic variables. Plain JavaScript with
// no k6 imports, so test/ops can import this file and validate every document (and the
// variables it builds) against gateway/supergraph.graphql.
//
// Reads are what a sales app's list and detail screens ask for, including the cross-subgraph
// joins (a customer's owner and that rep's customer count come from the people subgraph).

export const QUERIES = {
  CustomerList: /* GraphQL */ `
    query CustomerList($first: Int!, $after: String) {
      customers(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges {
          cursor
          node {
            id
            code
            name
            kind
            regionCode
            creditLimit { amount currency }
            owner { id name level customerCount }
            createdAt
          }
        }
      }
    }`,
  CustomerDetail: /* GraphQL */ `
    query CustomerDetail($id: ID!) {
      customer(id: $id) {
        id
        code
        name
        kind
        regionCode
        creditLimit { amount currency }
        owner { id name email regionCode level customerCount }
        createdAt
      }
    }`,
  SalesTeam: /* GraphQL */ `
    query SalesTeam($first: Int!) {
      salesReps(first: $first) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id name email regionCode level hiredAt customerCount } }
      }
    }`,
  SalesRepDetail: /* GraphQL */ `
    query SalesRepDetail($id: ID!) {
      salesRep(id: $id) { id name email regionCode level hiredAt customerCount }
    }`,
  Catalog: /* GraphQL */ `
    query Catalog($first: Int!, $after: String) {
      products(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { sku name productLine unitPrice { amount currency } active } }
      }
    }`,
  ProductDetail: /* GraphQL */ `
    query ProductDetail($sku: String!) {
      product(sku: $sku) { sku name productLine unitPrice { amount currency } active createdAt }
    }`,
  SupplierList: /* GraphQL */ `
    query SupplierList($first: Int!) {
      suppliers(first: $first) {
        totalCount
        edges { node { id name country createdAt } }
      }
    }`,
  SupplierDetail: /* GraphQL */ `
    query SupplierDetail($id: ID!) {
      supplier(id: $id) { id name country createdAt }
    }`,
};

export const MUTATIONS = {
  HireSalesRep: /* GraphQL */ `
    mutation HireSalesRep($input: HireSalesRepInput!) {
      hireSalesRep(input: $input) { id name regionCode level hiredAt }
    }`,
  CreateCustomer: /* GraphQL */ `
    mutation CreateCustomer($input: CreateCustomerInput!) {
      createCustomer(input: $input) { id code name owner { id name } }
    }`,
  CreateProduct: /* GraphQL */ `
    mutation CreateProduct($input: CreateProductInput!) {
      createProduct(input: $input) { sku name unitPrice { amount currency } }
    }`,
  RegisterSupplier: /* GraphQL */ `
    mutation RegisterSupplier($input: RegisterSupplierInput!) {
      registerSupplier(input: $input) { id name country }
    }`,
};

const REGIONS = ['CN-EAST', 'CN-NORTH', 'CN-SOUTH', 'CN-WEST', 'APAC'];
const LEVELS = ['JUNIOR', 'SENIOR', 'MANAGER'];
const LINES = ['HARDWARE', 'SOFTWARE', 'SERVICES', 'SPARES'];
const COUNTRIES = ['CN', 'DE', 'JP', 'US', 'VN', 'KR'];
const COMPANY_WORDS = ['Acme', 'Huaxia', 'Lotus', 'Everbright', 'Summit', 'Jade', 'Pioneer', 'Harbor'];
const SUFFIXES = ['Trading', 'Manufacturing', 'Logistics', 'Retail', 'Holdings'];

const pick = (list, n) => list[Math.abs(n) % list.length];
/** A run-unique tag so repeated runs never collide on unique fields (sku, email). */
const tag = (run, vu, iter) => `${run}-${vu}-${iter}`.toUpperCase().replace(/[^A-Z0-9-]/g, '');

/** Variables for each operation, from the VU number, the iteration and ids seen so far. */
export const VARIABLES = {
  CustomerList: (_vu, iter, seen) => ({ first: 20, after: seen && seen.cursor && iter % 3 === 0 ? seen.cursor : null }),
  CustomerDetail: (vu, iter, seen) => ({ id: pick(seen.customerIds, vu + iter) }),
  SalesTeam: () => ({ first: 50 }),
  SalesRepDetail: (vu, iter, seen) => ({ id: pick(seen.repIds, vu * 7 + iter) }),
  Catalog: () => ({ first: 50, after: null }),
  ProductDetail: (vu, iter, seen) => ({ sku: pick(seen.skus, vu + iter) }),
  SupplierList: () => ({ first: 25 }),
  SupplierDetail: (vu, iter, seen) => ({ id: pick(seen.supplierIds, vu + iter) }),
  HireSalesRep: (vu, iter, _seen, run = 'k6') => ({
    input: { name: `Rep ${tag(run, vu, iter)}`, email: `rep.${tag(run, vu, iter).toLowerCase()}@example.com`, regionCode: pick(REGIONS, vu + iter), level: pick(LEVELS, iter) },
  }),
  CreateCustomer: (vu, iter, seen) => ({
    input: {
      name: `${pick(COMPANY_WORDS, vu + iter)} ${pick(SUFFIXES, iter)} ${vu}-${iter}`,
      kind: iter % 5 === 0 ? 'PERSON' : 'COMPANY',
      regionCode: pick(REGIONS, vu),
      ownerRepId: pick(seen.repIds, vu + iter),
      creditLimit: { amount: `${(50000 + ((vu * 7919 + iter * 104729) % 950000)).toFixed(0)}.00` },
    },
  }),
  CreateProduct: (vu, iter, _seen, run = 'k6') => ({
    input: { sku: `K6-${tag(run, vu, iter)}`.slice(0, 40), name: `Load-test item ${vu}-${iter}`, productLine: pick(LINES, iter), unitPrice: { amount: `${(((vu * 31 + iter * 17) % 9000) + 100).toFixed(0)}.50` } },
  }),
  RegisterSupplier: (vu, iter) => ({ input: { name: `${pick(COMPANY_WORDS, iter)} Components ${vu}-${iter}`, country: pick(COUNTRIES, vu + iter) } }),
};

/** A plausible session mix for the load and soak tests: 85 % reads, 15 % writes. */
export const READ_MIX = [
  ['CustomerList', 25],
  ['CustomerDetail', 20],
  ['SalesTeam', 10],
  ['SalesRepDetail', 10],
  ['Catalog', 10],
  ['ProductDetail', 5],
  ['SupplierList', 3],
  ['SupplierDetail', 2],
];
export const WRITE_MIX = [
  ['CreateCustomer', 8],
  ['CreateProduct', 3],
  ['HireSalesRep', 2],
  ['RegisterSupplier', 2],
];

/** Picks an operation name from a weighted mix with a number in [0, 1). */
export function choose(mix, r) {
  const total = mix.reduce((s, [, w]) => s + w, 0);
  let x = r * total;
  for (const [name, w] of mix) {
    if (x < w) return name;
    x -= w;
  }
  return mix[mix.length - 1][0];
}

// Demo data for a first `npm start`, written through the gateway like any client would,
// so the events flow too. Runs only when there are no customers yet.

async function call<T>(url: string, key: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'apollographql-client-name': 'salesgraph-seed' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`seed failed: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data as T;
}

const REPS = [
  { name: 'Li Wei', email: 'li.wei@salesgraph.example', regionCode: 'CN-EAST', level: 'SENIOR' },
  { name: 'Zhang Min', email: 'zhang.min@salesgraph.example', regionCode: 'CN-NORTH', level: 'JUNIOR' },
  { name: 'Chen Jing', email: 'chen.jing@salesgraph.example', regionCode: 'CN-SOUTH', level: 'MANAGER' },
];
const PRODUCTS = [
  { sku: 'PUMP-100', name: 'Industrial pump 100', productLine: 'Pumps', unitPrice: { amount: '12500.00' } },
  { sku: 'VALVE-20', name: 'Control valve DN20', productLine: 'Valves', unitPrice: { amount: '860.00' } },
  { sku: 'SENSOR-P1', name: 'Pressure sensor P1', productLine: 'Sensors', unitPrice: { amount: '320.50' } },
];
const SUPPLIERS = [
  { name: 'Ningbo Precision Castings', country: 'CN' },
  { name: 'Rheinland Sensorik GmbH', country: 'DE' },
];
const CUSTOMERS = [
  { name: 'Hangzhou Water Works', kind: 'COMPANY', regionCode: 'CN-EAST', rep: 0, creditLimit: '500000.00' },
  { name: 'Suzhou Chemical Co.', kind: 'COMPANY', regionCode: 'CN-EAST', rep: 0, creditLimit: '250000.00' },
  { name: 'Beijing Metro Maintenance', kind: 'COMPANY', regionCode: 'CN-NORTH', rep: 1, creditLimit: '800000.00' },
  { name: 'Tianjin Port Services', kind: 'COMPANY', regionCode: 'CN-NORTH', rep: 1, creditLimit: '300000.00' },
  { name: 'Shenzhen Fab Tools', kind: 'COMPANY', regionCode: 'CN-SOUTH', rep: 2, creditLimit: '150000.00' },
  { name: 'Wang Fang', kind: 'PERSON', regionCode: 'CN-SOUTH', rep: 2, creditLimit: null },
];

export async function seedDemoData(gatewayUrl: string, adminKey: string): Promise<boolean> {
  const existing = await call<{ customers: { totalCount: number } }>(gatewayUrl, adminKey, '{ customers(first: 0) { totalCount } }');
  if (existing.customers.totalCount > 0) return false;
  const repIds: string[] = [];
  for (const input of REPS) {
    const r = await call<{ hireSalesRep: { id: string } }>(gatewayUrl, adminKey, 'mutation Hire($input: HireSalesRepInput!) { hireSalesRep(input: $input) { id } }', { input });
    repIds.push(r.hireSalesRep.id);
  }
  for (const input of PRODUCTS) await call(gatewayUrl, adminKey, 'mutation P($input: CreateProductInput!) { createProduct(input: $input) { sku } }', { input });
  for (const input of SUPPLIERS) await call(gatewayUrl, adminKey, 'mutation S($input: RegisterSupplierInput!) { registerSupplier(input: $input) { id } }', { input });
  for (const c of CUSTOMERS) {
    const input = { name: c.name, kind: c.kind, regionCode: c.regionCode, ownerRepId: repIds[c.rep], ...(c.creditLimit ? { creditLimit: { amount: c.creditLimit } } : {}) };
    await call(gatewayUrl, adminKey, 'mutation C($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', { input });
  }
  return true;
}

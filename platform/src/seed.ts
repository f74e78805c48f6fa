// Demo data for a first `npm start`, written through the gateway like any client would, so the
// events flow too: reps and regions, catalog, suppliers and stock, customers, a year target,
// and orders taken through approval, shipping, delivery and payment. Runs only when there are
// no customers yet.

interface GraphQLAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function call<T>(url: string, key: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'apollographql-client-name': 'salesgraph-seed' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLAnswer<T>;
  if (body.errors?.length) throw Object.assign(new Error(`seed failed: ${body.errors.map((e) => e.message).join('; ')}`), { codes: body.errors.map((e) => e.extensions?.code) });
  return body.data as T;
}

/** Another subgraph learns of a new customer through an event: wait for it, briefly. */
async function eventually<T>(attempt: () => Promise<T>, tries = 50): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (i >= tries || !(e as { codes?: string[] }).codes?.includes('NOT_FOUND')) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const REGIONS = [
  { code: 'CN', name: 'China', parentCode: null },
  { code: 'CN-EAST', name: 'East China', parentCode: 'CN' },
  { code: 'CN-NORTH', name: 'North China', parentCode: 'CN' },
  { code: 'CN-SOUTH', name: 'South China', parentCode: 'CN' },
];
const REPS = [
  { name: 'Li Wei', email: 'li.wei@salesgraph.example', regionCode: 'CN-EAST', level: 'SENIOR' },
  { name: 'Zhang Min', email: 'zhang.min@salesgraph.example', regionCode: 'CN-NORTH', level: 'JUNIOR' },
  { name: 'Chen Jing', email: 'chen.jing@salesgraph.example', regionCode: 'CN-SOUTH', level: 'MANAGER' },
];
const PRODUCTS = [
  { sku: 'PUMP-100', name: 'Industrial pump 100', productLine: 'Pumps', unitPrice: { amount: '12500.00' }, unitCost: { amount: '8100.00' } },
  { sku: 'VALVE-20', name: 'Control valve DN20', productLine: 'Valves', unitPrice: { amount: '860.00' }, unitCost: { amount: '410.00' } },
  { sku: 'SENSOR-P1', name: 'Pressure sensor P1', productLine: 'Sensors', unitPrice: { amount: '320.50' }, unitCost: { amount: '150.25' } },
];
const SUPPLIERS = [
  { name: 'Ningbo Precision Castings', country: 'CN', categories: ['castings'], supplies: [{ sku: 'PUMP-100', sharePercent: '70', leadTimeDays: 21 }, { sku: 'VALVE-20', sharePercent: '100', leadTimeDays: 14 }] },
  { name: 'Rheinland Sensorik GmbH', country: 'DE', categories: ['sensors'], supplies: [{ sku: 'PUMP-100', sharePercent: '30', leadTimeDays: 35 }, { sku: 'SENSOR-P1', sharePercent: '100', leadTimeDays: 28 }] },
];
const STOCK = [
  { sku: 'PUMP-100', warehouseCode: 'SH-01', onHand: 40, reorderPoint: 10, safetyStock: 5 },
  { sku: 'VALVE-20', warehouseCode: 'SH-01', onHand: 400, reorderPoint: 80, safetyStock: 40 },
  { sku: 'SENSOR-P1', warehouseCode: 'SH-01', onHand: 250, reorderPoint: 60, safetyStock: 30 },
];
const CUSTOMERS = [
  { name: 'Hangzhou Water Works', kind: 'COMPANY', regionCode: 'CN-EAST', rep: 0, creditLimit: '500000.00' },
  { name: 'Suzhou Chemical Co.', kind: 'COMPANY', regionCode: 'CN-EAST', rep: 0, creditLimit: '250000.00' },
  { name: 'Beijing Metro Maintenance', kind: 'COMPANY', regionCode: 'CN-NORTH', rep: 1, creditLimit: '800000.00' },
  { name: 'Tianjin Port Services', kind: 'COMPANY', regionCode: 'CN-NORTH', rep: 1, creditLimit: '300000.00' },
  { name: 'Shenzhen Fab Tools', kind: 'COMPANY', regionCode: 'CN-SOUTH', rep: 2, creditLimit: '150000.00' },
  { name: 'Wang Fang', kind: 'PERSON', regionCode: 'CN-SOUTH', rep: 2, creditLimit: null },
];
/** [customer index, lines, how far it gets] */
const ORDERS: [number, { sku: string; quantity: number }[], 'APPROVED' | 'SHIPPED' | 'PAID'][] = [
  [0, [{ sku: 'PUMP-100', quantity: 2 }, { sku: 'VALVE-20', quantity: 10 }], 'PAID'],
  [2, [{ sku: 'SENSOR-P1', quantity: 40 }], 'SHIPPED'],
  [3, [{ sku: 'VALVE-20', quantity: 25 }, { sku: 'SENSOR-P1', quantity: 10 }], 'APPROVED'],
  [4, [{ sku: 'PUMP-100', quantity: 1 }], 'PAID'],
];

export async function seedDemoData(gatewayUrl: string, adminKey: string): Promise<boolean> {
  const q = <T>(query: string, variables: Record<string, unknown> = {}) => call<T>(gatewayUrl, adminKey, query, variables);
  const existing = await q<{ customers: { totalCount: number } }>('{ customers(first: 0) { totalCount } }');
  if (existing.customers.totalCount > 0) return false;

  for (const r of REGIONS) await q('mutation R($code: String!, $name: String!, $parentCode: String) { createRegion(code: $code, name: $name, parentCode: $parentCode) { code } }', r);
  const repIds: string[] = [];
  for (const input of REPS) repIds.push((await q<{ hireSalesRep: { id: string } }>('mutation Hire($input: HireSalesRepInput!) { hireSalesRep(input: $input) { id } }', { input })).hireSalesRep.id);
  for (const input of PRODUCTS) await q('mutation P($input: CreateProductInput!) { createProduct(input: $input) { sku } }', { input });
  for (const input of SUPPLIERS) await q('mutation S($input: RegisterSupplierInput!) { registerSupplier(input: $input) { id } }', { input });
  for (const input of STOCK) await q('mutation I($input: SetInventoryInput!) { setInventory(input: $input) { sku } }', { input });
  const year = String(new Date().getUTCFullYear());
  await q('mutation T($input: SetSalesTargetInput!) { setSalesTarget(input: $input) { id } }', { input: { period: year, scope: { kind: 'COMPANY' }, metric: 'REVENUE', amount: '3000000.00' } });

  const customerIds: string[] = [];
  for (const c of CUSTOMERS) {
    const input = { name: c.name, kind: c.kind, regionCode: c.regionCode, ownerRepId: repIds[c.rep], ...(c.creditLimit ? { creditLimit: { amount: c.creditLimit } } : {}) };
    customerIds.push((await q<{ createCustomer: { id: string } }>('mutation C($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', { input })).createCustomer.id);
  }
  for (const [customer, lines, stage] of ORDERS) {
    const input = { customerId: customerIds[customer], repId: repIds[CUSTOMERS[customer]!.rep], lines };
    const placed = await eventually(() => q<{ placeOrder: { id: string } }>('mutation O($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }', { input }));
    const id = placed.placeOrder.id;
    await q('mutation A($id: ID!) { approveOrder(id: $id) { status } }', { id });
    if (stage === 'APPROVED') continue;
    await q('mutation Ship($id: ID!) { shipOrder(id: $id, input: { carrier: "SF Express" }) { status } }', { id });
    if (stage === 'SHIPPED') continue;
    const delivered = await q<{ deliverOrder: { amountDue: { amount: string } } }>('mutation D($id: ID!) { deliverOrder(id: $id) { amountDue { amount } } }', { id });
    await q('mutation Pay($input: RecordPaymentInput!) { recordPayment(input: $input) { id } }', { input: { orderId: id, amount: { amount: delivered.deliverOrder.amountDue.amount }, method: 'BANK_TRANSFER' } });
  }
  return true;
}

// Supplier rules that need no I/O.
import { ValidationError } from '@salesgraph/kernel';
import { intInRange, normaliseSku, parsePercent, text, uniq } from './common';

export interface SupplyInput {
  sku: string;
  sharePercent: string;
  leadTimeDays: number;
}

export interface RegisterSupplierInput {
  name: string;
  country: string;
  categories?: string[] | null;
  supplies?: SupplyInput[] | null;
}

export interface UpdateSupplierInput {
  name?: string | null;
  country?: string | null;
  categories?: string[] | null;
  /** When given, replaces the supplier's whole supply list. */
  supplies?: SupplyInput[] | null;
}

export interface Supply {
  sku: string;
  /** Share of the product's supply in basis points (6000 = 60.00 %). */
  shareBp: number;
  leadTimeDays: number;
}

export interface RegisterSupplierCommand {
  name: string;
  country: string;
  categories: string[];
  supplies: Supply[];
}

export type UpdateSupplierCommand = Partial<RegisterSupplierCommand>;

const CONTROL = /[\u0000-\u001f\u007f]/;

function validName(value: string): string {
  const name = value.trim();
  if (!name || name.length > 200 || CONTROL.test(name)) throw new ValidationError('name', 'name must be 1-200 printable characters');
  return name;
}

function validCountry(value: string): string {
  const country = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new ValidationError('country', 'country must be an ISO 3166-1 alpha-2 code such as "CN"');
  return country;
}

function validCategories(values: string[]): string[] {
  if (values.length > 50) throw new ValidationError('categories', 'at most 50 categories');
  return uniq(values.map((c, i) => text(c, `categories[${i}]`, 60)));
}

function validSupplies(values: SupplyInput[]): Supply[] {
  if (values.length > 500) throw new ValidationError('supplies', 'at most 500 supplies');
  const seen = new Set<string>();
  return values.map((s, i) => {
    const sku = normaliseSku(s.sku, `supplies[${i}].sku`);
    if (seen.has(sku)) throw new ValidationError(`supplies[${i}].sku`, `sku ${sku} is listed twice`);
    seen.add(sku);
    return { sku, shareBp: parsePercent(s.sharePercent, `supplies[${i}].sharePercent`), leadTimeDays: intInRange(s.leadTimeDays, `supplies[${i}].leadTimeDays`, 0, 365) };
  });
}

export function validateRegisterSupplier(input: RegisterSupplierInput): RegisterSupplierCommand {
  return {
    name: validName(input.name),
    country: validCountry(input.country),
    categories: validCategories(input.categories ?? []),
    supplies: validSupplies(input.supplies ?? []),
  };
}

export function validateUpdateSupplier(input: UpdateSupplierInput): UpdateSupplierCommand {
  const cmd: UpdateSupplierCommand = {};
  if (input.name != null) cmd.name = validName(input.name);
  if (input.country != null) cmd.country = validCountry(input.country);
  if (input.categories != null) cmd.categories = validCategories(input.categories);
  if (input.supplies != null) cmd.supplies = validSupplies(input.supplies);
  return cmd;
}

/**
 * A product's shares over all its suppliers may not exceed 100 %. `others` are the other
 * suppliers' shares of each sku; returns the index of the first offending supply or -1.
 */
export function firstOverAllocated(supplies: Supply[], others: Map<string, number>): number {
  return supplies.findIndex((s) => s.shareBp + (others.get(s.sku) ?? 0) > 10000);
}

export interface RecordDeliveryInput {
  supplierId: string;
  sku: string;
  promisedAt: Date;
  deliveredAt: Date;
  orderedAt?: Date | null;
  quantity: number;
  defectQuantity: number;
}

export function validateDelivery(input: RecordDeliveryInput): RecordDeliveryInput {
  const quantity = intInRange(input.quantity, 'quantity', 1, 1_000_000_000);
  const defectQuantity = intInRange(input.defectQuantity, 'defectQuantity', 0, 1_000_000_000);
  if (defectQuantity > quantity) throw new ValidationError('defectQuantity', 'defectQuantity cannot exceed quantity');
  if (input.orderedAt && input.orderedAt.getTime() > input.deliveredAt.getTime()) throw new ValidationError('orderedAt', 'orderedAt must not be after deliveredAt');
  return { ...input, sku: normaliseSku(input.sku, 'sku'), quantity, defectQuantity };
}

// Catalog rules that need no I/O.
import { parseMoneyInput, ValidationError } from '@salesgraph/kernel';

type MoneyIn = { amount: string; currency?: string | null };

export interface CreateProductInput {
  sku: string;
  name: string;
  productLine: string;
  unitPrice: MoneyIn;
  unitCost?: MoneyIn | null;
}

export interface CreateProductCommand {
  sku: string;
  name: string;
  productLine: string;
  unitPriceMinor: bigint;
  unitCostMinor: bigint | null;
}

export interface UpdateProductInput {
  name?: string | null;
  productLine?: string | null;
  unitPrice?: MoneyIn | null;
  unitCost?: MoneyIn | null;
  active?: boolean | null;
}

export type UpdateProductCommand = Partial<{ name: string; productLine: string; unitPriceMinor: bigint; unitCostMinor: bigint; active: boolean }>;

const SKU = /^[A-Z0-9][A-Z0-9._-]{1,39}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

export function normaliseSku(value: string, field = 'sku'): string {
  const sku = String(value ?? '').trim().toUpperCase();
  if (!SKU.test(sku)) throw new ValidationError(field, `${field} must be 2-40 letters, digits, dots, dashes or underscores`);
  return sku;
}

function name(value: string): string {
  const text = value.trim();
  if (!text || text.length > 200 || CONTROL.test(text)) throw new ValidationError('name', 'name must be 1-200 printable characters');
  return text;
}

function productLine(value: string): string {
  const text = value.trim();
  if (!text || text.length > 60 || CONTROL.test(text)) throw new ValidationError('productLine', 'productLine must be 1-60 printable characters');
  return text;
}

export function validateCreateProduct(input: CreateProductInput, currency: string): CreateProductCommand {
  return {
    sku: normaliseSku(input.sku),
    name: name(input.name),
    productLine: productLine(input.productLine),
    unitPriceMinor: parseMoneyInput(input.unitPrice, currency, 'unitPrice', { allowZero: false }),
    unitCostMinor: input.unitCost == null ? null : parseMoneyInput(input.unitCost, currency, 'unitCost'),
  };
}

export function validateUpdateProduct(input: UpdateProductInput, currency: string): UpdateProductCommand {
  const cmd: UpdateProductCommand = {};
  if (input.name != null) cmd.name = name(input.name);
  if (input.productLine != null) cmd.productLine = productLine(input.productLine);
  if (input.unitPrice != null) cmd.unitPriceMinor = parseMoneyInput(input.unitPrice, currency, 'unitPrice', { allowZero: false });
  if (input.unitCost != null) cmd.unitCostMinor = parseMoneyInput(input.unitCost, currency, 'unitCost');
  if (input.active != null) cmd.active = input.active;
  if (Object.keys(cmd).length === 0) throw new ValidationError('input', 'give at least one field to change');
  return cmd;
}

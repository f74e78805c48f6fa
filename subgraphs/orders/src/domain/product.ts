// Catalog rules that need no I/O.
import { parseMoneyInput, ValidationError } from '@salesgraph/kernel';

export interface CreateProductInput {
  sku: string;
  name: string;
  productLine: string;
  unitPrice: { amount: string; currency?: string | null };
}

export interface CreateProductCommand {
  sku: string;
  name: string;
  productLine: string;
  unitPriceMinor: bigint;
}

const SKU = /^[A-Z0-9][A-Z0-9._-]{1,39}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

export function validateCreateProduct(input: CreateProductInput, currency: string): CreateProductCommand {
  const sku = input.sku.trim().toUpperCase();
  if (!SKU.test(sku)) throw new ValidationError('sku', 'sku must be 2-40 letters, digits, dots, dashes or underscores');
  const name = input.name.trim();
  if (!name || name.length > 200 || CONTROL.test(name)) throw new ValidationError('name', 'name must be 1-200 printable characters');
  const productLine = input.productLine.trim();
  if (!productLine || productLine.length > 60 || CONTROL.test(productLine)) throw new ValidationError('productLine', 'productLine must be 1-60 printable characters');
  const unitPriceMinor = parseMoneyInput(input.unitPrice, currency, 'unitPrice', { allowZero: false });
  return { sku, name, productLine, unitPriceMinor };
}

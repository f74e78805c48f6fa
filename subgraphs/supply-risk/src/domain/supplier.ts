// Supplier rules that need no I/O.
import { ValidationError } from '@salesgraph/kernel';

export interface RegisterSupplierInput {
  name: string;
  country: string;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

export function validateRegisterSupplier(input: RegisterSupplierInput): RegisterSupplierInput {
  const name = input.name.trim();
  if (!name || name.length > 200 || CONTROL.test(name)) throw new ValidationError('name', 'name must be 1-200 printable characters');
  const country = input.country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new ValidationError('country', 'country must be an ISO 3166-1 alpha-2 code such as "CN"');
  return { name, country };
}

export * from './errors';
export * from './money';
export * from './ids';
export * from './clock';

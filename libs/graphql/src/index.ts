export * from './scalars';
export * from './connection';
export * from './errors';
export * from './typedefs';
export * from './selection';

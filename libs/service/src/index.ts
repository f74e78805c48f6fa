export * from './config';
export * from './context';
export * from './http';
export * from './subgraph';
export * from './loaders';
export * from './run';
export * from './rep-directory';
export * from './batched-pages';

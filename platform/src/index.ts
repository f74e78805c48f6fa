export * from './subgraphs';
export * from './compose';
export * from './platform';
export * from './seed';
export * from './dev-secrets';
export * from './test-events';
export * from './test-harness';

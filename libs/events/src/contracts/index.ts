export * from './shared';
export * from './customers';
export * from './orders';
export * from './people';
export * from './risk';

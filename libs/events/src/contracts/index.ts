export * from './shared';
export * from './customers';
export * from './people';

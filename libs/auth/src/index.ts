export * from './principal';
export * from './tokens';
export * from './scopes-directive';
export * from './row-scope';

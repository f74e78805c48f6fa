import { serviceConfigFromEnv, type ServiceConfig } from '@salesgraph/service';

export function loadConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  return serviceConfigFromEnv('customers', env);
}

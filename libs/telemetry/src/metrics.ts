// Prometheus metrics per service (OpenTelemetry-style names), exposed at /metrics.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'route' | 'method' | 'status'>;
  readonly operations: Histogram<'operation' | 'type' | 'outcome' | 'client'>;
  private eventMetrics?: {
    published: Counter<'type'>;
    consumed: Counter<'type' | 'consumer' | 'outcome'>;
    deadLetters: Counter<'type' | 'consumer'>;
    redeliveries: Counter<'type' | 'consumer'>;
    outboxBacklog: Gauge;
    outboxOldestAge: Gauge;
    outboxSwept: Counter;
    inboxSwept: Counter;
  };

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.operations = new Histogram({
      name: 'graphql_server_operation_duration_seconds',
      help: 'GraphQL operation duration by operation name and outcome',
      labelNames: ['operation', 'type', 'outcome', 'client'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
  }

  /** Connection pool use, read at scrape time (used, free, waiting for a connection). */
  observeDbPool(read: () => { used: number; free: number; pending: number; max: number } | undefined): void {
    new Gauge({
      name: 'db_client_connections_usage',
      help: 'Database connections by state (OpenTelemetry db.client.connections.usage)',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const pool = read();
        if (!pool) return;
        this.set({ state: 'used' }, pool.used);
        this.set({ state: 'idle' }, pool.free);
        this.set({ state: 'pending' }, pool.pending);
      },
    });
    new Gauge({
      name: 'db_client_connections_max',
      help: 'Maximum database connections in the pool',
      registers: [this.registry],
      collect() {
        const pool = read();
        if (pool) this.set(pool.max);
      },
    });
  }

  private salesMetrics?: { revenueApproved: Counter<'currency'>; ordersApproved: Counter };

  /** Business metrics, created where they happen (orders' approvals). */
  get sales() {
    this.salesMetrics ??= {
      revenueApproved: new Counter({ name: 'sales_revenue_approved_total', help: 'Revenue of approved orders, in currency units', labelNames: ['currency'], registers: [this.registry] }),
      ordersApproved: new Counter({ name: 'sales_orders_approved_total', help: 'Orders approved', registers: [this.registry] }),
    };
    return this.salesMetrics;
  }

  /** Event metrics exist only in services that publish or consume (not in the gateway). */
  get events() {
    this.eventMetrics ??= {
      published: new Counter({ name: 'messaging_publish_messages_total', help: 'Events published', labelNames: ['type'], registers: [this.registry] }),
      consumed: new Counter({ name: 'messaging_process_messages_total', help: 'Events processed by consumers', labelNames: ['type', 'consumer', 'outcome'], registers: [this.registry] }),
      deadLetters: new Counter({ name: 'messaging_dead_letters_total', help: 'Events sent to the dead-letter subject', labelNames: ['type', 'consumer'], registers: [this.registry] }),
      redeliveries: new Counter({ name: 'messaging_redeliveries_total', help: 'Deliveries after the first', labelNames: ['type', 'consumer'], registers: [this.registry] }),
      outboxBacklog: new Gauge({ name: 'outbox_backlog_events', help: 'Outbox rows not yet published', registers: [this.registry] }),
      outboxOldestAge: new Gauge({ name: 'outbox_oldest_unsent_age_seconds', help: 'Age of the oldest unsent outbox row', registers: [this.registry] }),
      outboxSwept: new Counter({ name: 'events_outbox_swept_total', help: 'Published outbox rows deleted by the retention sweep', registers: [this.registry] }),
      inboxSwept: new Counter({ name: 'events_inbox_swept_total', help: 'Inbox rows deleted by the retention sweep', registers: [this.registry] }),
    };
    return this.eventMetrics;
  }
}

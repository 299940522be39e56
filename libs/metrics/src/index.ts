export * from './prom-client.metrics';
export * from './metrics-admission';
export * from './prom-client-metrics.module';

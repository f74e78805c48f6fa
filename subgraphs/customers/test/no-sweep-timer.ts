// Imported first by the gateway tests: they run the sweep by hand at chosen times, so the
// service's own timer (tested in sweep-job.integration.test.ts) must not interleave.
process.env.CUSTOMERS_SWEEP_INTERVAL_MS = '3600000';

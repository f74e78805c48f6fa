// A local OTLP/HTTP sink: accepts every export (traces, metrics, logs) and discards it, so the
// measured services trace every request as in production without a collector. Prints its port.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let received = 0;
const server = createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    received += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`otlp-sink listening ${(server.address() as AddressInfo).port}\n`);
});
const stop = () => {
  process.stdout.write(`otlp-sink received ${received} exports\n`);
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

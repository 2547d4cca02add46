// Preloaded (`node --require`) into tools the tests run, such as the redocly CLI: any connection
// to a host other than this machine fails and is reported on stderr as `network blocked: <host>`,
// so a test can assert that the tool stayed offline.
const net = require('node:net');
const LOCAL = new Set(['127.0.0.1', '::1', 'localhost', undefined]);
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = first && typeof first === 'object' ? first : { port: first, host: args[1] };
  const host = typeof options.host === 'string' ? options.host : undefined;
  if (options.path || LOCAL.has(host)) return connect.apply(this, args);
  process.stderr.write(`network blocked: ${host}\n`);
  process.nextTick(() => this.destroy(new Error(`network blocked: ${host}`)));
  return this;
};
const fetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (LOCAL.has(url.hostname) || url.hostname === '[::1]') return fetch(input, init);
  process.stderr.write(`network blocked: ${url.hostname}\n`);
  throw new Error(`network blocked: ${url.hostname}`);
};

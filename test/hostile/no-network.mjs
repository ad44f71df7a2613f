// Preload for the no-network test: every way Node can open a connection or resolve a name throws and is logged.
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';
import http from 'node:http';
import https from 'node:https';
import http2 from 'node:http2';
import dgram from 'node:dgram';
import dns from 'node:dns';

const blocked = (what) =>
  function () {
    process.stderr.write(`NETWORK-ACCESS: ${what}\n`);
    throw new Error(`network access blocked: ${what}`);
  };
for (const [mod, name, fns] of [
  [net, 'net', ['connect', 'createConnection', 'createServer']],
  [tls, 'tls', ['connect', 'createServer']],
  [http, 'http', ['request', 'get', 'createServer']],
  [https, 'https', ['request', 'get', 'createServer']],
  [http2, 'http2', ['connect', 'createServer', 'createSecureServer']],
  [dgram, 'dgram', ['createSocket']],
  [dns, 'dns', ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse']],
  [dns.promises, 'dns.promises', ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse']],
])
  for (const f of fns) mod[f] = blocked(`${name}.${f}`);
net.Socket.prototype.connect = blocked('net.Socket.connect');
globalThis.fetch = blocked('fetch');
globalThis.WebSocket = blocked('WebSocket');
syncBuiltinESMExports();

// One HostApi call over wss, for tests that reach a host the test process cannot (a host inside
// a network namespace: run as `ip netns exec NS node host-call.mjs …`). Prints the result as JSON.
// Usage: node host-call.mjs BASE_URL TOKEN CA_FILE METHOD PARAMS_JSON
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

const [base, token, caFile, method, params] = process.argv.slice(2);
const ws = new WebSocket(base.replace(/^http/, 'ws') + '/api', [`ioc-wall.token.${token}`], { ca: readFileSync(caFile) });
const timer = setTimeout(() => (console.error('host-call: no answer within 10 s'), process.exit(3)), 10_000);
ws.on('open', () => ws.send(JSON.stringify({ type: 'request', id: 1, method, params: JSON.parse(params), rid: randomUUID() })));
ws.on('message', (raw) => {
  const m = JSON.parse(String(raw));
  if (m.id !== 1) return;
  clearTimeout(timer);
  if (m.type === 'response') process.stdout.write(JSON.stringify(m.result));
  else console.error(`host-call ${method}: ${m.error.message}`);
  ws.close();
  process.exitCode = m.type === 'response' ? 0 : 1;
});
ws.on('error', (e) => (console.error(`host-call: ${e.message}`), process.exit(2)));

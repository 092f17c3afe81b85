import { parseArgs } from 'node:util';
import { FAULT_KINDS, startSim, type FaultKind } from './server';

/**
 * `npm run endpoint:sim -- [--port 8088] [--tick-every 10000] [--events 300] [--open-target N] [--fault KIND[:PATH]]`
 * Serves the five standards for config/demo-sim.json. Faults can also be switched at run time:
 *   curl 'http://127.0.0.1:8088/admin/faults?kind=unavailable503&retryAfter=30&count=5'
 *   curl -X DELETE http://127.0.0.1:8088/admin/faults
 *   curl -X POST 'http://127.0.0.1:8088/admin/tick?ms=3600000'
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8088' },
    host: { type: 'string', default: '127.0.0.1' },
    'tick-every': { type: 'string', default: '10000' },
    'tick-ms': { type: 'string', default: '3600000' },
    events: { type: 'string', default: '300' },
    observations: { type: 'string', default: '660' },
    // Open hotline requests kept in steady state (the oldest beyond it are closed); unset: they grow.
    'open-target': { type: 'string' },
    fault: { type: 'string', multiple: true },
  },
});

const sim = await startSim({
  port: Number(values.port),
  host: values.host,
  tickEveryMs: Number(values['tick-every']),
  tickMs: Number(values['tick-ms']),
  events: Number(values.events),
  observations: Number(values.observations),
  ...(values['open-target'] !== undefined ? { openTarget: Number(values['open-target']) } : {}),
  now: Date.now(),
});
for (const f of values.fault ?? []) {
  const [kind, path] = f.split(':') as [FaultKind, string | undefined];
  if (!FAULT_KINDS.includes(kind)) {
    console.error(`unknown fault "${kind}"; one of ${FAULT_KINDS.join(', ')}`);
    process.exit(2);
  }
  sim.faults.push({ kind, path });
}
const u = sim.url;
console.log(`IOC Wall endpoint simulator on ${u} (data clock advances ${values['tick-ms']} ms every ${values['tick-every']} ms)`);
console.log(`  Open311      ${u}/open311/requests.json  (.xml)   actions: POST ${u}/open311/actions.json`);
console.log(`  SensorThings ${u}/sta/v1.1/Things`);
console.log(`  CKAN         ${u}/ckan/api/3/action/datastore_search?resource_id=bp-observations`);
console.log(`  SDMX-JSON    ${u}/sdmx/data/IOC_BP/all   (?format=1.0 for SDMX-JSON 1.0)`);
console.log(`  GeoJSON      ${u}/geojson/places.geojson`);
console.log(`  faults       ${u}/admin/faults?kind=${FAULT_KINDS.join('|')}[&path=/open311][&count=N][&retryAfter=S][&delayMs=MS][&sizeBytes=B]`);
console.log(`Point the app at it: npx ioc-wall serve --config config/demo-sim.json   (Ctrl+C to stop)`);
const stop = async () => {
  await sim.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

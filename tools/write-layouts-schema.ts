/**
 * Writes layouts/schema/ioc-wall-layouts.schema.json from the zod schemas (layouts/file.ts), for
 * installers who write wall and preset files by hand. Run after changing the model:
 *   npx tsx tools/write-layouts-schema.ts
 * tests/unit/layouts/file.test.ts fails while the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { layoutFileJsonSchema } from '../layouts/file';

export const SCHEMA_PATH = fileURLToPath(new URL('../layouts/schema/ioc-wall-layouts.schema.json', import.meta.url));

export function renderSchema(): string {
  return `${JSON.stringify(layoutFileJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_PATH, renderSchema());
  console.log(`wrote ${SCHEMA_PATH}`);
}

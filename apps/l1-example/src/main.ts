#!/usr/bin/env node
import { type ProviderName, PROVIDERS } from '@losskit/runtime';
import { runExample } from './example';

const requested = process.argv.find((arg) => arg.startsWith('--provider='))?.slice('--provider='.length);
if (requested !== undefined && !PROVIDERS.includes(requested as ProviderName)) {
  console.error(`Unknown --provider=${requested}; expected one of ${PROVIDERS.join(', ')}`);
  process.exit(2);
}

console.log('losskit L1 example: mean |prediction - target| between two 2x3x32x32 gradient images\n');
const { rows, providers } = await runExample(requested as ProviderName | undefined);
console.log('Providers on this machine:');
for (const p of providers) console.log(`  ${p.name.padEnd(7)} ${p.available ? 'available' : `unavailable: ${p.reason}`}`);
console.log('\nprovider   loss         float64 ref  |gradient|   first run');
for (const row of rows) {
  console.log(
    `${row.provider.padEnd(10)} ${row.loss.toFixed(8).padEnd(12)} ${row.reference.toFixed(8).padEnd(12)} ${row.gradientNorm.toExponential(4).padEnd(12)} ${row.milliseconds.toFixed(1)} ms`,
  );
}
if (rows.length === 0) {
  console.error(`\nProvider ${requested} is not available here.`);
  process.exit(1);
}

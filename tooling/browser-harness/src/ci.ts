/**
 * Whether this process runs in CI: `CI` is set to something other than `''`, `'false'` or `'0'`
 * (case and spaces ignored). Tests use it to fail, instead of skipping, when something CI must
 * provide is missing (Chromium, a WebGPU adapter); every losskit test and `LossTester` decide it
 * here, so `CI=false` means the same everywhere.
 */
export function isCi(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const value = env['CI'];
  return value !== undefined && !['', 'false', '0'].includes(value.trim().toLowerCase());
}

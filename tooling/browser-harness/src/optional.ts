/**
 * Imports an optional peer (playwright-core, vite) when it is first needed, so that a package
 * depending on the harness installs without them. When it is missing, the error says what to
 * install and what for.
 */
export async function importOptional<T>(name: 'playwright-core' | 'vite', load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    if (!String((error as Error).message).includes(name)) throw error;
    throw new Error(
      `${name} is not installed. The browser harness needs playwright-core and vite to run code in Chromium: npm install -D playwright-core vite`,
      { cause: error },
    );
  }
}

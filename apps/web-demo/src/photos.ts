// The demo's default data: the repository's photographs (assets/photos, public domain and CC0,
// sources in assets/photos/SOURCES.md), bundled as files of the app.
import type { PhotoFile } from './protocol';

const urls = import.meta.glob('../../../assets/photos/*.png', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

/** The bundled photos, in file-name order (the worker holds the last quarter out). */
export async function defaultPhotos(): Promise<PhotoFile[]> {
  const entries = Object.entries(urls).toSorted(([a], [b]) => a.localeCompare(b));
  return Promise.all(
    entries.map(async ([path, url]) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return { name: path.slice(path.lastIndexOf('/') + 1), bytes: await response.arrayBuffer() };
    }),
  );
}

// The site fetches every file; nothing is embedded. The classroom build
// replaces this module with ./embedded.classroom.ts.
export function embeddedAsset(_url: string): Promise<Uint8Array | null> {
  return Promise.resolve(null);
}

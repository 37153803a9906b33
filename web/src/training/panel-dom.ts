// Small DOM helpers of the training panel (index.ts).

export function q<T extends Element>(root: Element, selector: string, type: { new (): T }): T {
  const found = root.querySelector(selector);
  if (!(found instanceof type)) throw new Error(`training: missing ${selector}`);
  return found;
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'model'}.safetensors`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function percent(accuracy: number | null): string {
  return accuracy === null ? 'accuracy unknown' : `${(accuracy * 100).toFixed(2)}%`;
}

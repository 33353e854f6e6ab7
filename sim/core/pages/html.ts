// Helpers shared by the simulator's server-rendered pages (3D Secure challenge, receipts, Connect onboarding):
// untrusted strings go into their HTML only through escapeHtml, and origins taken from requests only through
// safeOrigin. No Node APIs (the pages also run in the browser build).

/** Text for HTML content or a quoted attribute value: & < > " ' escaped; null and undefined are empty. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** A validated http(s) origin, or null. */
export function safeOrigin(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

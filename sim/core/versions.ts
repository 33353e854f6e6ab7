// API versions the simulator speaks and the hook through which resources differ by version.
// Objects are stored in the shape of the newest version (endive); a resource registers a transform that
// rewrites an object for an older version on the way out (responses, expansions, event payloads).

import { invalidRequest } from './errors.ts';

export const API_VERSIONS = ['2026-10-28.endive', '2026-03-25.dahlia'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];
export const DEFAULT_API_VERSION: ApiVersion = '2026-10-28.endive';

/** The release train of a version: `endive`, `dahlia`. */
export function releaseOf(version: ApiVersion): 'endive' | 'dahlia' {
  return version.endsWith('.dahlia') ? 'dahlia' : 'endive';
}

export function isEndive(version: ApiVersion): boolean {
  return releaseOf(version) === 'endive';
}

export function parseVersion(header: string | null | undefined, fallback: ApiVersion): ApiVersion {
  if (header === null || header === undefined || header === '') return fallback;
  const v = header.trim();
  if ((API_VERSIONS as readonly string[]).includes(v)) return v as ApiVersion;
  // Stripe's words for a version that does not exist; a real Stripe version the simulator does not model
  // (`2024-06-20`, `2025-03-31.basil`) gets the same error, with the versions it does speak.
  const known = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(v);
  throw invalidRequest(
    `Invalid Stripe API version: ${v.slice(0, 100)}${known ? `. This simulator supports ${API_VERSIONS.join(' and ')}.` : ''}`,
  );
}

export type VersionTransform = (obj: Record<string, unknown>, version: ApiVersion) => Record<string, unknown>;

const transforms = new Map<string, VersionTransform[]>();

/** Registers how objects of `objectType` (the `object` field) look in older versions. Applied on every output. */
export function registerVersionTransform(objectType: string, fn: VersionTransform): void {
  const list = transforms.get(objectType) ?? [];
  list.push(fn);
  transforms.set(objectType, list);
}

/** Renders one stored object for `version` (no-op for the default version unless a transform says otherwise). */
export function renderForVersion(obj: Record<string, unknown>, version: ApiVersion): Record<string, unknown> {
  const type = obj.object;
  if (typeof type !== 'string') return obj;
  const list = transforms.get(type);
  if (!list) return obj;
  let out = obj;
  for (const fn of list) out = fn(out, version);
  return out;
}

export function isApiVersion(v: string): v is ApiVersion {
  return (API_VERSIONS as readonly string[]).includes(v);
}

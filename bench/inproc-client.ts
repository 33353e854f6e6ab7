// The in-process load the bench scripts share: a POST through `sim.serveV1(...)` (the transport-neutral pipeline the
// Node server calls) with the SDK's headers and a fresh Idempotency-Key, and pairs of PaymentIntent create + confirm
// with pm_card_visa run by 16 concurrent workers.
import type { Simulator } from '../sim/core/app.ts';

export type Post = (path: string, body: string) => Promise<{ id: string }>;

/** A POST through `serveV1`; anything but a 200 throws (prefixed with `label`). `key()` makes each Idempotency-Key. */
export function serveV1Post(sim: Pick<Simulator, 'serveV1' | 'keys'>, key: () => string, label = ''): Post {
  return async (path, body) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${sim.keys.secret}`,
      'content-type': 'application/x-www-form-urlencoded',
      'stripe-version': '2026-10-28.endive',
      'idempotency-key': key(),
    };
    const out = await sim.serveV1({ method: 'POST', pathname: path, search: '', header: (n) => headers[n] ?? null, text: () => Promise.resolve(body) });
    if (out.status !== 200) throw new Error(`${label}${out.status} ${out.body}`);
    return JSON.parse(out.body!) as { id: string };
  };
}

/** `n` PaymentIntent create + confirm (pm_card_visa) pairs, `concurrency` at a time. */
export async function createConfirmPairs(post: Post, n: number, concurrency = 16): Promise<void> {
  let left = n;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) {
        const pi = await post('/v1/payment_intents', 'amount=1099&currency=usd');
        await post(`/v1/payment_intents/${pi.id}/confirm`, 'payment_method=pm_card_visa');
      }
    }),
  );
}

// splitPlainUrl (sim/node/server.ts) must give the pathname and search that `new URL(url, base)` gives, for every
// URL the direct /v1 path accepts (PLAIN_URL's characters, no dot segment): a seeded comparison over random URLs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitPlainUrl } from '../../../sim/node/server.ts';

const PLAIN_URL = /^\/[!#$&-;=?-[\]_a-z~]*$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?#]|$)/;

test('splitPlainUrl agrees with URL on plain /v1 URLs', () => {
  let seed = 43;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const alphabet: string[] = [];
  for (let c = 32; c < 127; c++) if (PLAIN_URL.test('/' + String.fromCharCode(c))) alphabet.push(String.fromCharCode(c));
  const frequent = ['/', '?', '.', '=', '&', '[', ']', "'", '#', 'a', ';'];
  let checked = 0;
  for (let i = 0; i < 50_000; i++) {
    let url = rand(3) === 0 ? '/v1/' : '/v1';
    const len = rand(20);
    for (let j = 0; j < len; j++) url += rand(2) === 0 ? frequent[rand(frequent.length)] : alphabet[rand(alphabet.length)];
    if (!PLAIN_URL.test(url) || DOT_SEGMENT.test(url)) continue;
    const u = new URL(url, 'http://localhost');
    assert.deepEqual(splitPlainUrl(url), { pathname: u.pathname, search: u.search }, url);
    checked++;
  }
  assert.ok(checked > 40_000);
  assert.deepEqual(splitPlainUrl('/v1/customers?'), { pathname: '/v1/customers', search: '' });
  assert.deepEqual(splitPlainUrl("/v1/customers?email=a'b"), { pathname: '/v1/customers', search: '?email=a%27b' });
});

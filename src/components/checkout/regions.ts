/**
 * The states and provinces Stripe Checkout offers in a `<select>` (`#billingAdministrativeArea`,
 * `#shippingAdministrativeArea`): the United States (the 50 states, the District of Columbia, the territories and the
 * Armed Forces codes, as in Stripe's own address forms) and Canada (13 provinces and territories). The option value is
 * the code that reaches `address.state` ("CA", "QC"); the label is the full name, in English or French.
 *
 * Other countries keep a text input (their `state` is free text on Stripe too, or not asked for).
 *
 * @module
 */

/** code, English name, French name. */
type Region = readonly [code: string, en: string, fr: string];

const US: readonly Region[] = [
  ['AL', 'Alabama', 'Alabama'],
  ['AK', 'Alaska', 'Alaska'],
  ['AS', 'American Samoa', 'Samoa américaines'],
  ['AZ', 'Arizona', 'Arizona'],
  ['AR', 'Arkansas', 'Arkansas'],
  ['AA', 'Armed Forces (AA)', 'Forces armées (AA)'],
  ['AE', 'Armed Forces (AE)', 'Forces armées (AE)'],
  ['AP', 'Armed Forces (AP)', 'Forces armées (AP)'],
  ['CA', 'California', 'Californie'],
  ['CO', 'Colorado', 'Colorado'],
  ['CT', 'Connecticut', 'Connecticut'],
  ['DE', 'Delaware', 'Delaware'],
  ['DC', 'District of Columbia', 'District de Columbia'],
  ['FL', 'Florida', 'Floride'],
  ['GA', 'Georgia', 'Géorgie'],
  ['GU', 'Guam', 'Guam'],
  ['HI', 'Hawaii', 'Hawaï'],
  ['ID', 'Idaho', 'Idaho'],
  ['IL', 'Illinois', 'Illinois'],
  ['IN', 'Indiana', 'Indiana'],
  ['IA', 'Iowa', 'Iowa'],
  ['KS', 'Kansas', 'Kansas'],
  ['KY', 'Kentucky', 'Kentucky'],
  ['LA', 'Louisiana', 'Louisiane'],
  ['ME', 'Maine', 'Maine'],
  ['MH', 'Marshall Islands', 'Îles Marshall'],
  ['MD', 'Maryland', 'Maryland'],
  ['MA', 'Massachusetts', 'Massachusetts'],
  ['MI', 'Michigan', 'Michigan'],
  ['FM', 'Micronesia', 'Micronésie'],
  ['MN', 'Minnesota', 'Minnesota'],
  ['MS', 'Mississippi', 'Mississippi'],
  ['MO', 'Missouri', 'Missouri'],
  ['MT', 'Montana', 'Montana'],
  ['NE', 'Nebraska', 'Nebraska'],
  ['NV', 'Nevada', 'Nevada'],
  ['NH', 'New Hampshire', 'New Hampshire'],
  ['NJ', 'New Jersey', 'New Jersey'],
  ['NM', 'New Mexico', 'Nouveau-Mexique'],
  ['NY', 'New York', 'New York'],
  ['NC', 'North Carolina', 'Caroline du Nord'],
  ['ND', 'North Dakota', 'Dakota du Nord'],
  ['MP', 'Northern Mariana Islands', 'Îles Mariannes du Nord'],
  ['OH', 'Ohio', 'Ohio'],
  ['OK', 'Oklahoma', 'Oklahoma'],
  ['OR', 'Oregon', 'Oregon'],
  ['PW', 'Palau', 'Palaos'],
  ['PA', 'Pennsylvania', 'Pennsylvanie'],
  ['PR', 'Puerto Rico', 'Porto Rico'],
  ['RI', 'Rhode Island', 'Rhode Island'],
  ['SC', 'South Carolina', 'Caroline du Sud'],
  ['SD', 'South Dakota', 'Dakota du Sud'],
  ['TN', 'Tennessee', 'Tennessee'],
  ['TX', 'Texas', 'Texas'],
  ['UT', 'Utah', 'Utah'],
  ['VT', 'Vermont', 'Vermont'],
  ['VI', 'Virgin Islands', 'Îles Vierges des États-Unis'],
  ['VA', 'Virginia', 'Virginie'],
  ['WA', 'Washington', 'Washington'],
  ['WV', 'West Virginia', 'Virginie-Occidentale'],
  ['WI', 'Wisconsin', 'Wisconsin'],
  ['WY', 'Wyoming', 'Wyoming'],
];

const CA: readonly Region[] = [
  ['AB', 'Alberta', 'Alberta'],
  ['BC', 'British Columbia', 'Colombie-Britannique'],
  ['MB', 'Manitoba', 'Manitoba'],
  ['NB', 'New Brunswick', 'Nouveau-Brunswick'],
  ['NL', 'Newfoundland and Labrador', 'Terre-Neuve-et-Labrador'],
  ['NT', 'Northwest Territories', 'Territoires du Nord-Ouest'],
  ['NS', 'Nova Scotia', 'Nouvelle-Écosse'],
  ['NU', 'Nunavut', 'Nunavut'],
  ['ON', 'Ontario', 'Ontario'],
  ['PE', 'Prince Edward Island', 'Île-du-Prince-Édouard'],
  ['QC', 'Quebec', 'Québec'],
  ['SK', 'Saskatchewan', 'Saskatchewan'],
  ['YT', 'Yukon', 'Yukon'],
];

const REGIONS: Readonly<Record<string, readonly Region[]>> = { US, CA };

/** What the state field is called for a country whose list we have: a US "State", a Canadian "Province". */
export type RegionKind = 'state' | 'province';
const KIND: Readonly<Record<string, RegionKind>> = { US: 'state', CA: 'province' };

/** Whether `country`'s state or province is chosen from a list (a `<select>`) rather than typed. */
export const hasRegionList = (country: string): boolean => country in REGIONS;

/** What `country`'s state field is called (null when it has no list). */
export const regionKind = (country: string): RegionKind | null => KIND[country] ?? null;

const lists = new Map<string, { code: string; name: string }[]>();

/**
 * `country`'s states or provinces as `<option>`s, named in `locale` (French for `fr*`, else English) and sorted by
 * that name, as Stripe lists them; null for a country without a list. Computed once per language and country (the
 * address form re-renders on every keystroke).
 */
export function regionOptions(country: string, locale: string): { code: string; name: string }[] | null {
  const regions = REGIONS[country];
  if (!regions) return null;
  const lang = locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
  const key = `${lang}|${country}`;
  let list = lists.get(key);
  if (!list) {
    list = regions.map(([code, en, fr]) => ({ code, name: lang === 'fr' ? fr : en })).sort((a, b) => a.name.localeCompare(b.name, lang));
    lists.set(key, list);
  }
  return list;
}

const fold = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[\s.\-–'’]+/g, ' ').trim().toLowerCase();

/**
 * `value` as `country`'s region code: the code itself (any case) or its English or French name (accents, case and
 * punctuation ignored: "quebec", "Québec", "ca" for California); '' when it names none of them. For a country without
 * a list, `value` unchanged.
 */
export function toRegionCode(country: string, value: string): string {
  const regions = REGIONS[country];
  if (!regions) return value;
  const v = fold(value);
  if (!v) return '';
  const hit = regions.find(([code, en, fr]) => code.toLowerCase() === v || fold(en) === v || fold(fr) === v);
  return hit ? hit[0] : '';
}

/** Whether `code` is one of `country`'s region codes (always false for a country without a list). */
export const isRegionCode = (country: string, code: string): boolean => (REGIONS[country] ?? []).some(([c]) => c === code);

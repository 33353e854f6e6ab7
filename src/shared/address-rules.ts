/**
 * Address rules shared by `<ck-checkout>`'s address form and the simulator's check of what the page submits, so the
 * page asks for exactly what the server requires. The lists are the simulator's (Stripe's address form is not
 * public): countries whose addresses have no postal code, and countries whose addresses need a state or province.
 *
 * @module
 */

/** Countries whose addresses have no postal code (the form does not ask for one). */
export const NO_POSTAL_CODE: ReadonlySet<string> = new Set(
  'AE AG AO AW BF BI BJ BO BS BW BZ CD CF CG CI CK CM DJ DM ER FJ GA GD GH GM GQ GY HK IE JM KI KM KN KP LC ML MO MR MW NR NU QA RW SB SC SL SR ST SY TF TG TK TL TO TT TV TZ UG VU YE ZW'.split(' '),
);

/** Countries whose addresses need a state or province. */
export const NEEDS_STATE: ReadonlySet<string> = new Set(['US', 'CA', 'AU', 'BR', 'MX', 'IN', 'JP']);

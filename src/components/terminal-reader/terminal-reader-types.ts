/**
 * The data `<ck-terminal-reader>` renders: a simulated reader's screen as the simulator's live channel streams it
 * (the one definition of that shape: `sim/core/terminal/screen.ts` imports it from here), and the test cards the
 * customer panel offers.
 *
 * @module
 */

/** Every screen a simulated reader shows its customer. */
export type ReaderScreenName =
  | 'idle'
  | 'cart'
  | 'tipping'
  | 'collecting'
  | 'processing'
  | 'approved'
  | 'declined'
  | 'canceled'
  | 'refund'
  | 'refunded'
  | 'setup'
  | 'saved';

/** A Terminal `set_reader_display` cart. Amounts in minor units. */
export interface ReaderCart {
  currency: string;
  line_items: { amount: number; description: string; quantity: number }[];
  tax: number | null;
  total: number;
}

/** A tip choice offered on the reader. */
export interface ReaderTipOption {
  /** Percentage of the eligible amount, or null for a fixed amount. */
  percent: number | null;
  amount: number;
}

/** One frame of a reader's screen: everything it shows. Amounts in minor units. */
export interface ReaderScreen {
  reader: string;
  label: string;
  device_type: string;
  location: { id: string; display_name: string } | null;
  /** The merchant's name, colour and icon (the simulator's branding settings). */
  branding: { name: string | null; color: string | null; icon_url: string | null };
  screen: ReaderScreenName;
  /** The reader's current action (type and status), as /v1 shows it. */
  action: { type: string; status: string } | null;
  cart: ReaderCart | null;
  currency: string | null;
  /** Amount due before any tip. */
  amount: number | null;
  tipping: { amount_eligible: number; options: ReaderTipOption[] } | null;
  /** The tip chosen on the reader (null until chosen). */
  tip: number | null;
  /** The customer may cancel (process_config.enable_customer_cancellation). */
  customer_cancellation: boolean;
  /** The card read and the amount authorised (approved, declined, refunded, saved). */
  payment: { type: string; brand: string; last4: string; amount: number; tip: number; read_method: string } | null;
  failure: { code: string; decline_code: string | null; message: string } | null;
  /** Monotonic per reader: pages ignore older frames. */
  seq: number;
  updated_ms: number;
}

/** What the merchant's token endpoint answers (it obtains it from the simulator with its secret key). */
export interface ReaderTokenResponse {
  token: string;
  stream_url: string;
  customer_url: string;
  screen_url?: string;
}

/** A test card the customer panel offers. `outcome` names what happens (a decline code, or `approved`). */
export interface ReaderTestCard {
  number: string;
  brand: string;
  type: 'card_present' | 'interac_present';
  outcome: 'approved' | 'generic_decline' | 'insufficient_funds' | 'lost_card' | 'stolen_card' | 'expired_card' | 'processing_error';
}

/** Stripe's Terminal test cards (approved ones by brand, then the declining ones). */
export const READER_TEST_CARDS: readonly ReaderTestCard[] = [
  { number: '4242424242424242', brand: 'Visa', type: 'card_present', outcome: 'approved' },
  { number: '5555555555554444', brand: 'Mastercard', type: 'card_present', outcome: 'approved' },
  { number: '378282246310005', brand: 'American Express', type: 'card_present', outcome: 'approved' },
  { number: '6011111111111117', brand: 'Discover', type: 'card_present', outcome: 'approved' },
  { number: '4506445006931933', brand: 'Interac', type: 'interac_present', outcome: 'approved' },
  { number: '4000000000000002', brand: 'Visa', type: 'card_present', outcome: 'generic_decline' },
  { number: '4000000000009995', brand: 'Visa', type: 'card_present', outcome: 'insufficient_funds' },
  { number: '4000000000009987', brand: 'Visa', type: 'card_present', outcome: 'lost_card' },
  { number: '4000000000009979', brand: 'Visa', type: 'card_present', outcome: 'stolen_card' },
  { number: '4000000000000069', brand: 'Visa', type: 'card_present', outcome: 'expired_card' },
  { number: '4000000000000119', brand: 'Visa', type: 'card_present', outcome: 'processing_error' },
];

/** Screens on which the reader waits for a card. */
export const WAITING_FOR_CARD: ReadonlySet<ReaderScreenName> = new Set(['collecting', 'refund', 'setup']);

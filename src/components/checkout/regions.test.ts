import { expect, fixture, html } from '@open-wc/testing';
import { render } from 'lit';
import '../../define/ck-checkout.js';
import { checkoutMessages } from '../../shared/messages/checkout.js';
import type { CkCheckout } from './checkout.js';
import type { CheckoutCollect, CheckoutPage } from './checkout-api.js';
import { CheckoutFields } from './checkout-fields.js';
import { hasRegionList, isRegionCode, regionKind, regionOptions, toRegionCode } from './regions.js';

describe('regions (US states, Canadian provinces)', () => {
  it('lists the 50 states, DC, the territories and the Armed Forces codes, sorted by name, as Stripe does', () => {
    const us = regionOptions('US', 'en')!;
    expect(us.length).to.equal(62);
    for (const code of ['AL', 'CA', 'DC', 'NY', 'WY', 'PR', 'GU', 'VI', 'AS', 'MP', 'AA', 'AE', 'AP']) expect(isRegionCode('US', code), code).to.equal(true);
    expect(us.every((r) => /^[A-Z]{2}$/.test(r.code))).to.equal(true);
    expect(new Set(us.map((r) => r.code)).size).to.equal(62);
    expect(us.slice(0, 8).map((r) => r.code)).to.deep.equal(['AL', 'AK', 'AS', 'AZ', 'AR', 'AA', 'AE', 'AP']);
    expect(us.find((r) => r.code === 'CA')!.name).to.equal('California');
    const ca = regionOptions('CA', 'en-CA')!;
    expect(ca.map((r) => r.code)).to.deep.equal(['AB', 'BC', 'MB', 'NB', 'NL', 'NT', 'NS', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT']);
  });

  it('names them in French, sorted in French', () => {
    const ca = regionOptions('CA', 'fr-CA')!;
    const name = (code: string) => ca.find((r) => r.code === code)!.name;
    expect(name('QC')).to.equal('Québec');
    expect(name('BC')).to.equal('Colombie-Britannique');
    expect(name('PE')).to.equal('Île-du-Prince-Édouard');
    expect(ca.map((r) => r.name)).to.deep.equal([...ca.map((r) => r.name)].sort((a, b) => a.localeCompare(b, 'fr')));
    const us = regionOptions('US', 'fr')!;
    expect(us.find((r) => r.code === 'NC')!.name).to.equal('Caroline du Nord');
    expect(us.find((r) => r.code === 'CA')!.name).to.equal('Californie');
    expect(us[0].name).to.equal('Alabama');
  });

  it('computes each list once per language and country; no list for other countries', () => {
    expect(regionOptions('US', 'en')).to.equal(regionOptions('US', 'en-US'));
    expect(regionOptions('US', 'fr')).to.not.equal(regionOptions('US', 'en'));
    expect(regionOptions('GB', 'en')).to.equal(null);
    expect(regionOptions('AU', 'en')).to.equal(null);
    expect(hasRegionList('US') && hasRegionList('CA') && !hasRegionList('FR')).to.equal(true);
    expect([regionKind('US'), regionKind('CA'), regionKind('MX')]).to.deep.equal(['state', 'province', null]);
  });

  it('reads a code or a name (any case, accents ignored) as the code', () => {
    expect(toRegionCode('US', 'ca')).to.equal('CA');
    expect(toRegionCode('US', 'california')).to.equal('CA');
    expect(toRegionCode('US', 'Caroline du Nord')).to.equal('NC');
    expect(toRegionCode('CA', 'quebec')).to.equal('QC');
    expect(toRegionCode('CA', 'Québec')).to.equal('QC');
    expect(toRegionCode('CA', 'ile du prince edouard')).to.equal('PE');
    expect(toRegionCode('CA', 'NY')).to.equal('');
    expect(toRegionCode('US', '')).to.equal('');
    expect(toRegionCode('GB', 'Kent')).to.equal('Kent');
  });
});

/** The address form alone, rendered into the page (light DOM) by a host that records its re-renders. */
function fieldsFixture(collect: Partial<CheckoutCollect>, lang: 'en' | 'fr' = 'en') {
  const container = document.createElement('form');
  document.body.append(container);
  const draw = (): void => {
    render(html`${fields.renderShipping()}${fields.renderBilling()}`, container);
  };
  const fields: CheckoutFields = new CheckoutFields({
    requestUpdate: draw,
    fieldMessages: checkoutMessages[lang],
    fieldLocale: lang,
    merchantLabel: 'Shop',
  });
  fields.reset('cs_test_1', {
    custom_fields: [], terms_of_service: false, promotions: false, phone: false, billing_address: false, shipping_countries: null,
    custom_text: { submit: null, after_submit: null, shipping_address: null, terms_of_service_acceptance: null },
    ...collect,
  });
  draw();
  const $ = <T extends Element = HTMLInputElement>(sel: string) => container.querySelector<T>(sel);
  const choose = (sel: string, value: string) => {
    const s = $<HTMLSelectElement>(sel)!;
    s.value = value;
    s.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const type = (sel: string, value: string) => {
    const i = $(sel)!;
    i.value = value;
    i.dispatchEvent(new Event('input', { bubbles: true }));
  };
  return { container, fields, $, choose, type, draw, done: () => container.remove() };
}

describe('the address form\'s state field', () => {
  it('is a select of US states (values the codes) labelled State, with the ZIP; the code reaches billing_details', () => {
    const f = fieldsFixture({ billing_address: true });
    try {
      expect(f.$('#billingAdministrativeArea')).to.equal(null);
      f.choose('#billingCountry', 'US');
      const state = f.$<HTMLSelectElement>('#billingAdministrativeArea')!;
      expect(state.tagName).to.equal('SELECT');
      expect(state.required).to.equal(true);
      expect(state.getAttribute('autocomplete')).to.equal('billing address-level1');
      expect(f.$('label[for="billingAdministrativeArea"]')!.textContent).to.equal('State');
      expect(f.$('label[for="billingPostalCode"]')!.textContent).to.equal('ZIP');
      expect(state.options.length).to.equal(63);
      expect(state.value).to.equal('');
      expect([...state.options].find((o) => o.value === 'CA')!.textContent).to.equal('California');

      f.type('#billingName', 'Ada Lovelace');
      f.type('#billingAddressLine1', '1 Main St');
      f.type('#billingLocality', 'San Francisco');
      f.type('#billingPostalCode', '94103');
      // required: Pay points at it, with the field's own name
      expect(f.fields.validate()).to.equal('billingAdministrativeArea');
      expect(f.$('#billingAdministrativeArea-error')!.textContent).to.equal('State is required.');
      expect(f.$('#billingAdministrativeArea')!.getAttribute('aria-invalid')).to.equal('true');
      f.choose('#billingAdministrativeArea', 'CA');
      expect(f.$('#billingAdministrativeArea')!.getAttribute('aria-invalid')).to.equal('false');
      expect(f.fields.validate()).to.equal(null);
      expect(f.fields.params()).to.deep.equal({
        'billing_details[name]': 'Ada Lovelace',
        'billing_details[address][line1]': '1 Main St',
        'billing_details[address][city]': 'San Francisco',
        'billing_details[address][state]': 'CA',
        'billing_details[address][postal_code]': '94103',
        'billing_details[address][country]': 'US',
      });
    } finally {
      f.done();
    }
  });

  it('switches to Canada\'s provinces (a US state is cleared) and to a text input elsewhere', () => {
    const f = fieldsFixture({ billing_address: true });
    try {
      f.choose('#billingCountry', 'US');
      f.choose('#billingAdministrativeArea', 'NY');
      f.choose('#billingCountry', 'CA');
      const province = f.$<HTMLSelectElement>('#billingAdministrativeArea')!;
      expect(province.tagName).to.equal('SELECT');
      expect(province.value).to.equal('');
      expect(f.fields.billing.state).to.equal('');
      expect(f.$('label[for="billingAdministrativeArea"]')!.textContent).to.equal('Province');
      expect(f.$('label[for="billingPostalCode"]')!.textContent).to.equal('Postal code');
      expect([...province.options].map((o) => o.value)).to.include.members(['QC', 'ON', 'BC', 'YT']);
      f.choose('#billingAdministrativeArea', 'QC');
      expect(f.fields.billing.state).to.equal('QC');
      // a country whose state is typed: a text input, empty (QC means nothing in Australia)
      f.choose('#billingCountry', 'AU');
      const typed = f.$('#billingAdministrativeArea')!;
      expect(typed.tagName).to.equal('INPUT');
      expect(typed.value).to.equal('');
      expect(f.$('label[for="billingAdministrativeArea"]')!.textContent).to.equal('State, province or region');
      f.type('#billingAdministrativeArea', 'NSW');
      // a country with no state at all: the field goes away, and the Australian state with it
      f.choose('#billingCountry', 'GB');
      expect(f.$('#billingAdministrativeArea')).to.equal(null);
      expect(f.fields.billing.state).to.equal('');
    } finally {
      f.done();
    }
  });

  it('a state given before the country (autofill) becomes the code it names in the chosen country', () => {
    const f = fieldsFixture({ billing_address: true });
    try {
      f.fields.billing.state = 'Québec';
      f.choose('#billingCountry', 'CA');
      expect(f.fields.billing.state).to.equal('QC');
      expect(f.$<HTMLSelectElement>('#billingAdministrativeArea')!.value).to.equal('QC');
      f.fields.billing = { ...f.fields.billing, country: '', state: 'Kent' };
      f.draw();
      f.choose('#billingCountry', 'US');
      expect(f.fields.billing.state).to.equal('');
      expect(f.$<HTMLSelectElement>('#billingAdministrativeArea')!.value).to.equal('');
    } finally {
      f.done();
    }
  });

  it('a value outside the list (set by a script) is refused before paying', () => {
    const f = fieldsFixture({ billing_address: true });
    try {
      f.choose('#billingCountry', 'US');
      f.type('#billingName', 'Ada');
      f.type('#billingAddressLine1', '1 Main St');
      f.type('#billingLocality', 'Springfield');
      f.type('#billingPostalCode', '62701');
      f.fields.billing.state = 'ZZ';
      expect(f.fields.validate()).to.equal('billingAdministrativeArea');
      expect(f.$('#billingAdministrativeArea-error')!.textContent).to.equal('Choose an option for State.');
    } finally {
      f.done();
    }
  });

  it('shipping to a single country (Canada): the province select is there from the start, in French', () => {
    const f = fieldsFixture({ shipping_countries: ['CA'] }, 'fr');
    try {
      const province = f.$<HTMLSelectElement>('#shippingAdministrativeArea')!;
      expect(province.tagName).to.equal('SELECT');
      expect(province.getAttribute('autocomplete')).to.equal('shipping address-level1');
      expect(f.$('label[for="shippingAdministrativeArea"]')!.textContent).to.equal('Province');
      const names = [...province.options].map((o) => o.textContent);
      expect(names[0]).to.equal('Choisir…');
      expect(names).to.include.members(['Québec', 'Colombie-Britannique', 'Nouvelle-Écosse', 'Terre-Neuve-et-Labrador']);
      f.choose('#shippingAdministrativeArea', 'QC');
      expect(f.fields.params()['shipping_details[address][state]']).to.equal('QC');
    } finally {
      f.done();
    }
  });

  it('a new session empties the select', () => {
    const f = fieldsFixture({ billing_address: true });
    try {
      f.choose('#billingCountry', 'US');
      f.choose('#billingAdministrativeArea', 'TX');
      f.fields.reset('cs_test_2', f.fields.collect!);
      f.fields.billing.country = 'US';
      f.draw();
      expect(f.$<HTMLSelectElement>('#billingAdministrativeArea')!.value).to.equal('');
    } finally {
      f.done();
    }
  });
});

function pageView(collect: Partial<CheckoutCollect>): CheckoutPage {
  return {
    id: 'cs_test_regions',
    status: 'open',
    payment_status: 'unpaid',
    mode: 'payment',
    ui_mode: 'hosted_page',
    currency: 'usd',
    amount_subtotal: 1500,
    amount_total: 1500,
    customer_email: null,
    email_locked: false,
    expires_at: 2_000_000_000,
    locale: null,
    submit_type: null,
    cancel_url: null,
    success_url: 'https://shop.example/ok',
    return_url: null,
    redirect_on_completion: null,
    line_items: [{ id: 'li_1', description: 'Poster', quantity: 1, unit_amount: 1500, amount_subtotal: 1500, amount_total: 1500, currency: 'usd' }],
    branding: { display_name: 'Posters & Co', icon_url: null, primary_color: null },
    collect: {
      custom_fields: [], terms_of_service: false, promotions: false, phone: false, billing_address: false, shipping_countries: null,
      custom_text: { submit: null, after_submit: null, shipping_address: null, terms_of_service_acceptance: null },
      ...collect,
    },
  } as CheckoutPage;
}

describe('<ck-checkout> with US and Canadian addresses', () => {
  for (const [lang, theme] of [['en', 'light'], ['fr', 'dark']] as const) {
    it(`renders the state and province selects labelled and axe clean (${lang}, ${theme})`, async () => {
      const el = await fixture<CkCheckout>(html`<ck-checkout inline lang=${lang} theme=${theme} .session=${pageView({ billing_address: true, shipping_countries: ['CA'] })}></ck-checkout>`);
      await el.updateComplete;
      const root = el.shadowRoot!;
      const billingCountry = root.querySelector<HTMLSelectElement>('#billingCountry')!;
      billingCountry.value = 'US';
      billingCountry.dispatchEvent(new Event('change', { bubbles: true }));
      await el.updateComplete;
      const state = root.querySelector<HTMLSelectElement>('#billingAdministrativeArea')!;
      const province = root.querySelector<HTMLSelectElement>('#shippingAdministrativeArea')!;
      expect(state.tagName).to.equal('SELECT');
      expect(province.tagName).to.equal('SELECT');
      expect(root.querySelector('label[for="billingAdministrativeArea"]')!.textContent).to.equal(lang === 'fr' ? 'État' : 'State');
      expect([...state.options].find((o) => o.value === 'NC')!.textContent).to.equal(lang === 'fr' ? 'Caroline du Nord' : 'North Carolina');
      // readable in either theme: the select's text differs from its background
      const cs = getComputedStyle(state);
      expect(cs.color).to.not.equal(cs.backgroundColor);
      // keyboard: focusable, and the arrow keys move through the list
      state.focus();
      expect(root.activeElement).to.equal(state);
      await expect(el).to.be.accessible();
    });
  }
});

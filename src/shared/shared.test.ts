import { expect, fixture, html } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { customElement } from 'lit/decorators.js';
import { CkElement } from './ck-element.js';
import { CkEvent, emit } from './events.js';
import { closestAttribute } from './ancestry.js';
import { resolveLocale } from './i18n.js';
import { readThemeTokens, resolveTheme, TOKENS } from './tokens.js';

@customElement('ck-test-probe')
class CkTestProbe extends CkElement {
  renders = 0;
  protected override render() {
    this.renders++;
    return litHtml`<span>${this.i18n.locale}|${this.i18n.language}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ck-test-probe': CkTestProbe;
  }
}

const tick = () => new Promise((r) => setTimeout(r));

/** `<div lang=...>` hosting a shadow root that holds `inner`. */
async function inShadow(outerAttrs: Record<string, string>, inner: HTMLElement) {
  const host = await fixture<HTMLDivElement>(html`<div></div>`);
  for (const [k, v] of Object.entries(outerAttrs)) host.setAttribute(k, v);
  host.attachShadow({ mode: 'open' }).append(inner);
  return host;
}

describe('shared/ancestry', () => {
  it('finds the closest attribute across nested shadow roots', async () => {
    const leaf = document.createElement('span');
    const middle = document.createElement('div');
    middle.attachShadow({ mode: 'open' }).append(leaf);
    await inShadow({ lang: 'fr', 'data-ck-theme': 'dark' }, middle);
    expect(closestAttribute(leaf, 'lang')).to.equal('fr');
    expect(closestAttribute(leaf, 'data-ck-theme')).to.equal('dark');
    expect(closestAttribute(leaf, 'nope')).to.equal(null);
  });
});

describe('shared/i18n', () => {
  it('resolves locale: explicit > closest lang > navigator.language', async () => {
    const el = document.createElement('span') as HTMLSpanElement & { locale?: string };
    await inShadow({ lang: 'fr-CA' }, el);
    expect(resolveLocale(el)).to.equal('fr-CA');
    el.locale = 'en-GB';
    expect(resolveLocale(el)).to.equal('en-GB');
    const loose = document.createElement('span');
    document.body.append(loose);
    const saved = document.documentElement.getAttribute('lang');
    document.documentElement.removeAttribute('lang');
    try {
      expect(resolveLocale(loose)).to.equal(Intl.getCanonicalLocales(navigator.language)[0]);
    } finally {
      if (saved != null) document.documentElement.setAttribute('lang', saved);
      loose.remove();
    }
  });

  it('treats an empty or malformed closest lang as unknown (HTML semantics): browser language', async () => {
    const el = document.createElement('span');
    const host = await inShadow({ lang: 'fr' }, el);
    const browser = Intl.getCanonicalLocales(navigator.language)[0];
    el.setAttribute('lang', '');
    expect(resolveLocale(el)).to.equal(browser);
    el.setAttribute('lang', '!!');
    expect(resolveLocale(el)).to.equal(browser);
    el.removeAttribute('lang');
    expect(resolveLocale(el)).to.equal('fr');
    host.remove();
  });

  it('LocaleController re-renders on ancestor lang changes, through shadow roots, and stops after disconnect', async () => {
    const probe = document.createElement('ck-test-probe');
    const host = await inShadow({ lang: 'en-US' }, probe);
    await probe.updateComplete;
    expect(probe.shadowRoot!.textContent).to.equal('en-US|en');
    host.setAttribute('lang', 'fr-BE');
    await tick();
    await probe.updateComplete;
    expect(probe.shadowRoot!.textContent).to.equal('fr-BE|fr');
    probe.remove();
    const renders = probe.renders;
    host.setAttribute('lang', 'en');
    await tick();
    expect(probe.renders).to.equal(renders);
  });

  it('the locale property wins and re-renders', async () => {
    const probe = await fixture<CkTestProbe>(html`<ck-test-probe lang="en"></ck-test-probe>`);
    probe.locale = 'fr-FR';
    await probe.updateComplete;
    expect(probe.shadowRoot!.textContent).to.equal('fr-FR|fr');
  });
});

describe('shared/tokens', () => {
  it('reads resolved default tokens for light and dark', async () => {
    const light = await fixture<CkTestProbe>(html`<ck-test-probe theme="light"></ck-test-probe>`);
    const t = readThemeTokens(light);
    expect(t.colorScheme).to.equal('light');
    expect(t.colorBackground).to.equal('rgb(255, 255, 255)');
    expect(t.colorPrimary).to.equal('rgb(79, 69, 214)');
    expect(t.borderRadius).to.equal('6px');
    expect(t.spacingUnit).to.equal('4px');
    expect(t.fontSizeBase).to.equal('16px');
    expect(t.fontFamily).to.contain('system-ui');
    const dark = await fixture<CkTestProbe>(html`<ck-test-probe theme="dark"></ck-test-probe>`);
    const d = readThemeTokens(dark);
    expect(d.colorScheme).to.equal('dark');
    expect(d.colorBackground).to.equal('rgb(21, 22, 28)');
    expect(dark.shadowRoot!.querySelectorAll('span')).to.have.length(1, 'the probe is removed');
  });

  it('reads page overrides of global tokens', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="--ck-color-primary: #ff0000; --ck-radius: 12px; --ck-font-family: Georgia">
        <ck-test-probe></ck-test-probe>
      </div>`,
    );
    const t = readThemeTokens(wrapper.querySelector('ck-test-probe')!);
    expect(t.colorPrimary).to.equal('rgb(255, 0, 0)');
    expect(t.borderRadius).to.equal('12px');
    expect(t.fontFamily).to.equal('Georgia');
  });

  it('resolves the theme from the element, then data-ck-theme ancestors, else auto', async () => {
    const el = document.createElement('ck-test-probe');
    const host = await inShadow({ 'data-ck-theme': 'dark' }, el);
    await el.updateComplete;
    expect(resolveTheme(el)).to.equal('dark');
    expect(el.matches(':state(dark)')).to.equal(true);
    host.setAttribute('data-ck-theme', 'light');
    await tick();
    expect(el.matches(':state(light)') && !el.matches(':state(dark)')).to.equal(true);
    el.theme = 'dark';
    await el.updateComplete;
    expect(el.matches(':state(dark)')).to.equal(true);
    host.removeAttribute('data-ck-theme');
    el.theme = undefined;
    el.removeAttribute('theme');
    await el.updateComplete;
    expect(resolveTheme(el)).to.equal('auto');
    expect(el.matches(':state(dark)') || el.matches(':state(light)')).to.equal(false);
  });

  it('every global token resolves into a private local on the host', async () => {
    const css = CkElement.styles.toString();
    for (const t of Object.values(TOKENS)) {
      const local = t.property.replace('--ck-', '--_ck-');
      expect(css, local).to.contain(`${local}:var(${t.property},`);
    }
    const el = await fixture<CkTestProbe>(html`<ck-test-probe></ck-test-probe>`);
    for (const t of Object.values(TOKENS)) {
      expect(getComputedStyle(el).getPropertyValue(t.property.replace('--ck-', '--_ck-')).trim(), t.property).to.not.equal('');
    }
  });
});

describe('shared/events', () => {
  it('CkEvent bubbles, is composed, carries a frozen detail and reports cancellation', async () => {
    const inner = document.createElement('span');
    const host = await inShadow({}, inner);
    let received: CkEvent<{ n: number }> | undefined;
    host.addEventListener('ck-test', (e) => {
      received = e as CkEvent<{ n: number }>;
      e.preventDefault();
    });
    const ok = emit(inner, new CkEvent('ck-test', { n: 1 }, { cancelable: true }));
    expect(ok).to.equal(false);
    expect(received!.detail.n).to.equal(1);
    expect(Object.isFrozen(received!.detail)).to.equal(true);
    expect(received!.composed && received!.bubbles).to.equal(true);
    expect(emit(inner, new CkEvent('ck-test', { n: 2 }))).to.equal(true, 'not cancelable by default');
  });
});

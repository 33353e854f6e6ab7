// Card brand marks drawn as small SVGs with text (no images, no inline styles).
import type { CardBrand } from '../shared/card-rules.ts';

const NS = 'http://www.w3.org/2000/svg';
const LABELS: Record<CardBrand, string> = {
  visa: 'VISA',
  mastercard: 'MC',
  amex: 'AMEX',
  discover: 'DISC',
  diners: 'DC',
  jcb: 'JCB',
  unionpay: 'UP',
  unknown: '',
};

export function brandIcon(brand: CardBrand): SVGSVGElement {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 32 20');
  svg.setAttribute('width', '32');
  svg.setAttribute('height', '20');
  svg.setAttribute('class', `Brand Brand--${brand}`);
  svg.setAttribute('data-brand', brand);
  svg.setAttribute('focusable', 'false');
  const rect = document.createElementNS(NS, 'rect');
  for (const [k, v] of Object.entries({ x: '0.5', y: '0.5', width: '31', height: '19', rx: '3' })) rect.setAttribute(k, v);
  svg.append(rect);
  if (brand === 'unknown') {
    const stripe = document.createElementNS(NS, 'rect');
    for (const [k, v] of Object.entries({ x: '0.5', y: '5', width: '31', height: '3', class: 'Brand-stripe' })) stripe.setAttribute(k, v);
    svg.append(stripe);
  } else {
    const text = document.createElementNS(NS, 'text');
    for (const [k, v] of Object.entries({ x: '16', y: '13.5', 'text-anchor': 'middle' })) text.setAttribute(k, v);
    text.textContent = LABELS[brand];
    svg.append(text);
  }
  return svg;
}

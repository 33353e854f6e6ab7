/**
 * Messages of `<ck-cart>`. Amounts arrive formatted; counts are pluralised here with the section's own locale.
 *
 * @module
 */
import { defineMessages, plural } from '../i18n.js';

type Name = { name: string };

export const cartMessages = defineMessages(
  {
    caption: 'Shopping cart',
    columnItem: 'Item',
    columnQuantity: 'Quantity',
    columnAmount: 'Amount',
    columnActions: 'Actions',
    untitledItem: 'Untitled item',
    unitPrice: ({ price }: { price: string }) => `${price} each`,
    quantityOf: ({ name }: Name) => `Quantity of ${name}`,
    increase: ({ name }: Name) => `Increase quantity of ${name}`,
    decrease: ({ name }: Name) => `Decrease quantity of ${name}`,
    remove: ({ name }: Name) => `Remove ${name}`,
    removeText: 'Remove',
    removed: ({ name }: Name) => `${name} removed from the cart.`,
    quantityChanged: ({ name, quantity }: Name & { quantity: number }) => `${name}: quantity ${quantity}.`,
    itemDiscount: ({ amount }: { amount: string }) => `Discount ${amount}`,
    subtotal: 'Subtotal',
    discount: 'Discounts',
    tax: 'Tax',
    taxIncluded: 'Tax (included)',
    total: 'Total',
    totalUpdated: ({ total }: { total: string }) => `Cart total: ${total}.`,
    itemCount: ({ count }: { count: number }) => plural('en', count, { one: '# item', other: '# items' }),
    compactSummary: ({ count, total }: { count: string; total: string }) => `${count}, total ${total}`,
    empty: 'Your cart is empty.',
    loading: 'Loading the cart…',
    errorInvalidJson: ({ reason }: { reason: string }) => `The cart’s items are not valid JSON (${reason}).`,
    errorNotList: 'The cart’s items must be a list of line items.',
    errorMixedCurrencies: ({ currencies }: { currencies: string }) =>
      `This cart mixes currencies (${currencies}), so it cannot show a total.`,
    errorMissingCurrency: ({ name }: Name) => `${name} has no currency.`,
    errorInvalidItem: ({ name }: Name) => `${name} has an invalid quantity or amount.`,
  },
  {
    caption: 'Panier',
    columnItem: 'Article',
    columnQuantity: 'Quantité',
    columnAmount: 'Montant',
    columnActions: 'Actions',
    untitledItem: 'Article sans nom',
    unitPrice: ({ price }) => `${price} l’unité`,
    quantityOf: ({ name }) => `Quantité pour ${name}`,
    increase: ({ name }) => `Augmenter la quantité pour ${name}`,
    decrease: ({ name }) => `Diminuer la quantité pour ${name}`,
    remove: ({ name }) => `Retirer ${name} du panier`,
    removeText: 'Retirer',
    removed: ({ name }) => `Article retiré du panier : ${name}.`,
    quantityChanged: ({ name, quantity }) => `${name} : quantité ${quantity}.`,
    itemDiscount: ({ amount }) => `Remise ${amount}`,
    subtotal: 'Sous-total',
    discount: 'Remises',
    tax: 'Taxes',
    taxIncluded: 'Taxes (incluses)',
    total: 'Total',
    totalUpdated: ({ total }) => `Total du panier : ${total}.`,
    itemCount: ({ count }) => plural('fr', count, { one: '# article', other: '# articles' }),
    compactSummary: ({ count, total }) => `${count}, total\u00a0: ${total}`,
    empty: 'Votre panier est vide.',
    loading: 'Chargement du panier…',
    errorInvalidJson: ({ reason }) => `Les articles du panier ne sont pas un JSON valide (${reason}).`,
    errorNotList: 'Les articles du panier doivent être une liste de lignes.',
    errorMixedCurrencies: ({ currencies }) =>
      `Ce panier mélange plusieurs devises (${currencies}) : impossible d’afficher un total.`,
    errorMissingCurrency: ({ name }) => `${name} n’a pas de devise.`,
    errorInvalidItem: ({ name }) => `${name} a une quantité ou un montant invalide.`,
  },
  ['columnActions', 'total'],
);

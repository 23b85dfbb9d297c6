// The cart: a plan (monthly, annual, 2-year) -> the order's details -> the order, processed by the web channel.
// The transaction id is made once, when the details are shown, and every click on Order sends that same id: the
// account dedupes purchases by transaction id (docs/rules.md, R14), so a double click or a retry bills once.

import { call, transactionId, seg } from './api.js';
import { when, planNames } from './format.js';

const $ = (id) => document.getElementById(id);

export function setUpCart({ credentials, onOrdered }) {
  let order = null;      // { plan, transactionId } while the details step is shown
  let sending = null;    // the request under way, so a second click waits for it instead of sending again

  const show = (step) => {
    $('cart-plan').hidden = step !== 'plan';
    $('cart-details').hidden = step !== 'details';
    $('order-done').hidden = step !== 'done';
  };

  const open = () => {
    order = null;
    $('order-problem').textContent = '';
    show('plan');
    $('cart').hidden = false;
    $('cart-title').focus();
  };

  const close = () => {
    order = null;
    $('cart').hidden = true;
    $('buy').focus();
  };

  $('cart-plan').addEventListener('submit', (event) => {
    event.preventDefault();
    const plan = new FormData(event.target).get('plan');
    const { accountId } = credentials();
    const view = credentials().view;
    order = { plan, transactionId: transactionId('web') };
    $('order-plan').textContent = planNames[plan];
    $('order-account').textContent = `${accountId} (${view.email})`;
    const expiresAt = new Date(view.subscription.expiresAt);
    $('order-start').textContent = expiresAt > new Date() ? `${when(view.subscription.expiresAt)}, when the current period ends` : 'now';
    $('order-id').textContent = order.transactionId;
    $('order-problem').textContent = '';
    show('details');
    $('order').focus();
  });

  $('cart-details').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!order || sending) return;
    const { accountId, apiKey } = credentials();
    const button = $('order');
    button.disabled = true;
    $('order-problem').textContent = '';
    sending = call(apiKey, 'POST', `/api/accounts/${seg(accountId)}/purchases`,
      { plan: order.plan, channel: 'web', transactionId: order.transactionId });
    try {
      const view = await sending;
      $('order-done').textContent = `Thank you: your ${planNames[order.plan].toLowerCase()} subscription runs until ${when(view.subscription.expiresAt)}.`;
      order = null;
      show('done');
      onOrdered(view);
    } catch (error) {
      // The same order (and id) stays: pressing Order again retries it, never a second purchase.
      $('order-problem').textContent = error.message;
    } finally {
      sending = null;
      button.disabled = false;
    }
  });

  $('cart-back').addEventListener('click', () => { order = null; show('plan'); });
  for (const button of document.querySelectorAll('.cart-cancel')) button.addEventListener('click', close);

  return { open, close };
}

// My Account (GET /): sign-in, the subscription as the seed's page shows it, the cart, auto-renew, computers,
// devices, licences and packs, and the live notifications of this browser as a `web` device.

import { call, transactionId, seg } from './api.js';
import { el, when, clock, planLabel, statusNames, channelNames } from './format.js';
import { load, save, forget } from './session.js';
import { setUpCart } from './cart.js';
import { startLive } from './live.js';

const $ = (id) => document.getElementById(id);
const signInKey = 'actorsubs.account';
const kindText = {
  'expiring-soon': 'Your subscription expires soon',
  'subscription-expired': 'Your subscription has expired',
  renewed: 'Your subscription was renewed',
  'renewal-failed': 'A renewal payment failed',
  'subscription-extended': 'Your subscription was extended',
  'hosts-added': 'More computers can be added',
};

let signedIn = null;   // { accountId, apiKey, view }
let live = null;
let thisDevice = null;
let countdown = 0;
let packOrder = null;  // the transaction id of the licence pack being bought, kept until it succeeds

const cart = setUpCart({
  credentials: () => signedIn,
  onOrdered: (view) => {
    show(view);
    hideExpiry();
    live?.resume();
  },
});

function show(view) {
  signedIn.view = view;
  const s = view.subscription;
  $('plan').textContent = planLabel(s);
  $('expires').textContent = `${s.status === 'expired' ? 'Expired on' : 'Expires on'} ${when(s.expiresAt)}`;
  $('status').textContent = statusNames[s.status] ?? s.status;
  $('status').className = `badge ${s.status}`;
  $('channel').textContent = s.tier === 'paid' ? `Bought through the ${channelNames[s.channel] ?? s.channel}` : '';
  // The seed's rule: the Buy button appears once the subscription is expiring or has expired.
  $('buy').hidden = s.status === 'active';
  const appStore = s.tier === 'paid' && s.channel === 'app-store';
  $('auto-renew-row').hidden = !s.autoRenewSupported || appStore;
  $('auto-renew').checked = s.autoRenew;
  $('app-store-note').hidden = !appStore;

  $('host-limit').textContent = `${view.hosts.length} of ${view.hostLimit} computers in use.`;
  list($('hosts'), view.hosts, (h) => el('li', {},
    el('span', {}, el('span', { className: `dot${h.online ? ' online' : ''}`, 'aria-hidden': 'true' }), h.name),
    el('span', { className: 'note' }, h.online ? 'online' : 'offline'),
    removeButton(`Remove ${h.name}`, `hosts/${seg(h.hostId)}`)), 'No computers yet.');
  list($('devices'), view.devices, (d) => el('li', {},
    el('span', {}, d.name, d.deviceId === thisDevice ? ' (this browser)' : ''),
    el('span', { className: 'note' }, `${d.platform}, added ${when(d.addedAt)}`),
    d.deviceId === thisDevice ? '' : removeButton(`Remove ${d.name}`, `devices/${seg(d.deviceId)}`)), 'No devices yet.');
  list($('licences'), view.licences, (l) => el('li', {},
    el('span', {}, l.key), el('span', { className: 'note' }, l.product === 'desktop-permanent' ? 'Desktop permanent' : 'Desktop Pro subscription')),
    'No licences registered.');
  $('packs').textContent = view.licencePacks === 1 ? '1 licence pack.' : `${view.licencePacks} licence packs.`;
}

/** A host or device is removed with DELETE; its token stops working and an open socket of it is closed (4003). */
function removeButton(label, path) {
  const button = el('button', { type: 'button', className: 'small', 'aria-label': label }, 'Remove');
  button.addEventListener('click', async () => {
    button.disabled = true;
    $('lists-problem').textContent = '';
    try {
      show(await call(signedIn.apiKey, 'DELETE', `/api/accounts/${seg(signedIn.accountId)}/${path}`));
    } catch (error) {
      $('lists-problem').textContent = error.message;
      button.disabled = false;
    }
  });
  return button;
}

function list(target, items, render, emptyText) {
  target.replaceChildren(...(items.length ? items.map(render) : [el('li', { className: 'empty' }, emptyText)]));
}

async function refresh() {
  try {
    show(await call(signedIn.apiKey, 'GET', `/api/accounts/${seg(signedIn.accountId)}`));
  } catch (error) {
    $('subscription-problem').textContent = error.message;
  }
}

/** The session limit after expiry: a countdown to sessionEndsAt and the buy prompt (docs/protocol.md). */
function showExpiry(sessionEndsAt, prompt) {
  $('expiry').hidden = false;
  $('expiry-message').textContent = prompt?.message ?? 'Buy a subscription to keep using the service.';
  $('countdown-line').hidden = false;
  $('cut-line').hidden = true;
  const end = new Date(sessionEndsAt).getTime();
  const tick = () => {
    const left = end - Date.now();
    $('countdown').textContent = clock(left);
    if (left <= 0) clearInterval(countdown);
  };
  clearInterval(countdown);
  tick();
  countdown = setInterval(tick, 1000);
}

function hideExpiry() {
  clearInterval(countdown);
  $('expiry').hidden = true;
}

function showCut() {
  clearInterval(countdown);
  $('expiry').hidden = false;
  $('countdown-line').hidden = true;
  $('cut-line').hidden = false;
  refresh();
}

function addNotification(frame) {
  const item = el('li', {}, el('span', {}, kindText[frame.kind] ?? frame.kind), el('span', { className: 'note' }, when(frame.at)));
  const target = $('notifications');
  target.querySelector('.empty')?.remove();
  target.prepend(item);
}

function startLiveUpdates() {
  live = startLive({
    accountId: signedIn.accountId,
    apiKey: signedIn.apiKey,
    onState: (text) => { $('live-state').textContent = text; },
    onWelcome: (frame, deviceId) => {
      thisDevice = deviceId;
      if (frame.sessionEndsAt) showExpiry(frame.sessionEndsAt, frame.prompt);
      else hideExpiry();
      refresh();
    },
    onNotification: (frame) => {
      addNotification(frame);
      if (frame.kind === 'subscription-expired' && frame.data.sessionEndsAt) showExpiry(frame.data.sessionEndsAt, frame.data.prompt);
      if (frame.kind === 'renewed' || frame.kind === 'subscription-extended') hideExpiry();
      refresh();
    },
    onCut: showCut,
  });
}

async function signIn(accountId, apiKey) {
  const view = await call(apiKey, 'GET', `/api/accounts/${seg(accountId)}`);
  signedIn = { accountId, apiKey, view };
  save(signInKey, { accountId, apiKey });
  $('sign-in').hidden = true;
  $('account').hidden = false;
  $('sign-out').hidden = false;
  $('who').textContent = accountId;
  $('notifications').replaceChildren(el('li', { className: 'empty' }, 'Nothing new.'));
  show(view);
  startLiveUpdates();
}

function signOut() {
  live?.stop();
  live = null;
  hideExpiry();
  cart.close();
  signedIn = null;
  forget(signInKey);
  $('account').hidden = true;
  $('sign-out').hidden = true;
  $('who').textContent = '';
  $('sign-in').hidden = false;
  $('api-key').value = '';
  $('account-id').focus();
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const accountId = $('account-id').value.trim();
  const apiKey = $('api-key').value.trim();
  $('sign-in-problem').textContent = '';
  if (!accountId || !apiKey) {
    $('sign-in-problem').textContent = 'Enter the account id and the API key you were given at sign-up.';
    return;
  }
  try {
    await signIn(accountId, apiKey);
  } catch (error) {
    $('sign-in-problem').textContent = error.message;
  }
});

$('sign-out').addEventListener('click', signOut);
$('buy').addEventListener('click', cart.open);
$('prompt-buy').addEventListener('click', cart.open);

$('auto-renew').addEventListener('change', async (event) => {
  const box = event.target;
  box.disabled = true;
  $('subscription-problem').textContent = '';
  try {
    show(await call(signedIn.apiKey, 'PUT', `/api/accounts/${seg(signedIn.accountId)}/auto-renew`, { enabled: box.checked }));
  } catch (error) {
    box.checked = !box.checked;
    $('subscription-problem').textContent = error.message;
  } finally {
    box.disabled = false;
  }
});

$('licence-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('licence-problem').textContent = '';
  try {
    show(await call(signedIn.apiKey, 'POST', `/api/accounts/${seg(signedIn.accountId)}/licences`,
      { key: $('licence-key').value.trim(), product: $('licence-product').value }));
    $('licence-key').value = '';
  } catch (error) {
    $('licence-problem').textContent = error.message;
  }
});

$('buy-pack').addEventListener('click', async (event) => {
  const button = event.target;
  if (button.disabled) return;
  button.disabled = true;
  $('pack-problem').textContent = '';
  packOrder ??= transactionId('pack');
  try {
    show(await call(signedIn.apiKey, 'POST', `/api/accounts/${seg(signedIn.accountId)}/licence-packs`, { transactionId: packOrder }));
    packOrder = null;
  } catch (error) {
    $('pack-problem').textContent = error.message;   // the same id is retried by the next click
  } finally {
    button.disabled = false;
  }
});

// A reload of the tab keeps the sign-in (sessionStorage); a refused key sends the user back to the form.
const kept = load(signInKey);
if (kept) {
  signIn(kept.accountId, kept.apiKey).catch((error) => {
    forget(signInKey);
    $('account-id').value = kept.accountId;
    $('sign-in-problem').textContent = error.message;
  });
}

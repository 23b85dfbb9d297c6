// The operator dashboard (GET /admin): the cluster (GET /api/admin/cluster), this node's wake-up backlog and lateness
// (GET /api/admin/wakeups), parked store notifications, and an account search with the support adjustment of its expiry.
// It polls every few seconds, one round at a time (a slow node is never asked twice at once), and not at all while
// the tab is hidden, so an open dashboard costs the node next to nothing.

import { call, seg } from './api.js';
import { el, when, span, planLabel, statusNames } from './format.js';
import { load, save, forget } from './session.js';

const $ = (id) => document.getElementById(id);
const keyName = 'actorsubs.operator';
const everyMs = 5000;

let operatorKey = null;
let timer = 0;
let openAccount = null;

function cell(text, className = '') {
  return el('td', className ? { className } : {}, text ?? '—');
}

/** "akka.tcp://actorsubs@10.0.0.5:4053" -> "10.0.0.5:4053": the system name is the same for every member. */
function short(address) {
  return address ? address.replace(/^akka\.tcp:\/\/[^@]+@/, '') : address;
}

function addressCell(address) {
  const td = cell(short(address), 'addr');
  td.title = address;
  return td;
}

function showCluster(cluster) {
  const now = Date.now();
  $('cluster-summary').textContent = `Seen from ${short(cluster.self)}. Leader: ${short(cluster.leader) ?? 'none'}. `
    + (cluster.unreachable.length ? `Unreachable: ${cluster.unreachable.map(short).join(', ')}.` : 'No member is unreachable.');
  $('members').replaceChildren(...cluster.members.map((m) => el('tr', {},
    addressCell(m.address), cell(m.status), cell(m.roles.length ? m.roles.join(', ') : 'none'),
    cell(m.upSince ? span(now - new Date(m.upSince).getTime()) : 'not up'))));
  $('nodes').replaceChildren(...cluster.nodes.map((n) => el('tr', {},
    addressCell(n.address), cell(n.shards, 'num'), cell(n.liveAccounts, 'num'), cell(n.deviceSessions, 'num'), cell(n.hostSessions, 'num'))));
}

async function showWakeups() {
  const figures = await call(operatorKey, 'GET', '/api/admin/wakeups');
  $('wakeup-backlog').textContent = figures.backlog;
  $('wakeup-pending').textContent = figures.pending;
  $('wakeup-spans').textContent = figures.overdueSpans;
  $('wakeup-lateness').textContent = figures.meanLatenessSeconds === null ? 'none yet' : `${figures.meanLatenessSeconds.toFixed(2)} s`;
}

async function showParked() {
  try {
    const parked = await call(operatorKey, 'GET', '/api/admin/stores/parked');
    $('parked-total').textContent = parked.total === 0 ? 'None: every store notification was applied.' : `${parked.total} parked.`;
    $('parked-table').hidden = parked.notifications.length === 0;
    $('parked').replaceChildren(...parked.notifications.map((n) => el('tr', {},
      cell(n.store), cell(n.notificationId, 'addr'), cell(when(n.receivedAt)), cell(n.reason), cell(n.reference, 'addr'))));
  } catch (error) {
    // A node without the store routes answers 404 not-found: say so rather than show an error.
    if (error.status !== 404) throw error;
    $('parked-total').textContent = 'Not available on this node.';
    $('parked-table').hidden = true;
  }
}

async function poll() {
  clearTimeout(timer);
  if (!operatorKey) return;
  if (!document.hidden) {
    try {
      const [cluster] = await Promise.all([call(operatorKey, 'GET', '/api/admin/cluster'), showWakeups(), showParked()]);
      showCluster(cluster);
      $('poll-problem').textContent = '';
      $('updated').textContent = `Updated ${new Date().toLocaleTimeString()}; refreshed every ${everyMs / 1000} s.`;
    } catch (error) {
      $('poll-problem').textContent = error.message;
    }
  }
  if (operatorKey) timer = setTimeout(poll, everyMs);
}

document.addEventListener('visibilitychange', () => { if (!document.hidden && operatorKey) poll(); });

async function signIn(key) {
  await call(key, 'GET', '/api/admin/cluster');   // an account key gets 403 forbidden, shown as its detail
  operatorKey = key;
  save(keyName, key);
  $('sign-in').hidden = true;
  $('dashboard').hidden = false;
  $('sign-out').hidden = false;
  poll();
}

function signOut() {
  operatorKey = null;
  clearTimeout(timer);
  forget(keyName);
  $('dashboard').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in').hidden = false;
  $('operator-key').value = '';
  $('operator-key').focus();
}

async function openAccountView(accountId) {
  const [view, outbox] = await Promise.all([
    call(operatorKey, 'GET', `/api/accounts/${seg(accountId)}`),
    call(operatorKey, 'GET', `/api/accounts/${seg(accountId)}/notifications`),
  ]);
  openAccount = accountId;
  const s = view.subscription;
  $('found').hidden = false;
  $('found-title').textContent = view.accountId;
  $('found-email').textContent = view.email;
  $('found-plan').textContent = s.tier === 'paid' ? `${planLabel(s)} (${s.channel}, auto-renew ${s.autoRenew ? 'on' : 'off'})` : planLabel(s);
  $('found-status').textContent = statusNames[s.status] ?? s.status;
  $('found-expires').textContent = `${when(s.expiresAt)} (${s.expiresAt})`;
  $('found-hosts').textContent = `${view.hosts.length} of ${view.hostLimit}` + (view.hosts.length ? `: ${view.hosts.map((h) => `${h.name}${h.online ? ' (online)' : ''}`).join(', ')}` : '');
  $('found-devices').textContent = view.devices.length ? view.devices.map((d) => `${d.name} (${d.platform})`).join(', ') : 'none';
  $('adjust-expires').value = s.expiresAt.slice(0, 19);
  $('found-dropped').textContent = outbox.droppedNotifications ? `${outbox.droppedNotifications} dropped from a full outbox.` : '';
  $('found-notifications').replaceChildren(...(outbox.notifications.length
    ? outbox.notifications.map((n) => el('tr', {}, cell(n.kind), cell(when(n.at)), cell(n.pendingFor.join(', '))))
    : [el('tr', {}, el('td', { colSpan: 3, className: 'empty' }, 'None waiting.'))]));
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = $('operator-key').value.trim();
  $('sign-in-problem').textContent = '';
  if (!key) {
    $('sign-in-problem').textContent = 'Enter the operator key.';
    return;
  }
  try {
    await signIn(key);
  } catch (error) {
    $('sign-in-problem').textContent = error.message;
  }
});

$('sign-out').addEventListener('click', signOut);

$('search-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('search-problem').textContent = '';
  $('adjust-problem').textContent = '';
  $('adjust-done').textContent = '';
  const accountId = $('search-id').value.trim();
  if (!accountId) {
    $('search-problem').textContent = 'Enter an account id.';
    return;
  }
  try {
    await openAccountView(accountId);
  } catch (error) {
    $('found').hidden = true;
    $('search-problem').textContent = error.message;
  }
});

$('adjust-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('adjust-problem').textContent = '';
  $('adjust-done').textContent = '';
  // datetime-local has no zone; the route reads a time without an offset as UTC, which is what the label says.
  const body = { expiresAt: $('adjust-expires').value };
  if ($('adjust-tier').value) body.tier = $('adjust-tier').value;
  if ($('adjust-plan').value) body.plan = $('adjust-plan').value;
  try {
    await call(operatorKey, 'PUT', `/api/admin/accounts/${seg(openAccount)}/subscription`, body);
    await openAccountView(openAccount);
    $('adjust-done').textContent = 'Saved.';
  } catch (error) {
    $('adjust-problem').textContent = error.message;
  }
});

const kept = load(keyName);
if (kept) {
  signIn(kept).catch((error) => {
    forget(keyName);
    $('sign-in-problem').textContent = error.message;
  });
}

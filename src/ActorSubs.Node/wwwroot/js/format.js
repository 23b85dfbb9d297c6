// Dates and durations as people read them. Times are shown in the browser's zone, with the zone named.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function when(iso) {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** m:ss for a countdown; 0:00 once the instant has passed. */
export function clock(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "3 d 4 h", "5 min", "12 s": an age or a span, to the two largest units. */
export function span(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24, m = Math.floor(s / 60) % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}

export const planNames = { monthly: 'Monthly', annual: 'Annual', biennial: '2-year' };
export const channelNames = { 'app-store': 'App Store', 'google-play': 'Google Play', web: 'web store' };
export const statusNames = { active: 'Active', expiring: 'Expiring', grace: 'In billing grace', expired: 'Expired' };

/** The seed page's wording: "Trial mode" for a trial, otherwise the tier or the paid plan. */
export function planLabel(subscription) {
  if (subscription.tier === 'trial') return 'Trial mode';
  if (subscription.tier === 'free') return 'Free subscription';
  return `${planNames[subscription.plan] ?? subscription.plan} subscription`;
}

/** Builds an element: el('li', { className: 'x' }, 'text', child). Text is always set as text, never as HTML. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role' || key === 'for') node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) node.append(child instanceof Node ? child : String(child));
  return node;
}

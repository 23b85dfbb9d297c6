// What the pages keep between reloads of one tab: sessionStorage only, so closing the tab forgets the keys.

export function load(name) {
  try { return JSON.parse(sessionStorage.getItem(name) ?? 'null'); } catch { return null; }
}

export function save(name, value) {
  sessionStorage.setItem(name, JSON.stringify(value));
}

export function forget(...names) {
  for (const name of names) sessionStorage.removeItem(name);
}

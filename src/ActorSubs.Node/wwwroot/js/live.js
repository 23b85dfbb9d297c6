// Live notifications: this browser is one `web` device of the account (docs/protocol.md). It registers once per tab
// (id and token kept in sessionStorage), connects to /ws/device with ?access_token= (a browser cannot set headers on
// a WebSocket), acknowledges every notification it shows, and follows the session limit after an expiry: the
// countdown to sessionEndsAt, then the cut (close 4001), after which it waits for a purchase instead of
// reconnecting in a loop (the protocol's advice).

import { call, seg } from './api.js';
import { load, save, forget } from './session.js';

const deviceKey = 'actorsubs.device';
const cutCode = 4001;

export function startLive({ accountId, apiKey, onWelcome, onNotification, onCut, onState }) {
  let socket = null;
  let stopped = false;
  let waitingForPurchase = false;
  let retry = 0;
  let timer = 0;
  const seen = new Set();   // notification ids shown in this tab: a notification comes again until acknowledged

  async function device() {
    const kept = load(deviceKey);
    if (kept?.accountId === accountId) return kept;
    const deviceId = `web-${crypto.randomUUID().slice(0, 18)}`;
    const name = `Browser (${navigator.platform || 'web'})`.slice(0, 100);
    const registered = await call(apiKey, 'POST', `/api/accounts/${seg(accountId)}/devices`, { deviceId, platform: 'web', name });
    const value = { accountId, deviceId: registered.deviceId, token: registered.token };
    save(deviceKey, value);
    return value;
  }

  /** A socket refused before `welcome` may mean the device was removed: register again if the account no longer lists it. */
  async function stillRegistered(deviceId) {
    try {
      const view = await call(apiKey, 'GET', `/api/accounts/${seg(accountId)}`);
      return view.devices.some((d) => d.deviceId === deviceId);
    } catch {
      return true;   // cannot tell: keep the device and retry later
    }
  }

  async function connect() {
    if (stopped || waitingForPurchase) return;
    let mine;
    try {
      mine = await device();
    } catch (error) {
      onState(`Live updates are off: ${error.message}`);
      return schedule();
    }
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${scheme}//${location.host}/ws/device?access_token=${encodeURIComponent(mine.token)}`);
    socket = ws;
    let welcomed = false;
    ws.onmessage = (event) => {
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      if (frame.type === 'welcome') {
        welcomed = true;
        retry = 0;
        onState('Live updates are on: this browser is one of your devices.');
        onWelcome(frame, mine.deviceId);
      } else if (frame.type === 'notification') {
        if (!seen.has(frame.id)) {
          seen.add(frame.id);
          onNotification(frame);
        }
        ws.send(JSON.stringify({ type: 'ack', id: frame.id }));
      }
    };
    ws.onclose = async (event) => {
      if (socket === ws) socket = null;
      if (stopped) return;
      if (event.code === cutCode) {
        waitingForPurchase = true;
        onState('Live updates stopped: the subscription has expired.');
        onCut();
        return;
      }
      if (!welcomed && !(await stillRegistered(mine.deviceId))) save(deviceKey, null);
      onState('Live updates are reconnecting…');
      schedule();
    };
  }

  function schedule() {
    clearTimeout(timer);
    // 1, 2, 4 … 30 s, with a little jitter so many tabs do not come back together.
    const delay = Math.min(30000, 1000 * 2 ** retry++) + Math.random() * 250;
    timer = setTimeout(connect, delay);
  }

  connect();
  return {
    /** After a purchase: a cut session may connect again. */
    resume() {
      if (!waitingForPurchase) return;
      waitingForPurchase = false;
      retry = 0;
      connect();
    },
    /**
     * On sign-out: this tab's device is removed from the account, so it does not keep notifications waiting for a
     * browser that will never acknowledge them (a tab closed without signing out leaves its device behind).
     */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      socket?.close(1000);
      const mine = load(deviceKey);
      forget(deviceKey);
      if (mine?.accountId !== accountId) return;
      try {
        await call(apiKey, 'DELETE', `/api/accounts/${seg(accountId)}/devices/${seg(mine.deviceId)}`);
      } catch {
        // Already removed, or the node is unreachable: the device stays listed and can be removed later.
      }
    },
  };
}

// Counts what a page holds live: timers, window/document listeners, BroadcastChannels and Web
// Locks. Loaded before anything else (an init script / first classic script), so every
// acquisition and its release pass through it. Used by the leak test and the leak benchmark.
(() => {
  const live = { timers: new Set(), listeners: new Map(), channels: new Set(), locks: 0 };
  const st = window.setTimeout, ct = window.clearTimeout;
  window.setTimeout = function (fn, ms, ...a) {
    const id = st.call(window, (...b) => { live.timers.delete(id); typeof fn === 'function' && fn(...b); }, ms, ...a);
    live.timers.add(id);
    return id;
  };
  window.clearTimeout = function (id) { live.timers.delete(id); return ct.call(window, id); };
  const si = window.setInterval, ci = window.clearInterval;
  window.setInterval = function (fn, ms, ...a) {
    const id = si.call(window, fn, ms, ...a);
    live.timers.add(id);
    return id;
  };
  window.clearInterval = function (id) { live.timers.delete(id); return ci.call(window, id); };
  for (const target of [window, document]) {
    const add = target.addEventListener, remove = target.removeEventListener;
    const key = (type, fn, opts) => `${target === window ? 'w' : 'd'}:${type}:${typeof opts === 'boolean' ? opts : !!opts?.capture}`;
    target.addEventListener = function (type, fn, opts) {
      const k = key(type, fn, opts);
      const set = live.listeners.get(k) ?? new Set();
      set.add(fn);
      live.listeners.set(k, set);
      return add.call(this, type, fn, opts);
    };
    target.removeEventListener = function (type, fn, opts) {
      live.listeners.get(key(type, fn, opts))?.delete(fn);
      return remove.call(this, type, fn, opts);
    };
  }
  const BC = window.BroadcastChannel;
  window.BroadcastChannel = class extends BC {
    constructor(name) { super(name); live.channels.add(this); }
    close() { live.channels.delete(this); return super.close(); }
  };
  const locks = navigator.locks;
  if (locks) {
    const request = locks.request.bind(locks);
    locks.request = (name, opts, fn) => {
      if (typeof opts === 'function') [fn, opts] = [opts, {}];
      live.locks++;
      return request(name, opts, fn).finally(() => live.locks--);
    };
  }
  window.__live = () => ({
    timers: live.timers.size,
    listeners: [...live.listeners.values()].reduce((n, s) => n + s.size, 0),
    channels: live.channels.size,
    locks: live.locks,
  });
})();

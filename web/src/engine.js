// The page's link to the kzrules engine (WebAssembly, built by emscripten into
// kzrules-engine.js and inlined into the page as <script id="kz-engine">).
//
// The engine runs in Web Workers made from that script's own text, so that a flip or a
// sweep that takes seconds leaves the page responsive and can be stopped (the worker is
// ended and a new one made). Two lanes: "live" for what follows the student's typing and
// clicking (diagnose, check, explain), "analysis" for the long searches. A live request
// made pointless by a newer one ends its worker too when it runs long, and an engine that
// aborted is replaced. Where a worker cannot be made, both lanes share one engine on the
// page's own thread.

// Runs inside the worker, after the engine script: the first message brings the wasm
// (or nothing: the script's own), then it serves one request at a time.
// Stringified into the worker's source, so it must use nothing from this module.
function workerMain() {
  let call = null;
  onmessage = (event) => {
    const data = event.data;
    if (data.init) {
      createKzrulesEngine(data.wasm ? { wasmBinary: data.wasm } : {})
        .then((engine) => { call = engine.cwrap('kzrules_call', 'string', ['string']); postMessage({ ready: true }); })
        .catch((error) => postMessage({ failed: String(error) }));
      return;
    }
    const started = performance.now();
    let text;
    let dead = false;
    try {
      text = call(data.request);
    } catch (error) {
      // The engine answers every request itself (requests.hpp): what gets out of the call
      // is an abort of the WebAssembly instance, which leaves it unusable.
      dead = true;
      text = JSON.stringify({ ok: false, diagnostics: [{ severity: 'error', code: 'E0602', message: 'the engine stopped (an internal error): ' + error, notes: [] }] });
    }
    postMessage({ id: data.id, text, ms: performance.now() - started, dead });
  };
}

const WORKER_START_TIMEOUT_MS = 20000;
// A request made pointless while it runs is left to finish when it is about to (a check
// takes well under this); past it, the worker is ended and a new one made, so that a
// runaway check does not hold back the request that replaced it.
const SUPERSEDED_GRACE_MS = 1000;

const unreadable = { ok: false, diagnostics: [{ severity: 'error', code: 'E0602', message: 'unreadable engine response', notes: [] }] };

function parseResponse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return unreadable;
  }
}

// Resolves a job once: a job answered early (superseded, stopped) ignores its late answer.
function settle(job, outcome) {
  if (job.settled) return;
  job.settled = true;
  job.resolve(outcome);
}

// A lane: one engine, one request at a time, in order. A request names the keys of the
// requests it makes pointless (`replaces`, by default its own `key`): those still queued
// resolve as {superseded: true} at once, and so does the one in flight, whose worker is
// ended if it runs on past the grace period. An engine that died (an abort in the call,
// an error in the worker) is ended, and the next request starts a new one.
export class Lane {
  // start: () => Promise<backend>, backend: {send(text) -> Promise<{text, ms}>, stop() | null, dead}
  constructor(start, { graceMs = SUPERSEDED_GRACE_MS } = {}) {
    this.start = start;
    this.graceMs = graceMs;
    this.queue = [];
    this.inFlight = null;
    this.backend = null;
  }

  call(request, { key = null, replaces = key ? [key] : [] } = {}) {
    return new Promise((resolve) => {
      this.supersede(replaces);
      this.queue.push({ request, key, resolve });
      this.pump();
    });
  }

  get idle() {
    return !this.inFlight && !this.queue.length;
  }

  supersede(keys) {
    if (!keys.length) return;
    const replaced = this.queue.filter((job) => keys.includes(job.key));
    this.queue = this.queue.filter((job) => !keys.includes(job.key));
    for (const job of replaced) settle(job, { superseded: true });
    const running = this.inFlight;
    if (running && keys.includes(running.key) && !running.settled) {
      settle(running, { superseded: true });
      // Not sent yet (its engine is starting): pump drops it once the engine is there.
      if (running.sentAt === undefined) return;
      const left = this.graceMs - (performance.now() - running.sentAt);
      setTimeout(() => { if (this.inFlight === running) this.restart(); }, Math.max(0, left));
    }
  }

  async pump() {
    if (this.inFlight || !this.queue.length) return;
    const job = (this.inFlight = this.queue.shift());
    try {
      const backend = await this.ready();
      if (job.settled) return;  // superseded or stopped while the engine started
      job.sentAt = performance.now();
      const { text, ms } = await backend.send(JSON.stringify(job.request));
      if (backend.dead) this.discard(backend);
      settle(job, { response: parseResponse(text), engineMs: ms, roundMs: performance.now() - job.sentAt });
    } catch (error) {
      settle(job, { stopped: true, error: String((error && error.message) || error) });
    } finally {
      this.inFlight = null;
      this.pump();
    }
  }

  async ready() {
    if (this.backend && this.backend.dead) this.discard(this.backend);
    if (!this.backend) this.backend = await this.start();
    return this.backend;
  }

  discard(backend) {
    if (this.backend === backend) this.backend = null;
    if (backend.stop) backend.stop();
  }

  // Ends the worker (the request in flight fails, and is answered already or as stopped);
  // the next request starts a new one. An engine on the page's thread cannot be ended.
  restart() {
    if (this.backend && this.backend.stop) this.discard(this.backend);
  }

  // Ends the request in flight and everything queued.
  stop() {
    for (const job of this.queue.splice(0)) settle(job, { stopped: true });
    if (this.inFlight) settle(this.inFlight, { stopped: true });
    this.restart();
  }
}

function workerBackend(engineSource, wasm) {
  const source = engineSource + '\n;(' + workerMain.toString() + ')();\n';
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  return () => new Promise((resolve, reject) => {
    const worker = new Worker(url);
    worker.postMessage({ init: true, wasm: wasm ? wasm.slice() : null });
    const pending = new Map();
    let nextId = 1;
    let dead = false;
    let failStart = reject;
    const timer = setTimeout(() => { worker.terminate(); failStart(new Error('the engine worker did not start')); }, WORKER_START_TIMEOUT_MS);
    const failAll = (error) => {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    };
    worker.onerror = (event) => {
      clearTimeout(timer);
      event.preventDefault();
      dead = true;  // what threw may have been the engine itself
      const error = new Error(event.message || 'engine worker error');
      failStart(error);
      failAll(error);
    };
    worker.onmessage = (event) => {
      const data = event.data;
      if (data.ready) {
        clearTimeout(timer);
        failStart = () => {};
        resolve({
          send: (request) => new Promise((res, rej) => {
            const id = nextId++;
            pending.set(id, { resolve: res, reject: rej });
            worker.postMessage({ id, request });
          }),
          stop: () => { dead = true; worker.terminate(); failAll(new Error('stopped')); },
          get dead() { return dead; },
        });
      } else if (data.failed) {
        clearTimeout(timer);
        failStart(new Error(data.failed));
      } else if (pending.has(data.id)) {
        if (data.dead) dead = true;
        pending.get(data.id).resolve({ text: data.text, ms: data.ms });
        pending.delete(data.id);
      }
    };
  });
}

// The same engine on the page's thread: for browsers that refuse a worker from a blob.
// Each start makes a new instance (the lane starts one again only after an abort).
function inlineBackend(wasm) {
  return async () => {
    const engine = await globalThis.createKzrulesEngine(wasm ? { wasmBinary: wasm } : {});
    const call = engine.cwrap('kzrules_call', 'string', ['string']);
    let dead = false;
    return {
      send: async (request) => {
        const started = performance.now();
        let text;
        try {
          text = call(request);
        } catch (error) {
          dead = true;  // an abort: this instance is done
          text = JSON.stringify({ ok: false, diagnostics: [{ severity: 'error', code: 'E0602', message: 'the engine stopped (an internal error): ' + error, notes: [] }] });
        }
        return { text, ms: performance.now() - started };
      },
      stop: null,  // a call on this thread cannot be interrupted; it ends on its own
      get dead() { return dead; },
    };
  };
}

export class Engine {
  // engineSource: the text of kzrules-engine.js (the inlined <script>'s own text);
  // wasm: its WebAssembly module's bytes when the page keeps them apart, or null.
  static async create(engineSource, wasm = null) {
    const engine = new Engine();
    if (typeof Worker !== 'undefined' && engineSource) {
      const start = workerBackend(engineSource, wasm);
      try {
        const first = await start();
        engine.mode = 'worker';
        engine.live = new Lane(start);
        engine.live.backend = first;
        engine.analysis = new Lane(start);
        return engine;
      } catch (error) {
        console.warn('kzrules: no engine worker (' + error.message + '); running the engine on the page');
      }
    }
    const start = inlineBackend(wasm);
    engine.mode = 'inline';
    engine.live = new Lane(start);
    engine.analysis = engine.live;
    return engine;
  }

  // -> {response, engineMs, roundMs} | {superseded: true} | {stopped: true}
  call(request, { lane = 'live', key = null, replaces } = {}) {
    return (lane === 'analysis' ? this.analysis : this.live).call(request, { key, replaces });
  }

  stopAnalysis() {
    if (this.analysis !== this.live) this.analysis.stop();
  }
}

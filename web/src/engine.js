// The page's link to the kzrules engine (WebAssembly, built by emscripten into
// kzrules-engine.js and inlined into the page as <script id="kz-engine">).
//
// The engine runs in Web Workers made from that script's own text, so that a flip or a
// sweep that takes seconds leaves the page responsive and can be stopped (the worker is
// ended and a new one made). Two lanes: "live" for what follows the student's typing and
// clicking (diagnose, check, explain), "analysis" for the long searches. Where a worker
// cannot be made, both lanes share one engine on the page's own thread.

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
    try {
      text = call(data.request);
    } catch (error) {
      text = JSON.stringify({ ok: false, diagnostics: [{ severity: 'error', code: 'E0602', message: 'the engine stopped (an internal error): ' + error, notes: [] }] });
    }
    postMessage({ id: data.id, text, ms: performance.now() - started });
  };
}

const WORKER_START_TIMEOUT_MS = 20000;

// A lane: one engine, one request at a time, in order. A request with a `key` replaces a
// queued, not yet sent request with the same key (a keystroke makes the diagnose of the
// previous keystroke pointless); the replaced one resolves as {superseded: true}.
class Lane {
  constructor(start) {
    this.start = start;  // () => Promise<{send(request) -> Promise<{text, ms}>, stop()}>
    this.queue = [];
    this.busy = false;
    this.backend = null;
  }

  call(request, key = null) {
    return new Promise((resolve) => {
      if (key) {
        const i = this.queue.findIndex((q) => q.key === key);
        if (i >= 0) this.queue.splice(i, 1)[0].resolve({ superseded: true });
      }
      this.queue.push({ request, key, resolve });
      this.pump();
    });
  }

  async pump() {
    if (this.busy || !this.queue.length) return;
    this.busy = true;
    const job = this.queue.shift();
    try {
      if (!this.backend) this.backend = await this.start();
      const text = JSON.stringify(job.request);
      const roundStart = performance.now();
      const { text: answer, ms } = await this.backend.send(text);
      const roundMs = performance.now() - roundStart;
      let response;
      try {
        response = JSON.parse(answer);
      } catch {
        response = { ok: false, diagnostics: [{ severity: 'error', code: 'E0602', message: 'unreadable engine response', notes: [] }] };
      }
      job.resolve({ response, engineMs: ms, roundMs });
    } catch (error) {
      job.resolve({ stopped: true, error: String(error && error.message || error) });
    } finally {
      this.busy = false;
      this.pump();
    }
  }

  // Ends the request in flight (and everything queued): the worker is ended and the next
  // request starts a new one.
  stop() {
    for (const job of this.queue.splice(0)) job.resolve({ stopped: true });
    if (this.backend && this.backend.stop) this.backend.stop();
    this.backend = null;
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
    let failStart = reject;
    const timer = setTimeout(() => { worker.terminate(); failStart(new Error('the engine worker did not start')); }, WORKER_START_TIMEOUT_MS);
    const failAll = (error) => {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    };
    worker.onerror = (event) => {
      clearTimeout(timer);
      event.preventDefault();
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
          stop: () => { worker.terminate(); failAll(new Error('stopped')); },
        });
      } else if (data.failed) {
        clearTimeout(timer);
        failStart(new Error(data.failed));
      } else if (pending.has(data.id)) {
        pending.get(data.id).resolve({ text: data.text, ms: data.ms });
        pending.delete(data.id);
      }
    };
  });
}

// The same engine on the page's thread: for browsers that refuse a worker from a blob.
function inlineBackend(wasm) {
  let ready = null;
  return () => {
    ready ??= globalThis.createKzrulesEngine(wasm ? { wasmBinary: wasm } : {}).then((engine) => engine.cwrap('kzrules_call', 'string', ['string']));
    return ready.then((call) => ({
      send: async (request) => {
        const started = performance.now();
        const text = call(request);
        return { text, ms: performance.now() - started };
      },
      stop: null,  // a call on this thread cannot be interrupted; it ends on its own
    }));
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
  call(request, { lane = 'live', key = null } = {}) {
    return (lane === 'analysis' ? this.analysis : this.live).call(request, key);
  }

  stopAnalysis() {
    if (this.analysis !== this.live) this.analysis.stop();
  }
}

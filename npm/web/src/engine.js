// Talks to the check engine: a Web Worker (worker.js) so that a long input never freezes
// the page; on file:// in Chromium, where workers cannot start, the same script in-page.

const CHECK_TIMEOUT_MS = 30000;

export class Engine {
  constructor(url) {
    this.url = url;
    this.nextId = 1;
    this.pending = new Map();
    this.mode = "worker";
    this.start();
  }

  start() {
    this.inPage = null;
    try {
      this.worker = new Worker(this.url);
    } catch {
      this.worker = null;
      this.fallback();
      return;
    }
    this.worker.onmessage = (event) => this.settle(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      // The worker script could not load (or crashed before answering): run in-page.
      if (this.worker) this.worker.terminate();
      this.worker = null;
      this.fallback();
    };
  }

  fallback() {
    this.mode = "page";
    this.inPage = new Promise((resolve, reject) => {
      if (globalThis.kubecisEngine) return resolve(globalThis.kubecisEngine);
      const script = document.createElement("script");
      script.src = this.url;
      script.onload = () => resolve(globalThis.kubecisEngine);
      script.onerror = () => reject(new Error(`could not load ${this.url}`));
      document.head.appendChild(script);
    });
    // Re-send what was waiting for the worker.
    for (const [id, p] of this.pending) this.dispatch(id, p.message);
  }

  settle(data) {
    const p = this.pending.get(data.id);
    if (!p) return;
    this.pending.delete(data.id);
    clearTimeout(p.timer);
    if (data.error) p.reject(new Error(data.error));
    else p.resolve(data);
    if (data.restart && this.worker) this.restart();
  }

  dispatch(id, message) {
    if (this.worker) this.worker.postMessage(message);
    else if (this.inPage) {
      this.inPage.then((engine) => engine.handle(message)).then((data) => this.settle(data), (error) => this.settle({ id, error: String(error.message || error) }));
    }
  }

  restart() {
    this.worker.terminate();
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error("the check engine was restarted"));
    }
    this.pending.clear();
    this.start();
  }

  request(message) {
    const id = this.nextId++;
    message = { ...message, id };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // A check that runs away: kill the worker and start a fresh one.
        if (this.worker && this.pending.has(id)) {
          this.pending.delete(id);
          this.restart();
          reject(new Error(`the check took longer than ${CHECK_TIMEOUT_MS / 1000} s and was stopped`));
        }
      }, CHECK_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer, message });
      this.dispatch(id, message);
    });
  }

  meta() {
    return this.request({ type: "meta" }).then((data) => data.meta);
  }

  check(documents, options) {
    return this.request({ type: "check", documents, options });
  }
}

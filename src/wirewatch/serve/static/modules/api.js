// Reads from the HTTP API and the server-sent event stream.

/** GET a JSON endpoint; null when the endpoint does not exist (older/newer servers differ). */
export async function getJSON(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
  }
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  if (res.status === 404 || res.status === 405) return null;
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

/**
 * Subscribe to /stream. `handlers` maps event names (article, event, alert) to callbacks;
 * `onStatus` gets "live" / "reconnecting". EventSource reconnects by itself.
 */
export function openStream(handlers, onStatus) {
  const es = new EventSource("/stream");
  es.onopen = () => onStatus("live");
  es.onerror = () => onStatus(es.readyState === EventSource.CLOSED ? "closed" : "reconnecting");
  for (const [name, fn] of Object.entries(handlers)) {
    es.addEventListener(name, (msg) => {
      let data;
      try {
        data = JSON.parse(msg.data);
      } catch {
        return;
      }
      fn(data);
    });
  }
  return es;
}

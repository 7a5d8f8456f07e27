// Leaflet and its cluster plugin are fetched when the first map mounts, not with the app.
// scripts/postbuild.sh names their (content-hashed) files in index.html:
// <meta name="hj-leaflet" content="/leaflet-….css /leaflet-….js /leaflet_markercluster-….js">.
let loading;

function add(url) {
  return new Promise((resolve, reject) => {
    const el = url.endsWith('.css')
      ? Object.assign(document.createElement('link'), { rel: 'stylesheet', href: url })
      : Object.assign(document.createElement('script'), { src: url, async: false });
    el.onload = () => resolve();
    el.onerror = () => { el.remove(); reject(new Error(`${url} could not be loaded`)); };
    document.head.append(el);
  });
}

/** Resolves once `L` and `L.markerClusterGroup` exist; a failed load is retried next time. */
export function loadLeaflet() {
  if (window.L && window.L.markerClusterGroup) return Promise.resolve();
  if (!loading) {
    const urls = (document.querySelector('meta[name="hj-leaflet"]')?.content ?? '').split(/\s+/).filter(Boolean);
    const css = urls.filter((u) => u.endsWith('.css'));
    const scripts = urls.filter((u) => u.endsWith('.js'));
    // The stylesheet in parallel; the plugin only after Leaflet itself.
    loading = Promise.all([
      ...css.map(add),
      scripts.reduce((done, url) => done.then(() => add(url)), Promise.resolve()),
    ]).catch((e) => { loading = undefined; throw e; });
  }
  return loading;
}
